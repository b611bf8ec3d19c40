import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from verksam.statistics import catalogue, connectors, selectors
from verksam.statistics.connectors import FetchResult
from verksam.statistics.services import term_choose_for_item
from verksam.testing import make_item, make_organisation, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(db):
    kalmar = make_organisation("Kalmar kommun", kind="municipality", municipality_code="0880")
    goal = make_item(make_plan(kalmar))
    term_choose_for_item(
        user=None, item=goal, entry=catalogue.get_entry(catalogue.KOLADA, "N09801")
    )
    term_choose_for_item(
        user=None,
        item=goal,
        entry=catalogue.get_entry(catalogue.KB, "Utlan399"),
        scale="inhabitant",
    )


def test_it_lists_every_term_and_area_followed_with_county_country_and_population(followed):
    due = selectors.fetches_due(today=datetime.date(2026, 3, 1))

    assert ("kolada", "N09801", "0880", 2016, 2025) in due
    assert ("kolada", "N09801", "08", 2016, 2025) in due
    assert ("kolada", "N09801", "00", 2016, 2025) in due
    assert ("kb", "Utlan399", "0880", 2016, 2025) in due
    assert ("kb", "Population01", "0880", 2016, 2025) in due
    assert len(due) == 9


def test_it_queues_one_task_per_due_fetch(followed, monkeypatch):
    calls = []

    def fake_fetch(**kwargs):
        calls.append(kwargs)
        return FetchResult("Kolada", kwargs["term"], kwargs["area_code"], list(kwargs["years"]))

    monkeypatch.setattr(connectors, "fetch", fake_fetch)
    out = StringIO()

    call_command("statistics", "fetch", "--due", "--enqueue", stdout=out)

    assert len(calls) == 9
    assert "9" in out.getvalue()
