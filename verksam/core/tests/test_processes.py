"""Work shared out over forked children when that is safe, and done here otherwise."""

import os
import threading

import pytest

from verksam.core import processes
from verksam.testing import printed_by


@pytest.fixture
def two_cores(monkeypatch):
    """A machine with two cores, whatever this one has (a child runs on any core)."""
    monkeypatch.setattr(processes, "cores", lambda: 2)


def _pid_and_square(number):
    return os.getpid(), number * number


CHILDREN_SCRIPT = """
import os
from verksam.core import processes
processes.cores = lambda: 2
assert processes.may_fork()
def pid_and_square(number):
    return os.getpid(), number * number
results = processes.map_in_processes(pid_and_square, range(12))
assert [square for _pid, square in results] == [n * n for n in range(12)], results
assert os.getpid() not in {pid for pid, _square in results}, results
print("forked", len({pid for pid, _square in results}))
"""


def test_it_gives_the_results_in_order_from_forked_children():
    # In a process of its own: a test session may have other threads (a live server).
    printed = printed_by(CHILDREN_SCRIPT, timeout=120).split()
    assert printed[0] == "forked"
    assert 1 <= int(printed[1]) <= 2


def test_the_work_may_be_a_closure_nothing_can_pickle(two_cores):
    offset = 10
    lock = threading.Lock()  # cannot be pickled: the children inherit it by forking

    def add(number):
        with lock:
            return number + offset

    assert processes.map_in_processes(add, [1, 2, 3]) == [11, 12, 13]


def test_it_raises_what_a_child_raised(two_cores):
    def divide(number):
        return 1 / number

    with pytest.raises(ZeroDivisionError):
        processes.map_in_processes(divide, [1, 0, 2])


def test_it_works_here_while_another_thread_runs(two_cores):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not processes.may_fork()
        results = processes.map_in_processes(_pid_and_square, range(4))
    finally:
        stop.set()
        other.join()
    assert {pid for pid, _square in results} == {os.getpid()}
    assert [square for _pid, square in results] == [0, 1, 4, 9]


def test_it_works_here_with_one_core_or_one_item(monkeypatch):
    monkeypatch.setattr(processes, "cores", lambda: 1)
    assert {pid for pid, _s in processes.map_in_processes(_pid_and_square, range(3))} == {
        os.getpid()
    }
    monkeypatch.setattr(processes, "cores", lambda: 4)
    assert processes.map_in_processes(_pid_and_square, [3]) == [(os.getpid(), 9)]
    assert processes.map_in_processes(_pid_and_square, []) == []


BACKGROUND_SCRIPT = """
import os
import time
from verksam.core import processes
processes.cores = lambda: 2
def pid_and_square(number):
    return os.getpid(), number * number
with processes.in_background(pid_and_square, range(5)) as results:
    here_meanwhile = os.getpid()  # the block goes on while the child works
    got = [result() for result in results]
assert [square for _pid, square in got] == [n * n for n in range(5)], got
assert here_meanwhile not in {pid for pid, _square in got}, got
print("background", len({pid for pid, _square in got}))
"""


def test_in_background_it_gives_each_result_from_a_forked_child():
    # One child on two cores: the process itself keeps the other busy meanwhile.
    assert printed_by(BACKGROUND_SCRIPT, timeout=120).split() == ["background", "1"]


def test_in_background_it_works_here_when_asked_if_it_may_not_fork(monkeypatch):
    monkeypatch.setattr(processes, "may_fork", lambda: False)
    asked = []

    def square(number):
        asked.append(number)
        return number * number

    with processes.in_background(square, [1, 2, 3]) as results:
        assert asked == []  # nothing worked out before it is asked for
        assert results[2]() == 9
        assert results[2]() == 9
        assert asked == [3]
    assert [result() for result in results] == [1, 4, 9]


def test_in_background_a_result_raises_what_its_work_raised(two_cores):
    def divide(number):
        return 1 / number

    with processes.in_background(divide, [1, 0]) as results:
        assert results[0]() == 1
        with pytest.raises(ZeroDivisionError):
            results[1]()


def test_in_background_what_is_not_asked_for_is_given_up(two_cores):
    with processes.in_background(_pid_and_square, range(3)) as results:
        assert len(results) == 3


def test_in_background_it_works_here_with_one_core(monkeypatch):
    monkeypatch.setattr(processes, "cores", lambda: 1)
    monkeypatch.setattr(processes, "may_fork", lambda: True)
    with processes.in_background(_pid_and_square, range(2)) as results:
        assert [result() for result in results] == [(os.getpid(), 0), (os.getpid(), 1)]
