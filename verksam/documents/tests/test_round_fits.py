"""A report is offered, and made, only for a round it fits: no interim report of a whole year."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from verksam.documents import services
from verksam.documents.builders import default_round, kinds_for
from verksam.documents.content import round_fits
from verksam.documents.models import GeneratedDocument
from verksam.followup.choices import Rhythm
from verksam.followup.models import FollowUpRound
from verksam.followup.services import round_create, rounds_create_from_rhythm


def period(start: tuple[int, int, int], end: tuple[int, int, int], *, year_end=False):
    """A round that is never saved, for the rule alone."""
    return FollowUpRound(
        name="R",
        period_start=datetime.date(*start),
        period_end=datetime.date(*end),
        is_year_end=year_end,
    )


@pytest.mark.parametrize(
    ("followup_round", "fitting"),
    [
        (period((2026, 1, 1), (2026, 4, 30)), {"interim", "board"}),  # T1
        (period((2026, 5, 1), (2026, 8, 31)), {"interim", "board"}),  # T2
        (period((2026, 1, 1), (2026, 12, 31), year_end=True), {"annual", "board"}),  # whole year
        (period((2026, 1, 1), (2026, 12, 31)), {"annual", "board"}),  # a year, unmarked
        (period((2026, 12, 1), (2026, 12, 31), year_end=True), {"annual", "board"}),  # December
        (period((2026, 11, 1), (2026, 11, 30)), {"interim", "board"}),  # November
        (period((2025, 7, 1), (2026, 6, 30)), {"annual", "board"}),  # a school year
        (period((2026, 10, 1), (2026, 12, 31)), {"interim", "annual", "board"}),  # the last quarter
    ],
    ids=["T1", "T2", "year", "unmarked-year", "december", "november", "school-year", "Q4"],
)
def test_it_fits_interim_reports_to_rounds_in_the_year_and_annual_to_the_year_end(
    followup_round, fitting
):
    found = {
        kind for kind in ("plan", "interim", "annual", "board") if round_fits(kind, followup_round)
    }
    assert found == fitting


# The service and what the plan offers ------------------------------------------------------


@pytest.fixture
def tertial_rounds(personas) -> list[FollowUpRound]:
    """T1, T2 and the whole year of the plan's first year."""
    plan = personas.draft_plan
    year = plan.period_start.year
    return rounds_create_from_rhythm(
        user=personas.editor, plan=plan, rhythm=Rhythm.TERTIAL, years=[year]
    )


@pytest.mark.django_db
def test_it_refuses_an_interim_report_of_the_whole_year_naming_the_round_field(
    personas, tertial_rounds
):
    whole_year = next(r for r in tertial_rounds if r.is_year_end)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.document_request(
            user=personas.editor,
            plan=personas.draft_plan,
            kind="interim",
            file_format="docx",
            followup_round=whole_year,
        )
    [message] = raised.value.message_dict["followup_round"]
    assert message.startswith(f"“{whole_year.name}” is a round of the whole year")
    assert not GeneratedDocument.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_annual_report_of_a_tertial_naming_the_round_field(personas, tertial_rounds):
    first_tertial = tertial_rounds[0]
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.document_build(
            plan=personas.draft_plan,
            kind="annual",
            file_format="html",
            followup_round=first_tertial,
        )
    [message] = raised.value.message_dict["followup_round"]
    assert message.startswith(f"“{first_tertial.name}” does not reach the end of the year")


@pytest.mark.django_db
def test_it_makes_each_report_of_a_round_it_fits(personas, tertial_rounds):
    first_tertial, _second, whole_year = tertial_rounds
    for kind, followup_round in [
        ("interim", first_tertial),
        ("board", first_tertial),
        ("annual", whole_year),
        ("board", whole_year),
    ]:
        services.document_request(
            user=personas.editor,
            plan=personas.draft_plan,
            kind=kind,
            file_format="docx",
            followup_round=followup_round,
        )
    assert GeneratedDocument.objects.count() == 4


@pytest.mark.django_db
def test_it_offers_no_interim_report_of_a_plan_followed_up_once_a_year(personas):
    plan = personas.draft_plan
    rounds_create_from_rhythm(user=personas.editor, plan=plan, rhythm=Rhythm.ANNUAL)
    assert kinds_for(plan) == ["plan", "annual", "board"]
    assert default_round(plan, "interim") is None


@pytest.mark.django_db
def test_it_offers_no_annual_report_before_a_round_reaches_the_year_end(personas):
    plan = personas.draft_plan
    year = plan.period_start.year
    round_create(
        user=personas.editor,
        plan=plan,
        name=f"H1 {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 6, 30),
        due_date=datetime.date(year, 7, 15),
    )
    assert kinds_for(plan) == ["plan", "interim", "board"]
    assert default_round(plan, "annual") is None


@pytest.mark.django_db
def test_it_chooses_by_default_a_round_the_report_fits(personas, tertial_rounds):
    plan = personas.draft_plan
    today = plan.period_start.replace(month=12, day=31) + datetime.timedelta(days=40)
    assert default_round(plan, "interim", today=today).name.startswith("T2")
    assert default_round(plan, "annual", today=today).is_year_end


# The page ----------------------------------------------------------------------------------


def create_page(client, plan, query: str = "") -> str:
    url = reverse("documents:document_create", kwargs={"plan_pk": plan.pk})
    return client.get(url + query).content.decode()


@pytest.fixture
def editor_client(client, personas):
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_it_offers_only_the_reports_that_fit_the_round_in_the_address(
    editor_client, personas, tertial_rounds
):
    plan = personas.draft_plan
    first_tertial, _second, whole_year = tertial_rounds

    page = create_page(editor_client, plan, f"?omgang={whole_year.pk}")
    kinds = re.findall(r'name="kind" value="(\w+)"', page)
    assert sorted(kinds) == ["annual", "board", "plan"]
    assert re.search(r'value="annual"[^>]*checked', page)

    page = create_page(editor_client, plan, f"?omgang={first_tertial.pk}&kind=annual")
    kinds = re.findall(r'name="kind" value="(\w+)"', page)
    assert sorted(kinds) == ["board", "interim", "plan"]
    assert re.search(r'value="interim"[^>]*checked', page)


@pytest.mark.django_db
def test_it_marks_each_round_with_the_reports_that_fit_it(editor_client, personas, tertial_rounds):
    page = create_page(editor_client, personas.draft_plan)
    assert re.search(r'<select name="followup_round"[^>]*data-fits-kind="kind"', page)
    for followup_round in tertial_rounds:
        fitting = "annual board" if followup_round.is_year_end else "interim board"
        assert re.search(rf'<option value="{followup_round.pk}"[^>]* data-kinds="{fitting}"', page)


@pytest.mark.django_db
def test_it_shows_the_refusal_under_the_round_field(editor_client, personas, tertial_rounds):
    whole_year = tertial_rounds[-1]
    url = reverse("documents:document_create", kwargs={"plan_pk": personas.draft_plan.pk})
    response = editor_client.post(
        url, {"kind": "interim", "file_format": "docx", "followup_round": whole_year.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_followup_round"' in page
    assert f"Follow-up round: “{whole_year.name}” is a round of the whole year" in page
    assert not GeneratedDocument.objects.exists()
