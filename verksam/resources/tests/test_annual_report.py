"""The annual report's resources chapter, read back from the rendered Word and PDF files."""

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from verksam.documents import services
from verksam.documents.builders import build_document
from verksam.followup.tests.builders import make_round
from verksam.resources.tests.builders import make_line, make_outcome
from verksam.testing import make_plan, make_plan_tree

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells).replace(NBSP, " ")


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")
    return " ".join(text.split())


@pytest.fixture
def followed_up(personas):
    plan = personas.published_plan
    top, child = plan.items.get(depth=0), plan.items.get(depth=1)
    make_line(top, "premises", 60_000, 2025)
    make_line(child, "staff", 340_000, 2025)
    make_line(child, "media", 85_000, 2025)
    followup_round = make_round(plan, is_year_end=True, closed=True)
    make_outcome(followup_round, child, "staff", 352_500)
    make_outcome(followup_round, child, "media", 80_000)
    return plan, followup_round


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_it_shows_budget_and_outcome_tables_in_the_annual_report(followed_up, file_format):
    plan, followup_round = followed_up
    data, _name = services.document_build(
        plan=plan,
        kind="annual",
        file_format=file_format,
        followup_round=followup_round,
        language="sv",
    )
    text = _docx_text(data) if file_format == "docx" else _pdf_text(data)
    assert "Resurser" in text
    assert "Budget och utfall per kostnadsslag" in text or "Budget 2025" in text
    assert "Personal" in text and "Medier" in text and "Lokaler" in text
    # The whole plan: 485 000 budgeted, 432 500 spent, 52 500 left.
    assert "485 000 kr" in text and "432 500 kr" in text and "52 500 kr" in text
    # The goal overspent its staff budget: a real minus sign.
    assert "−12 500 kr" in text


def test_it_leaves_an_open_rounds_outcome_out_of_a_report_made_by_verksam(personas):
    plan = personas.published_plan
    child = plan.items.get(depth=1)
    make_line(child, "staff", 1_000, 2025)
    followup_round = make_round(plan, is_year_end=True)
    make_outcome(followup_round, child, "staff", 777_777)
    content = build_document(plan=plan, kind="annual", followup_round=followup_round)
    texts = [str(block) for block in content.blocks]
    assert any("Resurser" in t or "Resources" in t for t in texts)
    assert not any("777" in t for t in texts)
    member = build_document(
        plan=plan, kind="annual", followup_round=followup_round, user=personas.reader
    )
    assert any("777" in str(block) for block in member.blocks)


def test_it_leaves_the_chapter_out_without_any_money(personas):
    plan = personas.published_plan
    followup_round = make_round(plan, is_year_end=True, closed=True)
    content = build_document(plan=plan, kind="annual", followup_round=followup_round)
    assert not any("Budget" in str(block) for block in content.blocks)


def _report_queries(personas, count: int, title: str) -> int:
    plan = make_plan(personas.home, title=title, status="adopted", is_published=True)
    items = make_plan_tree(plan, count)
    followup_round = make_round(plan, is_year_end=True, closed=True)
    for item in items:
        make_line(item, "staff", 100, 2026)
        make_outcome(followup_round, item, "staff", 90)
    with CaptureQueriesContext(connection) as queries:
        build_document(plan=plan, kind="annual", followup_round=followup_round)
    return len(queries)


def test_it_reads_the_money_of_a_large_plan_in_as_many_queries_as_a_small_one(personas):
    assert _report_queries(personas, 2, "Liten") == _report_queries(personas, 80, "Stor")
