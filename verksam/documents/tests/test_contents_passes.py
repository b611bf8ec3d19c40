"""The PDF's contents laid out twice instead of three times, with the right page numbers."""

import io
import re

import pdfplumber
import pytest
import weasyprint
from weasyprint import layout
from weasyprint.layout import page as pagination

from verksam.documents import contents_passes

CHAPTERS = 60


@pytest.fixture
def weasyprint_as_it_is(monkeypatch):
    """WeasyPrint's own passes until the test installs the adjusted ones."""
    own = getattr(layout.make_all_pages, "__wrapped__", layout.make_all_pages)
    monkeypatch.setattr(layout, "make_all_pages", own)
    monkeypatch.setattr(contents_passes.install, "done", False)


@pytest.fixture
def pages_made(monkeypatch):
    """How many times a page is laid out."""
    made = []
    make_page = pagination.make_page

    def counted(*arguments, **options):
        made.append(1)
        return make_page(*arguments, **options)

    monkeypatch.setattr(pagination, "make_page", counted)
    return made


def _report(titles: list[str]) -> bytes:
    entries = "".join(f'<li><a href="#c{n}">{title}</a></li>' for n, title in enumerate(titles))
    chapters = "".join(
        f'<h2 id="c{n}">{title}</h2>' + "<p>Text.</p>" * (n % 3 + 1)
        for n, title in enumerate(titles)
    )
    page = f'<html lang="sv"><body><ol class="contents">{entries}</ol>{chapters}</body></html>'
    style = """
        body { font-family: 'DejaVu Sans'; font-size: 11pt; }
        h2 { break-before: page; font-size: 11pt; }
        .contents a::after { content: leader(".") " " target-counter(attr(href), page); }
        @page { @bottom-right { content: counter(page) " / " counter(pages); } }
    """
    document = weasyprint.HTML(string=page).render(stylesheets=[weasyprint.CSS(string=style)])
    return document.write_pdf()


def _pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def _numbers_and_pages(pages: list[str], titles: list[str]) -> list[tuple[int, int]]:
    """For each title, the page number its contents entry gives and the page it is on."""
    contents = " ".join(page for page in pages if "....." in page)
    contents = re.sub(r"\s+", " ", contents)
    result = []
    for title in titles:
        entry = re.search(re.escape(title) + r" ?\.* ?(\d+)", contents)  # a full line has no dots
        number = int(entry.group(1)) if entry else None
        on_page = next(
            index + 1
            for index, page in enumerate(pages)
            if "....." not in page and re.sub(r"\s+", " ", page).startswith(title + " ")
        )
        result.append((number, on_page))
    return result


def test_the_contents_are_laid_out_twice_with_the_same_pages(weasyprint_as_it_is, pages_made):
    titles = [f"Kapitel {n}" for n in range(CHAPTERS)]
    before = _pages(_report(titles))
    made_before = len(pages_made)
    contents_passes.install()
    pages_made.clear()
    after = _pages(_report(titles))

    assert after == before
    numbers = _numbers_and_pages(after, titles)
    assert all(number == page for number, page in numbers), numbers
    contents = sum(1 for page in after if "....." in page)
    assert contents >= 2
    # Each page once, and the contents again with their numbers: not twice again.
    assert len(pages_made) == len(after) + contents
    assert made_before == len(after) + 2 * contents


def test_the_numbers_are_right_when_the_contents_grow_with_them(weasyprint_as_it_is):
    # Titles of every length near a line's width: with their numbers written in, some
    # entries need a second line, the contents a page more, and every heading moves on.
    contents_passes.install()
    titles = [f"Kapitel {n} " + "x" * (40 + n % 60) for n in range(140)]
    pages = _pages(_report(titles))

    numbers = _numbers_and_pages(pages, titles)
    assert all(number == page for number, page in numbers), numbers
