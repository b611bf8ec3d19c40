"""The PDF's list of page references, made once per page count instead of once per use.

A tagged PDF names, for every tagged element and every link, the page it is on.
WeasyPrint asks pydyf for that page's reference each time, through
``PDF.page_references``, which builds the references of all the pages anew on
every call: for an annual report of a hundred pages and some fifteen thousand
tagged elements, one and a half million references made to use fifteen
thousand, a tenth of the time its PDF took to write. `install` has the property
keep the references it made for as long as the document has the same pages,
which only grow as pages are added: the same references, made once.

This leans on how pydyf 0.11 to 0.13 keeps its pages (``pages["Kids"]``, three
entries a page, the first the page's object number); the property's result is the
same as pydyf's own, which the tests compare.
"""

from __future__ import annotations

from verksam.core.once import Once


def _install() -> None:
    """Have pydyf keep its page references from now on, in this process; once is enough."""
    import pydyf

    pydyf.PDF.page_references = property(kept_page_references)


install = Once(_install)


def kept_page_references(pdf) -> tuple[bytes, ...]:
    """The reference of each page of `pdf` ("12 0 R"), made again only when pages were added."""
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get("_verksam_page_references")
    if kept is None or kept[0] is not kids or kept[1] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        kept = (kids, len(kids), references)
        pdf.__dict__["_verksam_page_references"] = kept
    return kept[2]
