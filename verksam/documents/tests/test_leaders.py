"""The dots between a contents entry and its page number: a few runs of text, drawn as before."""

import io
import math

import pdfplumber
import pytest
import weasyprint
from weasyprint.layout import inline
from weasyprint.layout import leader as weasyprint_leader

from verksam.documents import leaders

STYLE = """
@page { size: A5; margin: 2cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
ol { list-style: none; padding: 0; }
a::after { content: leader(".") " " target-counter(attr(href), page); }
h2 { break-before: page; }
"""
HEADINGS = ["Sammanfattning", "Fokusområde 1", "Mål 17", "Nyckeltal"]


def _page() -> str:
    entries = "".join(
        f'<li><a href="#h{number}">{text}</a></li>' for number, text in enumerate(HEADINGS)
    )
    chapters = "".join(
        f'<h2 id="h{number}">{text}</h2><p>Text.</p>' for number, text in enumerate(HEADINGS)
    )
    return f'<html lang="sv"><body><ol>{entries}</ol>{chapters}</body></html>'


def _document():
    return weasyprint.HTML(string=_page()).render(stylesheets=[weasyprint.CSS(string=STYLE)])


def _leader_boxes(document):
    return [box for box in document.pages[0]._page_box.descendants() if box.is_leader]


def _contents_characters(document) -> list[tuple[float, float, str]]:
    with pdfplumber.open(io.BytesIO(document.write_pdf())) as pdf:
        characters = pdf.pages[0].chars
        return sorted((round(c["top"], 1), c["x0"], c["text"]) for c in characters)


@pytest.fixture
def dot_by_dot(monkeypatch):
    """WeasyPrint's own leaders, one text box per dot, until the test installs the runs."""
    monkeypatch.setattr(inline, "handle_leader", weasyprint_leader.handle_leader)
    monkeypatch.setattr(leaders.install, "done", False)


def test_it_lays_out_each_leader_as_runs_of_dots(dot_by_dot):
    dots = [len(box.children) for box in _leader_boxes(_document())]
    assert len(dots) == len(HEADINGS) and min(dots) > leaders.RUN

    leaders.install()
    boxes = _leader_boxes(_document())
    assert [len(box.children) for box in boxes] == [math.ceil(n / leaders.RUN) for n in dots]
    assert [sum(len(run.text) for run in box.children) for box in boxes] == dots
    assert {run.text.strip(".") for box in boxes for run in box.children} == {""}


def test_it_draws_the_same_characters_in_the_same_places(dot_by_dot):
    one_by_one = _contents_characters(_document())
    leaders.install()
    in_runs = _contents_characters(_document())
    assert [(top, text) for top, _x, text in in_runs] == [
        (top, text) for top, _x, text in one_by_one
    ]
    assert "".join(text for _t, _x, text in in_runs).count(".") > 100
    shift = max(abs(x - y) for (_t, x, _a), (_u, y, _b) in zip(in_runs, one_by_one, strict=True))
    assert shift < 0.06  # points


def test_it_leaves_a_right_to_left_leader_to_weasyprint(dot_by_dot):
    page = _page().replace('<html lang="sv">', '<html lang="ar" dir="rtl">')
    leaders.install()
    document = weasyprint.HTML(string=page).render(stylesheets=[weasyprint.CSS(string=STYLE)])
    boxes = _leader_boxes(document)
    assert boxes and all(len(box.children) > leaders.RUN for box in boxes)
    assert {dot.text for box in boxes for dot in box.children} == {"."}


def test_the_dots_fill_the_room_between_the_text_and_the_number_from_the_right():
    places = leaders.dot_places(line_right=200.0, dots=66, dot_width=3.0, left=180.0, right=195.0)
    assert places == [191.0, 188.0, 185.0, 182.0]
    assert leaders.dot_places(line_right=200.0, dots=66, dot_width=3.0, left=190, right=191) == []


def test_it_installs_once(dot_by_dot):
    leaders.install()
    installed = inline.handle_leader
    leaders.install()
    assert inline.handle_leader is installed
    assert installed is not weasyprint_leader.handle_leader
