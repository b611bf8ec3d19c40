"""Invented demo amounts say so wherever they are shown: the plan's and the item's
resources and the annual report's chapter; real amounts carry no such mark."""

import pytest
from django.urls import reverse
from django.utils import translation

from verksam.documents.builders import build_document
from verksam.followup.tests.builders import make_round
from verksam.resources.models import BudgetLine
from verksam.resources.tests.builders import make_line, make_outcome

pytestmark = pytest.mark.django_db

MARK = "Påhittade demobelopp"


@pytest.fixture
def budgeted(personas):
    plan = personas.published_plan
    child = plan.items.get(depth=1)
    make_line(child, "staff", 120_000, 2025)
    followup_round = make_round(plan, is_year_end=True, closed=True)
    make_outcome(followup_round, child, "staff", 100_000)
    return plan, child, followup_round


def _pages(client, plan, item, followup_round) -> list[str]:
    urls = [
        reverse("resources:plan_resources", args=[plan.pk]) + f"?omgang={followup_round.pk}",
        item.get_absolute_url(),
    ]
    return [client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode() for url in urls]


def _report(plan, followup_round) -> str:
    with translation.override("sv"):
        content = build_document(plan=plan, kind="annual", followup_round=followup_round)
    return "\n".join(str(block) for block in content.blocks)


def test_it_marks_invented_amounts_on_the_pages_and_in_the_report(client, budgeted):
    plan, item, followup_round = budgeted
    BudgetLine.objects.update(is_demo=True)

    assert all(MARK in page for page in _pages(client, plan, item, followup_round))
    assert MARK in _report(plan, followup_round)


def test_it_leaves_real_amounts_unmarked(client, budgeted):
    plan, item, followup_round = budgeted

    pages = _pages(client, plan, item, followup_round)

    assert all("120 000" in page.replace("\xa0", " ") for page in pages)
    assert not any(MARK in page for page in pages)
    assert MARK not in _report(plan, followup_round)
