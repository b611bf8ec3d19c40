"""A library adjustment applied once, whichever thread asks first."""

import threading

import pytest

from verksam.core.once import Once


def test_it_applies_on_the_first_call_only():
    calls = []
    once = Once(lambda: calls.append("applied"))
    assert not once.done
    once()
    once()
    assert calls == ["applied"]
    assert once.done


def test_a_failed_application_is_tried_again():
    calls = []

    def apply():
        calls.append("tried")
        if len(calls) == 1:
            raise RuntimeError("the library is not there yet")

    once = Once(apply)
    with pytest.raises(RuntimeError):
        once()
    assert not once.done
    once()
    assert calls == ["tried", "tried"]
    assert once.done


def test_threads_asking_at_once_apply_it_once():
    calls = []
    start = threading.Barrier(8)

    def apply():
        calls.append("applied")

    once = Once(apply)

    def ask():
        start.wait(5)
        once()

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert calls == ["applied"]
