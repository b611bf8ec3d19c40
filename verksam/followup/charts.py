"""Charts of indicators and follow-up: drawn by matplotlib, SVG for pages and PNG for documents.

Every chart comes with a sentence describing it (the image's alt text and the
figure's caption) and with its data as a table of formatted strings, so that a
screen reader, a printout or a document gets the same facts as the picture.
Statuses are drawn as colour *and* symbol (✓ ◐ ✗ –), never by colour alone;
the palette is Okabe and Ito's, which stays distinguishable with the common
kinds of colour blindness.

The functions take plain data, never model instances, so the document
generator and the pages share them. Figures are made with matplotlib's
object API (``Figure``), never with pyplot, whose global state is not safe in
a threaded web server. Pages must not inline the SVG: matplotlib writes a
``<style>`` element and style attributes, which the Content Security Policy of
HTML pages forbids; views serve it as an image instead.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from verksam.followup.choices import STATUS_LABELS, STATUS_SYMBOLS
from verksam.indicators.selectors import format_value

if TYPE_CHECKING:
    from matplotlib.figure import Figure

logger = logging.getLogger(__name__)

INK = "#1b1f24"
MUTED = "#4f5863"
GRID = "#c9d0d7"
#: Okabe–Ito colours: blue for measured values, vermillion for targets.
MEASURED_COLOUR = "#0072B2"
TARGET_COLOUR = "#D55E00"
#: Fill of each status; the symbol drawn on it says the same in black ink.
STATUS_COLOURS = {
    "met": "#009E73",
    "done": "#009E73",
    "partly_met": "#E69F00",
    "ongoing": "#E69F00",
    "not_met": "#D55E00",
    "stopped": "#D55E00",
    "not_assessed": "#D0D4D9",
    "not_started": "#D0D4D9",
}
#: The order statuses are listed in: goals' scale, then activities'.
STATUS_ORDER = (
    "met",
    "partly_met",
    "not_met",
    "not_assessed",
    "done",
    "ongoing",
    "not_started",
    "stopped",
)
GOAL_STATUSES = STATUS_ORDER[:4]
NO_VALUE = "–"

#: Held while an SVG is written with settings of its own (see Chart.svg).
_SVG_SETTINGS = threading.Lock()
#: How many characters of SVG and bytes of PNG the drawn charts kept may add up to.
DRAWN_CHARTS_LIMIT = 16 * 1024 * 1024

#: The formats a chart is drawn in, with the options `Chart.file` takes for each.
FILE_OPTIONS = {"svg": {"titled": True, "text_as_paths": True}, "png": {"dpi": 150}}

_STYLE_ELEMENT = re.compile(r'<style type="text/css">\s*\*\s*\{([^{}<]*)\}\s*</style>')
_START_TAG = re.compile(
    r'<(?P<name>[A-Za-z][\w:.-]*)(?P<attributes>(?:\s+[\w:.-]+="[^"]*")*)\s*(?P<end>/?)>'
)
_ATTRIBUTE = re.compile(r'([\w:.-]+)="([^"]*)"')
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?")


@cache
def _matplotlib() -> None:
    """Load matplotlib when the first chart is drawn, not when a page imports this module."""
    import matplotlib as mpl

    # A fixed salt makes the ids in the SVG, and so the whole file, the same for
    # the same chart. Set once, to a constant, so concurrent renders agree.
    if mpl.rcParams["svg.hashsalt"] is None:
        mpl.rcParams["svg.hashsalt"] = "verksam"


def format_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """A number as the active language writes it: 12 345,5 in Swedish, 12,345.5 in English."""
    if value is None:
        return NO_VALUE
    # Half up, as the pages round (Decimal's default would round 0.5 to even).
    return format_value(value if isinstance(value, Decimal) else Decimal(str(value)), decimals)


def status_text(status: str) -> str:
    """A status as symbol and words, e.g. "✓ met" ("✓ uppfyllt" in Swedish)."""
    status = status or "not_assessed"
    return f"{STATUS_SYMBOLS.get(status, '?')} {STATUS_LABELS.get(status, status)}"


@dataclass(frozen=True)
class ChartTable:
    """A chart's data as text: the first column of each row is the row's header."""

    headers: list[str]
    rows: list[list[str]]


class DrawnCharts:
    """Charts drawn lately, kept by what they show and how they were drawn.

    A document draws its charts every time it is made; the interim report, the annual
    report and the report to the board of a plan show the same indicators; a dashboard
    draws its charts for every visitor. The same data drawn the same way gives the same
    file, so each is drawn once and kept, the least recently used given up first once
    the files add up to more than `limit` characters or bytes. Safe across threads: two
    threads asking for the same new chart may both draw it, and keep one.

    A file being drawn elsewhere (see `drawing_meanwhile`) is expected: asking for it
    waits for that drawing instead of drawing it again.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._files: OrderedDict[Hashable, str | bytes] = OrderedDict()
        self._expected: dict[Hashable, Callable[[], str | bytes]] = {}
        self._size = 0
        self._lock = threading.Lock()

    def get_or_draw(self, key: Hashable | None, draw: Callable[[], str | bytes]):
        """The file kept for `key`, or else the one `draw` makes, kept from now on.

        A key that cannot be hashed (a signalling NaN among the values, say) is drawn
        every time, like a chart without a key.
        """
        try:
            hash(key)
        except TypeError:
            key = None
        if key is None:
            return draw()
        with self._lock:
            drawn = self._files.get(key)
            if drawn is not None:
                self._files.move_to_end(key)
                return drawn
            expected = self._expected.pop(key, None)
        drawn = _waited_for(expected, draw) if expected is not None else draw()
        self.keep(key, drawn)
        return drawn

    def expect(self, key: Hashable, drawn: Callable[[], str | bytes]) -> None:
        """Have the file for `key` come from `drawn`, which waits for it, when asked for."""
        with self._lock:
            if key not in self._files:
                self._expected[key] = drawn

    def forget_expected(self, keys: Iterable[Hashable]) -> None:
        """No longer expect the files for `keys` that nobody asked for."""
        with self._lock:
            for key in keys:
                self._expected.pop(key, None)

    def keep(self, key: Hashable, drawn: str | bytes) -> None:
        """Keep `drawn` for `key`, unless a file is kept for it already."""
        with self._lock:
            if key not in self._files:
                self._files[key] = drawn
                self._size += len(drawn)
                while self._size > self.limit and len(self._files) > 1:
                    _key, given_up = self._files.popitem(last=False)
                    self._size -= len(given_up)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._files

    def __len__(self) -> int:
        return len(self._files)

    def clear(self) -> None:
        with self._lock:
            self._files.clear()
            self._expected.clear()
            self._size = 0


def _waited_for(expected: Callable[[], str | bytes], draw: Callable[[], str | bytes]):
    """The file `expected` gives, or if the process drawing it failed, the one `draw` makes."""
    try:
        return expected()
    except Exception:
        logger.warning("A chart drawn in another process failed; drawing it here", exc_info=True)
        return draw()


#: The charts of this process, see DrawnCharts.
drawn_charts = DrawnCharts(DRAWN_CHARTS_LIMIT)


@dataclass
class Chart:
    """A drawn chart with its caption sentence and its data as a table.

    `key` is what the chart shows, as its chart function was given it, with the language
    its words were written in: charts with the same key look the same, so each of its
    files is drawn once (see DrawnCharts). A chart without a key is drawn every time.
    """

    title: str
    description: str
    table: ChartTable
    draw: Callable[[Figure], None] = field(repr=False, compare=False)
    width: float = 7.0  # inches
    height: float = 3.5
    key: Hashable | None = field(default=None, repr=False, compare=False)

    def figure(self, *, titled: bool = True) -> Figure:
        _matplotlib()
        from matplotlib.figure import Figure

        figure = Figure(figsize=(self.width, self.height), layout="constrained", facecolor="white")
        self.draw(figure)
        if not titled and figure._suptitle is not None:
            # A page names the chart in its own heading; the drawn title would only repeat it.
            figure._suptitle.set_visible(False)
        return figure

    def svg(self, *, titled: bool = True, text_as_paths: bool = True) -> str:
        """The chart as an SVG document without XML prolog; the same for the same data.

        ``titled=False`` leaves the drawn title out, for a page whose heading names the chart;
        the SVG's own <title> still names the image opened on its own.

        ``text_as_paths=False`` writes the text as <text> in the DejaVu Sans font instead of
        drawing each glyph as a path: a third of the size and much quicker to lay out for
        a PDF, whose maker has the font, but a browser without the font would substitute
        another one, so pages keep the paths.
        """
        return self.file("svg", titled=titled, text_as_paths=text_as_paths)

    def png(self, dpi: int = 150) -> bytes:
        """The chart as a PNG image for documents."""
        return self.file("png", dpi=dpi)

    def file(self, file_format: str, **options):
        """The chart as `file_format` ("svg" or "png") with the options of `svg` or `png`."""
        options = {**FILE_OPTIONS[file_format], **options}
        return drawn_charts.get_or_draw(
            self._drawing_key(file_format, options), lambda: self._draw(file_format, options)
        )

    def _draw(self, file_format: str, options: dict):
        if file_format == "svg":
            return self._draw_svg(**options)
        return self._draw_png(**options)

    def _drawing_key(self, file_format: str, options: dict) -> Hashable | None:
        # The axes' numbers are formatted while the chart is drawn, in the language then
        # active, which may differ from the one its words were written in.
        if self.key is None:
            return None
        return (
            self.key,
            self.title,
            self.description,
            self.width,
            self.height,
            get_language(),
            file_format,
            tuple(sorted(options.items())),
        )

    def _draw_svg(self, *, titled: bool = True, text_as_paths: bool = True) -> str:
        import matplotlib as mpl

        buffer = io.BytesIO()
        # The font type is a global setting: the lock keeps another thread's chart from
        # being written with this one's while it is set.
        # The salt is given here too: a context restores what was set inside it, so a
        # salt set by the first chart drawn in here would be lost for the later ones.
        settings = {"svg.fonttype": "path" if text_as_paths else "none", "svg.hashsalt": "verksam"}
        with _SVG_SETTINGS, mpl.rc_context(settings):
            self.figure(titled=titled).savefig(
                buffer,
                format="svg",
                metadata={"Date": None, "Title": self.title, "Description": self.description},
            )
        # With a Title, matplotlib also writes a <title>, naming the image opened on its own.
        svg = _PROLOG.sub("", buffer.getvalue().decode("utf-8"), count=1)
        return svg if text_as_paths else presentation_attributes(svg)

    def _draw_png(self, dpi: int = 150) -> bytes:
        buffer = io.BytesIO()
        self.figure().savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()


def draw_ahead(charts: Iterable[Chart], file_format: str, **options) -> None:
    """Draw the files of `charts` that `Chart.file` will be asked for, several at once.

    A document asks for all its charts, one after the other, and matplotlib draws
    them on one core: here those not drawn yet are drawn in parallel processes
    (verksam.core.processes) and kept, so that each `chart.file(file_format,
    **options)` afterwards finds its file kept. A chart without a key is drawn when
    it is asked for, as before.
    """
    from verksam.core.processes import map_in_processes

    options = {**FILE_OPTIONS[file_format], **options}
    wanted = _not_drawn(charts, file_format, options)
    if not wanted:
        return
    # The first is drawn here: what matplotlib loads and caches on its first chart
    # (fonts, text layout; half a second) is then loaded once, before the children
    # are forked, instead of in every child every time.
    (first_key, first), *others = wanted.items()
    drawn_charts.keep(first_key, first._draw(file_format, options))
    files = map_in_processes(lambda item: item[1]._draw(file_format, options), others)
    for (key, _chart), drawn in zip(others, files, strict=True):
        drawn_charts.keep(key, drawn)


@contextmanager
def drawing_meanwhile(charts: Iterable[Chart], file_format: str, **options) -> Iterator[None]:
    """Draw the files of `charts` in other processes while the block goes on.

    For work that keeps this process busy and needs the charts only later, such as
    a PDF, which is laid out page by page before any chart is drawn on a page: the
    charts not drawn yet are drawn in forked children meanwhile (see
    verksam.core.processes.in_background), and `chart.file(file_format, **options)`
    in the block waits for its own. What the block did not ask for is not kept.
    """
    from verksam.core.processes import in_background

    options = {**FILE_OPTIONS[file_format], **options}
    wanted = _not_drawn(charts, file_format, options)
    with in_background(lambda chart: chart._draw(file_format, options), wanted.values()) as files:
        for key, drawn in zip(wanted, files, strict=True):
            drawn_charts.expect(key, drawn)
        try:
            yield
        finally:
            drawn_charts.forget_expected(wanted)


def _not_drawn(charts: Iterable[Chart], file_format: str, options: dict) -> dict[Hashable, Chart]:
    """The charts whose file in `file_format` with `options` is not kept, by their key."""
    wanted: dict[Hashable, Chart] = {}
    for chart in charts:
        if not isinstance(chart, Chart):  # a figure drawn some other way
            continue
        key = chart._drawing_key(file_format, options)
        try:
            if key is None or key in drawn_charts or key in wanted:
                continue
        except TypeError:  # a key that cannot be hashed: drawn when asked for
            continue
        wanted[key] = chart
    return wanted


def presentation_attributes(svg: str) -> str:
    """matplotlib's SVG with its styles written as attributes, for WeasyPrint: the same image.

    matplotlib styles each element with a style attribute, and every element with a
    rule for all (``*``) in a <style> element. WeasyPrint parses each style attribute
    with a CSS parser as it draws: a fifth of the time the charts of a long PDF took.
    As attributes, the same declarations are only read. CSS ranks the style attribute
    above the rule for all and both above an attribute, and so does this: each
    element's attributes are its own, then the rule's, then its style's. An SVG whose
    <style> holds anything but one rule for all is left as it is.
    """
    style_element = _STYLE_ELEMENT.search(svg)
    if style_element is None:
        return svg
    for_all = _declarations(style_element.group(1))

    def rewritten(tag: re.Match) -> str:
        attributes = dict(_ATTRIBUTE.findall(tag.group("attributes")))
        own_style = _declarations(attributes.pop("style", ""))
        merged = {**attributes, **for_all, **own_style}
        written = "".join(f' {name}="{value}"' for name, value in merged.items())
        return f"<{tag.group('name')}{written}{tag.group('end')}>"

    svg = svg[: style_element.start()] + svg[style_element.end() :]
    return _START_TAG.sub(rewritten, svg)


def _declarations(text: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in text.split(";") if ":" in part)
    return {name.strip(): value.strip() for name, value in pairs}


def _shorten(text: str, length: int = 42) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _title(figure: Figure, title: str) -> None:
    figure.suptitle(title, x=0.01, ha="left", fontsize=11, color=INK, fontweight="bold")


def _style_axes(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(MUTED)
    axes.tick_params(colors=INK, labelsize=9)


def _merge_labels(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """Both sequences' labels in one order that keeps the order of each: a label only in
    `second` goes just before the next label both share, or last."""
    merged = list(dict.fromkeys(first))
    pending: list[str] = []
    for label in second:
        if label in merged:
            index = merged.index(label)
            merged[index:index] = pending
            pending = []
        elif label not in pending:
            pending.append(label)
    return merged + pending


def indicator_trend_chart(
    name: str,
    unit: str,
    points: Sequence[tuple[str, float | Decimal | None]],
    targets: Sequence[tuple[str, float | Decimal | None]] = (),
    decimals: int = 0,
    direction: str = "higher",
    periods: Sequence[str] | None = None,
) -> Chart:
    """Measured values of an indicator per period as a line, with its targets as a dashed line.

    `points` and `targets` are (period label, value) in time order; every value
    is written on the chart. `direction` is "higher" or "lower" (is better).
    `periods` gives the order of all the labels when the two lists alone cannot
    (targets only for periods after the last value, say).
    """
    points = [(label, value) for label, value in points if value is not None]
    targets = [(label, value) for label, value in targets if value is not None]
    labels = _merge_labels([label for label, _v in points], [label for label, _v in targets])
    if periods is not None:
        rank = {label: index for index, label in enumerate(periods)}
        labels.sort(key=lambda label: rank.get(label, len(rank)))
    measured = dict(points)
    target_values = dict(targets)
    title = f"{name} ({unit})" if unit else name
    better = _("Higher is better.") if direction != "lower" else _("Lower is better.")

    def with_unit(value) -> str:
        text = format_number(value, decimals)
        return f"{text} {unit}" if unit else text

    if points:
        last_label, last_value = points[-1]
        sentence = ngettext(
            "Line chart of %(name)s for %(count)d period, %(first)s; "
            "the latest value is %(value)s (%(period)s).",
            "Line chart of %(name)s for %(count)d periods, %(first)s to %(last)s; "
            "the latest value is %(value)s (%(period)s).",
            len(points),
        ) % {
            "name": name,
            "count": len(points),
            "first": points[0][0],
            "last": last_label,
            "value": with_unit(last_value),
            "period": last_label,
        }
        if last_label in target_values:
            sentence += " " + _("The target for %(period)s is %(value)s.") % {
                "period": last_label,
                "value": with_unit(target_values[last_label]),
            }
        elif targets:
            sentence += " " + _("The last target is %(value)s (%(period)s).") % {
                "period": targets[-1][0],
                "value": with_unit(targets[-1][1]),
            }
    elif targets:
        sentence = _(
            "No values of %(name)s have been measured yet; the last target is %(value)s."
        ) % {
            "name": name,
            "value": with_unit(targets[-1][1]),
        }
    else:
        sentence = _("No values or targets of %(name)s yet.") % {"name": name}
    description = f"{sentence} {better}"

    value_header = _("Measured value")
    target_header = _("Target")
    if unit:
        value_header = f"{value_header} ({unit})"
        target_header = f"{target_header} ({unit})"
    table = ChartTable(
        headers=[_("Period"), value_header, target_header],
        rows=[
            [
                label,
                format_number(measured.get(label), decimals),
                format_number(target_values.get(label), decimals),
            ]
            for label in labels
        ],
    )
    measured_label = _("Measured value")
    target_label = _("Target")
    arrow = "↑ " if direction != "lower" else "↓ "
    empty_text = _("No values yet")

    def draw(figure: Figure) -> None:
        from matplotlib.patches import Patch
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        axes = figure.subplots()
        _style_axes(axes)
        _title(figure, title)
        position = {label: index for index, label in enumerate(labels)}
        all_values = [float(v) for _l, v in points] + [float(v) for _l, v in targets]
        if not labels:
            axes.text(
                0.5,
                0.5,
                empty_text,
                ha="center",
                va="center",
                color=MUTED,
                transform=axes.transAxes,
            )
            axes.set_xticks([])
            axes.set_yticks([])
            return
        if targets:
            axes.plot(
                [position[label] for label, _v in targets],
                [float(v) for _l, v in targets],
                color=TARGET_COLOUR,
                linestyle="--",
                linewidth=1.5,
                marker="D",
                markersize=6,
                label=target_label,
                zorder=2,
            )
            for label, value in targets:
                below = label not in measured or measured[label] >= value
                axes.annotate(
                    format_number(value, decimals),
                    (position[label], float(value)),
                    textcoords="offset points",
                    xytext=(0, -9 if below else 9),
                    ha="center",
                    va="top" if below else "bottom",
                    fontsize=8,
                    color=INK,
                )
        if points:
            axes.plot(
                [position[label] for label, _v in points],
                [float(v) for _l, v in points],
                color=MEASURED_COLOUR,
                linewidth=2.2,
                marker="o",
                markersize=6,
                label=measured_label,
                zorder=3,
            )
            for label, value in points:
                above = label not in target_values or value >= target_values[label]
                axes.annotate(
                    format_number(value, decimals),
                    (position[label], float(value)),
                    textcoords="offset points",
                    xytext=(0, 9 if above else -9),
                    ha="center",
                    va="bottom" if above else "top",
                    fontsize=8,
                    fontweight="bold",
                    color=INK,
                )
        axes.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 6 else 0)
        axes.set_xlim(-0.5, len(labels) - 0.5)
        low, high = min(all_values), max(all_values)
        span = (high - low) or abs(high) or 1.0
        bottom = 0.0 if low >= 0 else low - 0.15 * span
        axes.set_ylim(bottom, high + 0.18 * span)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=decimals == 0))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, decimals)))
        axes.grid(axis="y", color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        if unit:
            axes.set_ylabel(unit, color=INK, fontsize=9)
        figure.legend(
            loc="outside lower center",
            fontsize=8,
            frameon=False,
            ncols=3,
            handles=[
                *axes.get_legend_handles_labels()[0][::-1],
                Patch(visible=False, label=arrow + better.rstrip(".")),
            ],
        )

    key = (
        "indicator_trend",
        name,
        unit,
        tuple(points),
        tuple(targets),
        decimals,
        direction,
        tuple(labels),
        get_language(),
    )
    return Chart(title=title, description=description, table=table, draw=draw, key=key)


def _statuses_in_order(statuses: Iterable[str]) -> list[str]:
    present = set(statuses)
    shown = [s for s in STATUS_ORDER if s in present or s in GOAL_STATUSES]
    # Activity statuses only when they occur, so a goal plan shows the four goal statuses.
    return [s for s in shown if s in GOAL_STATUSES or s in present]


def _count_sentence(counts: Mapping[str, int], statuses: Sequence[str]) -> str:
    return ", ".join(f"{counts.get(s, 0)} {STATUS_LABELS.get(s, s)}" for s in statuses)


def status_chart(
    title: str,
    rows: Sequence[tuple[str, Mapping[str, str]]],
    rounds: Sequence[str],
) -> Chart:
    """The status of each item in each round as a grid: colour, symbol and a legend.

    `rows` are (item title, {round name: status}) in the order to show; a
    missing status counts as not assessed.
    """
    rows = [(item_title, dict(statuses)) for item_title, statuses in rows]
    grid = [[statuses.get(name) or "not_assessed" for name in rounds] for _t, statuses in rows]
    legend_statuses = _statuses_in_order(status for line in grid for status in line)
    if rows and rounds:
        last = rounds[-1]
        last_counts: dict[str, int] = {}
        for line in grid:
            last_counts[line[-1]] = last_counts.get(line[-1], 0) + 1
        description = _(
            "Status of %(items)s in %(rounds)s, one row per item and one column "
            "per round, each cell marked with a symbol. In %(last)s: %(counts)s."
        ) % {
            "items": ngettext("%(count)d item", "%(count)d items", len(rows))
            % {"count": len(rows)},
            "rounds": ngettext("%(count)d round", "%(count)d rounds", len(rounds))
            % {"count": len(rounds)},
            "last": last,
            "counts": _count_sentence(last_counts, legend_statuses),
        }
    else:
        description = _("No statuses to show yet.")
    table = ChartTable(
        headers=[_("Item"), *rounds],
        rows=[
            [item_title, *(status_text(s) for s in line)]
            for (item_title, _s), line in zip(rows, grid, strict=True)
        ],
    )
    legend_labels = [status_text(s) for s in legend_statuses]
    empty_text = _("No statuses yet")
    width = min(11.0, max(6.5, 4.0 + 1.1 * len(rounds)))
    height = 1.6 + 0.42 * max(len(rows), 1)

    def draw(figure: Figure) -> None:
        from matplotlib.patches import Patch, Rectangle

        axes = figure.subplots()
        _title(figure, title)
        for side in axes.spines.values():
            side.set_visible(False)
        axes.tick_params(length=0, colors=INK, labelsize=9)
        if not rows or not rounds:
            axes.text(
                0.5,
                0.5,
                empty_text,
                ha="center",
                va="center",
                color=MUTED,
                transform=axes.transAxes,
            )
            axes.set_xticks([])
            axes.set_yticks([])
            return
        for row_index, line in enumerate(grid):
            for column_index, status in enumerate(line):
                axes.add_patch(
                    Rectangle(
                        (column_index - 0.46, row_index - 0.42),
                        0.92,
                        0.84,
                        facecolor=STATUS_COLOURS.get(status, "#ffffff"),
                        edgecolor=INK,
                        linewidth=0.6,
                    )
                )
                axes.text(
                    column_index,
                    row_index,
                    STATUS_SYMBOLS.get(status, "?"),
                    ha="center",
                    va="center",
                    fontsize=12,
                    fontweight="bold",
                    color=INK,
                )
        axes.set_xlim(-0.5, len(rounds) - 0.5)
        axes.set_ylim(len(rows) - 0.5, -0.5)
        axes.set_xticks(range(len(rounds)), list(rounds))
        axes.xaxis.tick_top()
        axes.set_yticks(range(len(rows)), [_shorten(item_title) for item_title, _s in rows])
        figure.legend(
            handles=[
                Patch(facecolor=STATUS_COLOURS.get(s, "#ffffff"), edgecolor=INK, label=label)
                for s, label in zip(legend_statuses, legend_labels, strict=True)
            ],
            loc="outside lower center",
            ncols=min(5, len(legend_statuses)),
            frameon=False,
            fontsize=9,
        )

    key = (
        "status",
        title,
        tuple((item_title, tuple(line)) for (item_title, _s), line in zip(rows, grid, strict=True)),
        tuple(rounds),
        get_language(),
    )
    return Chart(
        title=title,
        description=description,
        table=table,
        draw=draw,
        width=width,
        height=height,
        key=key,
    )


def status_summary_chart(counts: Mapping[str, int], title: str | None = None) -> Chart:
    """How many items have each status, as horizontal bars labelled with their counts."""
    title = title or _("Status summary")
    statuses = _statuses_in_order(s for s, n in counts.items() if n)
    values = [int(counts.get(s, 0)) for s in statuses]
    total = sum(values)
    description = ngettext(
        "Bar chart of %(total)d item by status: %(counts)s.",
        "Bar chart of %(total)d items by status: %(counts)s.",
        total,
    ) % {
        "total": total,
        "counts": _count_sentence(counts, statuses),
    }
    table = ChartTable(
        headers=[_("Status"), _("Number")],
        rows=[[status_text(s), format_number(n)] for s, n in zip(statuses, values, strict=True)]
        + [[_("Total"), format_number(total)]],
    )
    labels = [status_text(s) for s in statuses]

    def draw(figure: Figure) -> None:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        axes = figure.subplots()
        _style_axes(axes)
        _title(figure, title)
        positions = range(len(statuses))
        bars = axes.barh(
            positions,
            values,
            color=[STATUS_COLOURS.get(s, "#ffffff") for s in statuses],
            edgecolor=INK,
            linewidth=0.8,
            height=0.65,
        )
        axes.bar_label(
            bars, labels=[format_number(v) for v in values], padding=4, fontsize=9, color=INK
        )
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()
        axes.set_xlim(0, max(values + [1]) * 1.15)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v)))
        axes.grid(axis="x", color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)

    return Chart(
        title=title,
        description=description,
        table=table,
        draw=draw,
        width=6.0,
        height=1.2 + 0.45 * len(statuses),
        key=("status_summary", title, tuple(zip(statuses, values, strict=True)), get_language()),
    )
