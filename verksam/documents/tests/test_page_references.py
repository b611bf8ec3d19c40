"""The PDF's page references kept per page count: the same references as pydyf's, made once."""

import pydyf
import pytest

from verksam.documents import page_references
from verksam.documents.tests.pdf_samples import pages_links_and_tags, tagged_pdf_with_links

PAGES = 5


def _pydyf_page_references(pdf):
    """pydyf's own answer, as its property gives it."""
    return tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])


def _pdf_with_pages(count: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _page in range(count):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


def test_the_references_are_pydyfs_and_follow_added_pages():
    pdf = _pdf_with_pages(PAGES)
    assert page_references.kept_page_references(pdf) == _pydyf_page_references(pdf)
    assert len(page_references.kept_page_references(pdf)) == PAGES

    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))

    assert page_references.kept_page_references(pdf) == _pydyf_page_references(pdf)
    assert len(page_references.kept_page_references(pdf)) == PAGES + 1


def test_the_references_are_made_once_while_the_pages_stay_the_same():
    pdf = _pdf_with_pages(PAGES)
    first = page_references.kept_page_references(pdf)
    assert page_references.kept_page_references(pdf) is first


def test_a_new_list_of_pages_is_read_anew():
    pdf = _pdf_with_pages(PAGES)
    page_references.kept_page_references(pdf)
    pdf.pages["Kids"] = pydyf.Array([40, 0, "R", 41, 0, "R", 42, 0, "R", 43, 0, "R", 44, 0, "R"])
    assert page_references.kept_page_references(pdf) == tuple(
        f"{number} 0 R".encode("ascii") for number in range(40, 45)
    )


@pytest.fixture
def pydyf_as_it_is(monkeypatch):
    """pydyf's own property until the test installs the kept one."""
    monkeypatch.setattr(pydyf.PDF, "page_references", pydyf.PDF.page_references)
    monkeypatch.setattr(page_references.install, "done", False)


def test_a_tagged_pdf_with_links_is_the_same_with_the_kept_references(pydyf_as_it_is):
    before = tagged_pdf_with_links(PAGES)
    page_references.install()
    after = tagged_pdf_with_links(PAGES)

    assert pydyf.PDF.page_references.fget is page_references.kept_page_references
    assert len(after) == len(before)
    pages = pages_links_and_tags(after)
    assert pages == pages_links_and_tags(before)
    # Every page is tagged, and the contents link to every chapter.
    assert all(tags for _text, tags, _links in pages)
    assert len(pages[0][2]) == PAGES
