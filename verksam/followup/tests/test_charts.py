"""Charts: SVG for pages and PNG for documents from the same code, with their data as tables."""

import dataclasses
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from verksam.followup import charts
from verksam.testing import printed_by

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _trend() -> charts.Chart:
    return charts.indicator_trend_chart(
        "Physical visits",
        "visits",
        [("2023", Decimal("120500")), ("2024", Decimal("131000")), ("2025", 128000)],
        [("2025", 135000), ("2026", 140000)],
        decimals=0,
        direction="higher",
    )


def _status() -> charts.Chart:
    return charts.status_chart(
        "Status per focus area and round",
        [
            ("Reading promotion", {"T1": "met", "T2": "partly_met"}),
            ("Digital inclusion", {"T1": "not_met"}),
        ],
        ["T1", "T2"],
    )


def _summary() -> charts.Chart:
    return charts.status_summary_chart(
        {"met": 3, "partly_met": 1, "not_met": 0, "not_assessed": 2}, title="Focus areas in T2"
    )


ALL_CHARTS = [_trend, _status, _summary]


@pytest.mark.parametrize("make", ALL_CHARTS)
def test_it_draws_svg_that_parses_as_xml_and_names_the_chart(make):
    chart = make()
    svg = chart.svg()
    assert svg.lstrip().startswith("<svg")  # no XML prolog or doctype
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.find(f"{SVG_NS}title").text == chart.title
    assert chart.title in svg


@pytest.mark.parametrize("make", ALL_CHARTS)
def test_it_draws_the_same_svg_for_the_same_data(make):
    first = make().svg()
    charts.drawn_charts.clear()  # drawn again, not taken from those kept
    assert make().svg() == first


@pytest.mark.parametrize("make", ALL_CHARTS)
def test_it_writes_the_text_as_text_when_asked_and_as_paths_otherwise(make):
    chart = make()
    as_text = ElementTree.fromstring(chart.svg(text_as_paths=False))
    as_paths = ElementTree.fromstring(chart.svg())  # drawn after: the setting did not stay
    texts = ["".join(node.itertext()) for node in as_text.iter(f"{SVG_NS}text")]
    assert any(chart.title in text for text in texts)
    assert not list(as_paths.iter(f"{SVG_NS}text"))


@pytest.mark.parametrize("make", ALL_CHARTS)
def test_it_draws_png_for_documents(make):
    png = make().png(dpi=72)
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 1000


def test_it_gives_the_trend_as_a_table_of_periods_values_and_targets():
    table = _trend().table
    assert table.headers == ["Period", "Measured value (visits)", "Target (visits)"]
    assert table.rows == [
        ["2023", "120,500", "–"],
        ["2024", "131,000", "–"],
        ["2025", "128,000", "135,000"],
        ["2026", "–", "140,000"],
    ]


def test_it_describes_the_trend_in_a_sentence():
    description = _trend().description
    assert "Physical visits" in description
    assert "128,000 visits (2025)" in description
    assert "135,000 visits" in description
    assert "Higher is better." in description


def test_it_writes_numbers_the_swedish_way_in_swedish():
    with translation.override("sv"):
        chart = charts.indicator_trend_chart(
            "Andel nöjda", "%", [("2025", Decimal("1234.56"))], [], decimals=1
        )
        assert charts.format_number(Decimal("1234567.25"), 2) == "1\xa0234\xa0567,25"
    assert chart.table.rows == [["2025", "1\xa0234,6", "–"]]


def test_it_rounds_half_up_like_the_pages():
    assert charts.format_number(Decimal("2.5")) == "3"
    assert charts.format_number(81.25, 1) == "81.3"
    assert charts.format_number(None) == "–"


def test_it_draws_a_trend_without_values_or_targets():
    chart = charts.indicator_trend_chart("Loans", "", [], [])
    assert chart.table.rows == []
    assert "No values or targets" in chart.description
    ElementTree.fromstring(chart.svg())


def test_it_keeps_both_orders_when_targets_name_other_periods():
    chart = charts.indicator_trend_chart(
        "Visits", "", [("2022", 1), ("2024", 3)], [("2023", 2), ("2024", 3), ("2025", 4)]
    )
    assert [row[0] for row in chart.table.rows] == ["2022", "2023", "2024", "2025"]


def test_it_gives_the_status_grid_as_a_table_with_symbols_and_words():
    table = _status().table
    assert table.headers == ["Item", "T1", "T2"]
    assert table.rows == [
        ["Reading promotion", "✓ met", "◐ partly met"],
        ["Digital inclusion", "✗ not met", "– not assessed"],
    ]


def test_it_draws_a_symbol_in_every_status_cell_and_a_legend():
    chart = _status()
    svg = chart.svg()
    # Text is drawn as paths; matplotlib keeps each text as a comment beside them.
    for symbol in ("✓", "◐", "✗", "–"):
        assert f"<!-- {symbol} -->" in svg
    for legend in ("✓ met", "◐ partly met", "✗ not met", "– not assessed"):
        assert f"<!-- {legend} -->" in svg
    assert "2 items in 2 rounds" in chart.description
    assert "In T2: 0 met, 1 partly met, 0 not met, 1 not assessed." in chart.description


def test_it_shows_activity_statuses_only_when_they_occur():
    chart = charts.status_chart("Activities", [("Reading club", {"T1": "done"})], ["T1"])
    assert chart.table.rows == [["Reading club", "✓ done"]]
    assert "<!-- ✓ done -->" in chart.svg()
    assert "ongoing" not in chart.svg()


def test_it_gives_the_summary_as_a_table_with_a_total():
    chart = _summary()
    assert chart.table.headers == ["Status", "Number"]
    assert chart.table.rows == [
        ["✓ met", "3"],
        ["◐ partly met", "1"],
        ["✗ not met", "0"],
        ["– not assessed", "2"],
        ["Total", "6"],
    ]
    assert chart.description == (
        "Bar chart of 6 items by status: 3 met, 1 partly met, 0 not met, 2 not assessed."
    )


def test_it_writes_no_inline_script():
    for make in ALL_CHARTS:
        assert "<script" not in make().svg()


def test_it_orders_the_periods_as_told():
    chart = charts.indicator_trend_chart(
        "Visits", "", [("2024", 3)], [("2021", 1)], periods=["2021", "2024"]
    )
    assert [row[0] for row in chart.table.rows] == ["2021", "2024"]


def test_it_counts_in_the_singular_too():
    trend = charts.indicator_trend_chart("Loans", "", [("2025", 5)], [])
    assert "for 1 period, 2025;" in trend.description
    grid = charts.status_chart("Status", [("Reading", {"T1": "met"})], ["T1"])
    assert grid.description.startswith("Status of 1 item in 1 round,")
    assert charts.status_summary_chart({"met": 1}).description.startswith("Bar chart of 1 item ")


@pytest.fixture
def figures_drawn(monkeypatch):
    """How many matplotlib figures the charts draw, starting with none kept."""
    charts.drawn_charts.clear()
    drawn = []
    figure = charts.Chart.figure

    def counted(chart, **options):
        drawn.append(chart.title)
        return figure(chart, **options)

    monkeypatch.setattr(charts.Chart, "figure", counted)
    yield drawn
    charts.drawn_charts.clear()


@pytest.mark.parametrize("make", ALL_CHARTS)
def test_it_draws_each_file_of_the_same_chart_once(make, figures_drawn):
    svg, print_svg, png = make().svg(), make().svg(text_as_paths=False), make().png(dpi=72)
    assert len(figures_drawn) == 3
    assert make().svg() == svg
    assert make().svg(text_as_paths=False) == print_svg
    assert make().png(dpi=72) == png
    assert len(figures_drawn) == 3


def test_it_draws_a_chart_of_other_data_or_in_another_language_anew(figures_drawn):
    english = _trend().svg()
    other = charts.indicator_trend_chart(
        "Physical visits", "visits", [("2023", Decimal("120501"))], [], direction="higher"
    )
    assert other.svg() != english
    with translation.override("sv"):
        swedish = _trend().svg()
    assert swedish != english
    # The words were written in English; the numbers on the axis are formatted as drawn.
    chart = _trend()
    with translation.override("sv"):
        assert chart.svg() not in (english, swedish)
    assert len(figures_drawn) == 4


def test_it_draws_a_chart_without_a_key_every_time(figures_drawn):
    chart = dataclasses.replace(_summary(), key=None)
    assert chart.svg() == chart.svg()
    assert len(figures_drawn) == 2


def test_it_draws_a_chart_whose_key_cannot_be_hashed_every_time():
    kept = charts.DrawnCharts(limit=100)
    drawings = []

    def draw():
        drawings.append(1)
        return "drawn"

    for _time in range(2):
        assert kept.get_or_draw(("trend", Decimal("sNaN")), draw) == "drawn"
    assert len(drawings) == 2 and len(kept) == 0


def test_it_gives_up_the_least_recently_used_charts_past_its_limit():
    kept = charts.DrawnCharts(limit=10)
    drawings = []

    def draw(text):
        def drawing():
            drawings.append(text)
            return text

        return drawing

    kept.get_or_draw("a", draw("aaaa"))
    kept.get_or_draw("b", draw("bbbb"))
    kept.get_or_draw("a", draw("aaaa"))  # kept, and now the latest used
    kept.get_or_draw("c", draw("cccc"))  # 12 characters: "b" is given up
    assert len(kept) == 2
    kept.get_or_draw("a", draw("aaaa"))
    kept.get_or_draw("b", draw("bbbb"))
    assert drawings == ["aaaa", "bbbb", "cccc", "bbbb"]


@pytest.mark.parametrize(
    ("file_format", "options", "ask"),
    [
        ("svg", {}, lambda chart: chart.svg()),
        ("svg", {"text_as_paths": False}, lambda chart: chart.svg(text_as_paths=False)),
        ("png", {}, lambda chart: chart.png()),
    ],
)
def test_charts_drawn_ahead_are_the_files_they_are_asked_for(file_format, options, ask):
    charts.drawn_charts.clear()
    one_by_one = [ask(make()) for make in ALL_CHARTS]
    charts.drawn_charts.clear()
    charts.draw_ahead([make() for make in ALL_CHARTS], file_format, **options)
    assert len(charts.drawn_charts) == len(ALL_CHARTS)
    assert [ask(make()) for make in ALL_CHARTS] == one_by_one
    charts.drawn_charts.clear()


def test_drawing_ahead_leaves_out_what_is_kept_or_cannot_be(figures_drawn):
    kept = _trend()
    kept.svg()
    without_key = dataclasses.replace(_summary(), key=None)
    other_figure = object()  # e.g. a figure that draws itself
    charts.draw_ahead([kept, without_key, other_figure, _status(), _status()], "svg")
    # The trend was kept and the status chart is drawn once; in this process or a child.
    assert len(charts.drawn_charts) == 2
    assert figures_drawn[0] == kept.title


def _drawn_by_weasyprint(svg: str) -> bytes:
    """The pixels of a PDF page WeasyPrint makes of `svg` as an image."""
    import base64
    import io

    import pdfplumber
    import weasyprint

    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    pdf = weasyprint.HTML(string=f'<img src="{source}" alt="">').write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].to_image(resolution=96).original.tobytes()


@pytest.mark.parametrize("make", ALL_CHARTS)
def test_the_print_svg_has_its_styles_as_attributes_and_looks_the_same(make, monkeypatch):
    charts.drawn_charts.clear()
    print_svg = make().svg(text_as_paths=False)
    charts.drawn_charts.clear()
    monkeypatch.setattr(charts, "presentation_attributes", lambda svg: svg)
    as_drawn = make().svg(text_as_paths=False)
    charts.drawn_charts.clear()
    assert "style=" in as_drawn and "<style" in as_drawn
    assert "style=" not in print_svg and "<style" not in print_svg
    ElementTree.fromstring(print_svg)
    assert _drawn_by_weasyprint(print_svg) == _drawn_by_weasyprint(as_drawn)


def test_styles_become_attributes_ranked_as_css_ranks_them():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><defs>'
        '<style type="text/css">*{stroke-linecap: butt; stroke-linejoin: round}</style></defs>'
        '<path stroke-linecap="square" d="M 0 0"/>'
        '<path style="stroke-linecap: square; fill: #fff" stroke="red" d="M 1 1"/></svg>'
    )
    paths = ElementTree.fromstring(charts.presentation_attributes(svg)).findall(
        "{http://www.w3.org/2000/svg}path"
    )
    assert [path.attrib for path in paths] == [
        {"stroke-linecap": "butt", "d": "M 0 0", "stroke-linejoin": "round"},
        {
            "stroke": "red",
            "d": "M 1 1",
            "stroke-linecap": "square",
            "stroke-linejoin": "round",
            "fill": "#fff",
        },
    ]


def test_an_svg_with_other_style_rules_is_left_as_it_is():
    svg = '<svg><style type="text/css">path{fill: red}</style><path style="fill: blue"/></svg>'
    assert charts.presentation_attributes(svg) == svg


DRAWN_AHEAD_SCRIPT = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.settings")
import django
django.setup()
from django.utils import translation
from verksam.core import processes
from verksam.followup import charts
from verksam.followup.tests.test_charts import ALL_CHARTS
processes.cores = lambda: 2
forked = []
fork = os.fork
def counted_fork():
    pid = fork()
    if pid:
        forked.append(pid)
    return pid
os.fork = counted_fork
with translation.override("sv"):
    assert processes.may_fork()
    charts.draw_ahead([make() for make in ALL_CHARTS], "svg", text_as_paths=False)
    ahead = [make().svg(text_as_paths=False) for make in ALL_CHARTS]
    charts.drawn_charts.clear()
    one_by_one = [make().svg(text_as_paths=False) for make in ALL_CHARTS]
assert ahead == one_by_one
print("children", len(forked))
"""


def test_charts_drawn_ahead_in_forked_children_are_the_same_files():
    # In a process of its own: a test session may have other threads (a live server),
    # with which nothing is forked.
    printed = printed_by(DRAWN_AHEAD_SCRIPT, DEBUG="1")
    assert printed.split()[-2:] == ["children", "2"]


def test_an_expected_file_comes_from_where_it_is_drawn(figures_drawn):
    chart = _summary()
    key = chart._drawing_key("svg", {**charts.FILE_OPTIONS["svg"]})
    charts.drawn_charts.expect(key, lambda: "<svg>drawn elsewhere</svg>")
    assert chart.svg() == "<svg>drawn elsewhere</svg>"
    assert chart.svg() == "<svg>drawn elsewhere</svg>"  # kept
    assert figures_drawn == []


def test_an_expected_file_whose_drawing_failed_is_drawn_here(figures_drawn):
    chart = _summary()
    key = chart._drawing_key("svg", {**charts.FILE_OPTIONS["svg"]})

    def broken():
        raise RuntimeError("the child was stopped")

    charts.drawn_charts.expect(key, broken)
    assert chart.svg().startswith("<svg")
    assert figures_drawn == [chart.title]


def test_drawing_meanwhile_forgets_what_the_block_did_not_ask_for(figures_drawn):
    with charts.drawing_meanwhile([_trend(), _status()], "svg"):
        _trend().svg()
    assert len(charts.drawn_charts) == 1
    _status().svg()  # drawn anew, not waited for
    assert len(charts.drawn_charts) == 2
