"""The annual report's chapter on competence development, from the organisation's register."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from verksam.competence.tests.builders import make_training
from verksam.documents.builders import build_document
from verksam.documents.content import Heading, Table
from verksam.documents.render_html import render_html
from verksam.documents.tests.factories import make_report_plan

pytestmark = pytest.mark.django_db


def _annual(plan, year_end, language="sv"):
    with translation.override(language):
        return build_document(plan=plan, kind="annual", followup_round=year_end)


def test_the_annual_report_tells_the_years_trainings_participants_and_hours(personas):
    plan, rounds = make_report_plan(organisation=personas.home, items=6, indicators=1)
    year_end = rounds[-1]
    goal = plan.items.filter(depth=0).order_by("position").first()
    make_training(
        personas.home,
        user=personas.editor,
        title="Digitala lyftet för personalen",
        kind="internal",
        start_date=datetime.date(2025, 3, 4),
        hours=Decimal(6),
        participants=[personas.reader, personas.reporter],
        other_participants=1,
        items=[goal],
    )
    make_training(
        personas.home,
        user=personas.editor,
        title="Biblioteksdagarna",
        kind="conference",
        start_date=datetime.date(2025, 5, 20),
        end_date=datetime.date(2025, 5, 22),
        hours=Decimal("12.5"),
        other_participants=2,
    )
    make_training(
        personas.home,
        user=personas.editor,
        title="Kurs ett annat år",
        start_date=datetime.date(2024, 5, 20),
    )

    content = _annual(plan, year_end)

    headings = [block.text for block in content.blocks if isinstance(block, Heading)]
    assert "Kompetensutveckling" in headings
    html = render_html(content)
    assert "Digitala lyftet för personalen" in html
    assert "Biblioteksdagarna" in html
    assert "Kurs ett annat år" not in html
    assert "5 deltagare och 43 timmar" in html  # 3 × 6 + 2 × 12,5
    per_goal = next(
        block
        for block in content.blocks
        if isinstance(block, Table) and block.caption == "Kompetensutveckling per mål"
    )
    assert per_goal.rows == [[goal.title, "1", "3", "18"]]
    assert personas.reader.username not in html  # counts only; the register names staff


def test_the_annual_report_has_no_chapter_without_trainings(personas):
    plan, rounds = make_report_plan(organisation=personas.home, items=4, indicators=1)
    content = _annual(plan, rounds[-1], language="en")
    assert "Competence development" not in [
        block.text for block in content.blocks if isinstance(block, Heading)
    ]
