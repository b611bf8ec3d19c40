"""The documents of a demo plan, read back from the files: what a board secretary checks.

Stockholm City Library's operational plan 2008 (seed 002) is loaded as
`make run` loads it, in Swedish; each kind is made as Word and as PDF, and the
text read back with python-docx and pypdf must hold the headings, the item
titles, the statuses in words, the indicator values in Swedish number format
and the case number.
"""

import io
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from verksam.documents import services
from verksam.documents.builders import default_round
from verksam.followup.choices import STATUS_LABELS, STATUS_SYMBOLS
from verksam.followup.rollup import plan_rollup
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db

KINDS = ("plan", "interim", "annual", "board")
NBSP = "\xa0"


@pytest.fixture
def plan() -> Plan:
    with translation.override("sv"):
        call_command("demo", allow_without_debug=True, stdout=StringIO())
    return Plan.objects.select_related("organisation").get(
        title="Verksamhetsplan 2008", organisation__name="Stockholms stadsbibliotek"
    )


def _docx_text(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([text for _style, text in paragraphs] + cells)
    return text.replace(NBSP, " "), paragraphs


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")


def _flat(text: str) -> str:
    """Words as a PDF gives them back: lines broken anywhere, so compare without breaks."""
    return " ".join(text.split())


@pytest.mark.parametrize("kind", KINDS)
def test_it_writes_the_demo_plan_into_word_and_pdf_in_swedish(plan, kind):
    followup_round = default_round(plan, kind) if kind != "plan" else None
    case_number = plan.decisions.exclude(case_number="").first().case_number
    top_items = list(plan.items.filter(depth=0).order_by("position"))
    with translation.override("sv"):
        word, _name = services.document_build(
            plan=plan, kind=kind, file_format="docx", followup_round=followup_round, language="sv"
        )
        pdf, _name = services.document_build(
            plan=plan, kind=kind, file_format="pdf", followup_round=followup_round, language="sv"
        )
        statuses = []
        if followup_round is not None:
            derivations = plan_rollup(plan, followup_round)
            statuses = [
                (
                    STATUS_SYMBOLS[derivations[item.pk].status],
                    str(STATUS_LABELS[derivations[item.pk].status]),
                )
                for item in top_items
            ]
    word_text, paragraphs = _docx_text(word)
    pdf_text = _flat(_pdf_text(pdf))

    assert case_number in word_text and case_number in pdf_text
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings, kind
    for heading in headings[:6]:
        assert _flat(heading) in pdf_text, (kind, heading)
    assert top_items
    for item in top_items:
        assert item.title in word_text, (kind, item.title)
        assert _flat(item.title) in pdf_text, (kind, item.title)
    assert len(statuses) == (0 if kind == "plan" else len(top_items))
    for symbol, word in statuses:
        assert f"{symbol} {word}" in word_text, (kind, word)
        assert word in pdf_text, (kind, word)
    if kind in ("plan", "annual"):
        # Fysiska besök: baseline 5 840 000 visits, with spaces between the thousands.
        assert "5 840 000" in word_text and "5 840 000" in pdf_text, kind
        assert "5840000" not in word_text and "5,840,000" not in pdf_text
