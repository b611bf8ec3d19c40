"""Tests of the load test's arithmetic; run by hand: .venv/bin/pytest bench/load"""

from decimal import Decimal

from bench.load.report import ExpectedWrite, latency_table, missing_writes, percentile


def test_it_takes_the_nearest_rank_percentile():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 95) == 7


def test_it_accepts_the_last_acknowledged_write():
    history = [
        ExpectedWrite({"value": "1.5", "note": "a"}, acknowledged=True),
        ExpectedWrite({"value": "2.25", "note": "b"}, acknowledged=True),
    ]
    found = {"value": Decimal("2.250000"), "note": "b"}
    assert missing_writes("m", history, found, decimal_fields={"value"}) == []


def test_it_reports_an_older_value_as_lost():
    history = [
        ExpectedWrite({"done": "a"}, acknowledged=True),
        ExpectedWrite({"done": "b"}, acknowledged=True),
    ]
    assert missing_writes("x", history, {"done": "a"}) == [
        "x: expected {'done': 'b'}, found {'done': 'a'}"
    ]
    assert missing_writes("x", history, None) == ["x: missing; expected {'done': 'b'}"]


def test_it_accepts_an_unacknowledged_write_after_the_last_acknowledged_one():
    history = [
        ExpectedWrite({"done": "a"}, acknowledged=True),
        ExpectedWrite({"done": "b"}, acknowledged=False),
    ]
    assert missing_writes("x", history, {"done": "b"}) == []
    assert missing_writes("x", history, {"done": "a"}) == []
    assert missing_writes("x", [ExpectedWrite({"done": "b"})], None) == []


def test_it_counts_errors_per_kind_in_the_table():
    table = latency_table([("read", 10.0, True, 200), ("read", 30.0, False, 302)], seconds=2)
    read = next(line for line in table.splitlines() if line.startswith("read"))
    assert read.split()[1:3] == ["2", "1.0"]
    assert read.split()[-3:] == ["1", "200x1", "302x1"]
