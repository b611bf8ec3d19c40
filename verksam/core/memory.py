"""Pausing Python's cyclic garbage collector around work that builds a large, short-lived heap.

Laying a long document out as PDF makes a few hundred thousand objects (boxes,
styles, text layouts) that all live until the file is written. While they pile
up, the collector runs its full collections again and again over a heap that
only grows and holds little garbage: a quarter of the time of an annual
report's PDF. ``collection_paused`` switches it off for such a stretch and
back on afterwards; reference counting still frees everything that is not in
a cycle, and the next collection after the pause frees the cycles made during
it. What it costs is memory: a 100-page report peaks some 50 MB higher.

The collector is the whole process's, so the pause is counted: with several
threads in paused stretches at once, it comes back on when the last one ends,
and only if it was on when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, then restore it as it was."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
