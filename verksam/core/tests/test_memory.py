"""The garbage collector paused around heavy work, and restored as it was, also when nested."""

import gc
import threading

import pytest

from verksam.core.memory import collection_paused


@pytest.fixture
def collector_on():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on):
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_on_again(collector_on):
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("layout failed")
    assert gc.isenabled()


def test_nested_pauses_turn_it_on_when_the_outermost_ends(collector_on):
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    gc.enable()


def test_two_threads_pausing_at_once_leave_it_on_after_both(collector_on):
    first_inside = threading.Event()
    second_done = threading.Event()
    seen = {}

    def first():
        with collection_paused():
            first_inside.set()
            second_done.wait(5)
            seen["first, after the second ended"] = gc.isenabled()

    def second():
        first_inside.wait(5)
        with collection_paused():
            pass
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert seen == {"first, after the second ended": False}
    assert gc.isenabled()
