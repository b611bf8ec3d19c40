"""A change to a library that a process makes once, whichever thread asks for it first."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Once:
    """Calls `apply` the first time it is called, in this process, and never again.

    For adjustments to a library's internals (see documents.leaders): the first
    caller applies it, under a lock so that two threads cannot both apply it;
    `done` says whether it has been.
    """

    def __init__(self, apply: Callable[[], None]) -> None:
        self._apply = apply
        self._lock = threading.Lock()
        self.done = False
        self.__doc__ = apply.__doc__

    def __call__(self) -> None:
        with self._lock:
            if not self.done:
                self._apply()
                self.done = True
