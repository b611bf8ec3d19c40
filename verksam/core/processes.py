"""Work shared out over forked processes, for steps that keep one core busy in Python.

Python runs one thread's bytecode at a time, so a step that is pure Python, such
as drawing a document's twenty charts with matplotlib, takes one core however
many the machine has. `map_in_processes` forks the process into as many
children as there are cores (and items) and gives each of them items in turn;
a forked child starts with everything the parent has in memory, so the work
needs no pickling, only its results do. `in_background` does the same while the
process goes on with other work, such as laying out the PDF those charts go in,
and waits for each result only when it is asked for.

It forks only where that is safe, and otherwise does the work here, one item
after the other, with the same results:

- on Linux, where forking is the operating system's own way to start a process
  (on macOS, system libraries may crash in a forked child; Windows cannot fork);
- from a process with one thread: a child is forked with the calling thread
  alone, and a lock another thread held at that moment would stay locked in the
  child for ever. The task worker and gunicorn's sync workers have one thread;
  the development server and threaded tests do their work here instead;
- with a core for each child: `map_in_processes` forks with more than one core
  and more than one item, `in_background` with a core besides the one the
  process keeps busy.

A child uses nothing of the parent's but memory: no database connection, no
file written. What the work raises in a child is raised here.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
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
    items = list(items)
    processes = min(len(items), processes or cores())
    if processes < 2:
        return [function(item) for item in items]
    with in_background(function, items, processes=processes) as results:
        return [result() for result in results]


@contextmanager
def in_background(
    function: Callable[[Item], Result], items: Sequence[Item], *, processes: int | None = None
) -> Iterator[list[Callable[[], Result]]]:
    """`function` applied to each of `items` in forked children while the block runs.

    Gives, for each item in order, a function that returns its result, waiting
    for the child that works on it, or raises what the child raised. The
    children start at once and the block goes on meanwhile. `processes` is how
    many children at most; by default one per core but the one this process
    keeps busy. Where forking is not safe, or with one core, each result is
    worked out here when it is first asked for. What is not done when the block
    ends is given up.
    """
    global _work
    items = list(items)
    processes = min(len(items), processes or cores() - 1)
    if processes < 1 or not may_fork():
        yield [functools.cache(functools.partial(function, item)) for item in items]
        return
    context = multiprocessing.get_context("fork")
    children = ProcessPoolExecutor(processes, mp_context=context)
    try:
        # The children are forked at the first submit, all of them, with the work in memory.
        with _lock:
            _work = (function, items)
            try:
                futures = [children.submit(_apply, index) for index in range(len(items))]
            finally:
                _work = None
        yield [future.result for future in futures]
    finally:
        children.shutdown(wait=True, cancel_futures=True)


def _apply(index: int):
    """In a child: the work's function applied to its item at `index`."""
    function, items = _work
    return function(items[index])
