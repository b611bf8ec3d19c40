"""The PDF's page references kept per page count: the same references as pydyf's, made once."""

import io

import pdfplumber
import pydyf
import pytest
import weasyprint

from verksam.documents import page_references

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


def _tagged_pdf_with_links() -> bytes:
    chapters = "".join(
        f'<h2 id="c{n}">Kapitel {n}</h2><p>Text om kapitel {n}.</p>' for n in range(PAGES)
    )
    links = "".join(f'<li><a href="#c{n}">Kapitel {n}</a></li>' for n in range(PAGES))
    page = f'<html lang="sv"><body><ol>{links}</ol>{chapters}</body></html>'
    style = "h2 { break-before: page; } body { font-family: 'DejaVu Sans'; }"
    document = weasyprint.HTML(string=page).render(stylesheets=[weasyprint.CSS(string=style)])
    return document.write_pdf(pdf_tags=True)


def _pages_links_and_tags(data: bytes):
    """Each page's text, links and tagged structure, as pdfplumber reads them."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            (
                page.extract_text(),
                _tag_types(page.structure_tree),
                sorted(
                    str(annotation.get("data", {}).get("Dest") or annotation.get("uri"))
                    for annotation in page.annots
                ),
            )
            for page in pdf.pages
        ]


def _tag_types(elements) -> list:
    return [(element["type"], _tag_types(element.get("children", []))) for element in elements]


def test_a_tagged_pdf_with_links_is_the_same_with_the_kept_references(pydyf_as_it_is):
    before = _tagged_pdf_with_links()
    page_references.install()
    after = _tagged_pdf_with_links()

    assert pydyf.PDF.page_references.fget is page_references.kept_page_references
    assert len(after) == len(before)
    pages = _pages_links_and_tags(after)
    assert pages == _pages_links_and_tags(before)
    # Every page is tagged, and the contents link to every chapter.
    assert all(tags for _text, tags, _links in pages)
    assert len(pages[0][2]) == PAGES
