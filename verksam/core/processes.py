"""Work shared out over forked processes, for steps that keep one core busy in Python.

Python runs one thread's bytecode at a time, so a step that is pure Python, such
as drawing a document's twenty charts with matplotlib, takes one core however
many the machine has. `map_in_processes` forks the process into as many
children as there are cores (and items) and gives each of them items in turn;
a forked child starts with everything the parent has in memory, so the work
needs no pickling, only its results do.

It forks only where that is safe, and otherwise does the work here, one item
after the other, with the same results:

- on Linux, where forking is the operating system's own way to start a process
  (on macOS, system libraries may crash in a forked child; Windows cannot fork);
- from a process with one thread: a child is forked with the calling thread
  alone, and a lock another thread held at that moment would stay locked in the
  child for ever. The task worker and gunicorn's sync workers have one thread;
  the development server and threaded tests do their work here instead;
- with more than one core and more than one item.

A child uses nothing of the parent's but memory: no database connection, no
file written. What the work raises in a child is raised here.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: The work of the children forked last: (function, items), read by `_apply`.
_work: tuple[Callable, Sequence] | None = None
_lock = threading.Lock()


def cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def may_fork() -> bool:
    """Whether a child forked now would be safe: on Linux, from a process with one thread."""
    return sys.platform == "linux" and threading.active_count() == 1


def map_in_processes(
    function: Callable[[Item], Result], items: Sequence[Item], *, processes: int | None = None
) -> list[Result]:
    """`function` applied to each of `items`, in order, in forked children when it is safe.

    `processes` is how many children at most; by default one per core.
    """
    global _work
    items = list(items)
    processes = min(len(items), processes or cores())
    if processes < 2 or not may_fork():
        return [function(item) for item in items]
    with _lock:
        _work = (function, items)
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(processes, mp_context=context) as children:
                return list(children.map(_apply, range(len(items))))
        finally:
            _work = None


def _apply(index: int):
    """In a child: the work's function applied to its item at `index`."""
    function, items = _work
    return function(items[index])
