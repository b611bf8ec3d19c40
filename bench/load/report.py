"""The load test's arithmetic, apart from any server or database: percentiles, the table
of latencies, and which acknowledged writes a database has lost."""

from dataclasses import dataclass
from decimal import Decimal

PERCENTILES = (50, 90, 95, 99)


@dataclass
class ExpectedWrite:
    """One write as the client sent it, and whether the server acknowledged it (2xx)."""

    fields: dict
    acknowledged: bool = False


def percentile(sorted_values: list[float], percent: float) -> float:
    """The nearest-rank percentile of values sorted in ascending order."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, -(-len(sorted_values) * percent // 100))  # ceil(n * p / 100), at least 1
    return sorted_values[int(rank) - 1]


def statuses_text(statuses: list[int]) -> str:
    """How many answers had each status, as "200x41 302x1" (0 is a connection error)."""
    counts: dict[int, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return " ".join(f"{status}x{count}" for status, count in sorted(counts.items()))


def latency_table(timings: list[tuple[str, float, bool, int]], seconds: float) -> str:
    """Per kind of request: count, requests a second, percentiles and maximum in ms, errors
    (answers without the status the request must have) and the statuses answered."""
    kinds: dict[str, list[tuple[float, bool, int]]] = {}
    for kind, milliseconds, ok, status in timings:
        kinds.setdefault(kind, []).append((milliseconds, ok, status))
    header = (
        f"{'request':<28} {'n':>6} {'req/s':>7} "
        + " ".join(f"{'p' + str(p):>7}" for p in PERCENTILES)
        + f" {'max':>7} {'errors':>6}  statuses"
    )
    lines = [header + "   (milliseconds)", "-" * len(header)]
    rows = sorted(kinds.items()) + [("all", [entry[1:] for entry in timings])]
    for kind, entries in rows:
        if not entries:
            continue
        times = sorted(ms for ms, _ok, _status in entries)
        lines.append(
            f"{kind:<28} {len(times):>6} {len(times) / seconds:>7.1f} "
            + " ".join(f"{percentile(times, p):>7.0f}" for p in PERCENTILES)
            + f" {times[-1]:>7.0f} {sum(not ok for _ms, ok, _s in entries):>6}  "
            + statuses_text([status for _ms, _ok, status in entries])
        )
    return "\n".join(lines)


def _same(expected: dict, found: dict, decimal_fields: set[str]) -> bool:
    for name, value in expected.items():
        if name in decimal_fields:
            if Decimal(value) != found[name]:
                return False
        elif value != found[name]:
            return False
    return True


def missing_writes(
    label: str,
    history: list[ExpectedWrite],
    found: dict | None,
    decimal_fields: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """What is lost of one object's writes, made in this order by one client: [] when the
    database holds the last acknowledged write exactly, otherwise a line saying what differs.

    A write that was not acknowledged (an error or a timeout) may or may not have been
    made, so after the last acknowledged write either it or one of those is accepted."""
    last = max((i for i, write in enumerate(history) if write.acknowledged), default=None)
    if last is None:
        return []
    candidates = [history[last].fields] + [write.fields for write in history[last + 1 :]]
    if found is None:
        return [f"{label}: missing; expected {history[last].fields}"]
    if any(_same(fields, found, decimal_fields) for fields in candidates):
        return []
    shown = {name: found[name] for name in history[last].fields}
    return [f"{label}: expected {history[last].fields}, found {shown}"]
