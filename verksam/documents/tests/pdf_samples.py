"""Small PDFs made by WeasyPrint for the tests of adjustments to it, and how to read them back."""

import io

import pdfplumber
import weasyprint


def tagged_pdf_with_links(chapters_count: int) -> bytes:
    """A tagged PDF of `chapters_count` chapters, a page each, and a list of links to them."""
    chapters = "".join(
        f'<h2 id="c{n}">Kapitel {n}</h2><p>Text om kapitel {n}.</p>' for n in range(chapters_count)
    )
    links = "".join(f'<li><a href="#c{n}">Kapitel {n}</a></li>' for n in range(chapters_count))
    page = f'<html lang="sv"><body><ol>{links}</ol>{chapters}</body></html>'
    style = "h2 { break-before: page; } body { font-family: 'DejaVu Sans'; }"
    document = weasyprint.HTML(string=page).render(stylesheets=[weasyprint.CSS(string=style)])
    return document.write_pdf(pdf_tags=True)


def pages_links_and_tags(data: bytes):
    """Each page's text, links and tagged structure, as pdfplumber reads them."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            (
                page.extract_text(),
                tag_types(page.structure_tree),
                sorted(
                    str(annotation.get("data", {}).get("Dest") or annotation.get("uri"))
                    for annotation in page.annots
                ),
            )
            for page in pdf.pages
        ]


def tag_types(elements) -> list:
    return [(element["type"], tag_types(element.get("children", []))) for element in elements]
