"""The national overview: every region's county against the Library Act's priority groups."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from verksam.followup import stored
from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.models import ItemStatus, StaleRollup
from verksam.followup.tests.overview_builders import (
    assess,
    make_municipal_library,
    make_region,
    make_regional_plan,
    make_year_round,
    published_plan,
    tag,
)
from verksam.plans.choices import PlanKind, PlanStatus, PriorityGroup
from verksam.testing import make_item, make_organisation, make_plan

MET, PARTLY_MET, NOT_ASSESSED = GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_ASSESSED
CHILDREN = PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE
DISABILITIES = PriorityGroup.PEOPLE_WITH_DISABILITIES
GROUPS = [value for value, _label in PriorityGroup.choices]


class Country:
    """Two counties with plans; see the fixture."""


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def country(personas):
    """Region Kalmar län (08) and Region Uppsala (personas.other_region, 03).

    Kalmar: the regional plan 2024–2027 (two focus areas, untagged); Kalmar
    stadsbibliotek (personas.home, 0880) with a library plan 2025 of three
    goals: two for children (met and partly met in the year-end round) and one
    for people with disabilities (submitted only). A draft and an adopted
    unpublished plan of the library have an item for children each. Uppsala:
    a library in municipality 0380 with a published plan 2025 whose one item is
    for children, without rounds. A region without county code is no row.
    """
    c = Country()
    c.kalmar = make_region("Region Kalmar län", "08")
    c.regional_plan, _focus = make_regional_plan(c.kalmar, ["Läsfrämjande", "Digitalt"])
    c.home = personas.home
    c.library_plan = published_plan(
        c.home, "Biblioteksplan 2025", kind=PlanKind.LIBRARY_PLAN, level_names=["Mål"]
    )
    c.reading = make_item(c.library_plan, "Barn läser")
    c.school = make_item(c.library_plan, "Skolbiblioteken")
    c.access = make_item(c.library_plan, "Tillgängliga lokaler")
    tag(c.reading, CHILDREN)
    tag(c.school, CHILDREN)
    tag(c.access, DISABILITIES)
    followup_round = make_year_round(c.library_plan)
    assess(followup_round, c.reading, MET)
    assess(followup_round, c.school, PARTLY_MET)
    assess(followup_round, c.access, MET, AssessmentState.SUBMITTED)

    draft = make_plan(c.home, title="Utkast 2025", year=2025)
    tag(make_item(draft, "Utkast för barn"), CHILDREN)
    unpublished = make_plan(c.home, title="Opublicerad", year=2025, status=PlanStatus.ADOPTED)
    tag(make_item(unpublished, "Opublicerat för barn"), CHILDREN)

    c.uppsala = personas.other_region
    _municipality, library = make_municipal_library(
        "Uppsala kommun", "0380", "Uppsala stadsbibliotek"
    )
    uppsala_plan = published_plan(library, "Uppsalas plan")
    tag(make_item(uppsala_plan, "Uppsalas barn"), CHILDREN)
    make_organisation("Region utan kod", "region")
    return c


def _url(**query) -> str:
    query.setdefault("year", 2025)
    query_string = "&".join(f"{key}={value}" for key, value in query.items())
    return reverse("dashboards:national_overview") + "?" + query_string


def _overview(client, **query):
    response = client.get(_url(**query))
    assert response.status_code == 200
    return response.context["overview"]


def _row(overview, region):
    rows = [row for row in overview.rows if row.region.pk == region.pk]
    assert len(rows) == 1
    return rows[0]


def _cell(row, group):
    return row.cells[GROUPS.index(group)]


def _login(client, personas, persona: str):
    if persona != "anonymous":
        client.force_login(personas.user(persona))


def test_it_shows_a_row_per_region_with_a_county_code(english, country):
    response = english.get(_url())
    overview = response.context["overview"]
    assert [row.region.name for row in overview.rows] == ["Region Uppsala", "Region Kalmar län"]
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "<caption" in page and '<th scope="row">' in page and '<th scope="col">' in page
    assert "All items" in page
    assert "Children and young people" in page
    assert 'style="' not in page and "<script>" not in page


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_counts_tagged_items_of_published_plans(client, personas, country, persona):
    _login(client, personas, persona)
    row = _row(_overview(client), country.kalmar)
    children = _cell(row, CHILDREN)
    assert children.count == 2
    assert children.counts[MET] == 1 and children.counts[PARTLY_MET] == 1
    assert children.status == PARTLY_MET
    disabilities = _cell(row, DISABILITIES)
    assert disabilities.count == 1
    assert disabilities.status == NOT_ASSESSED  # only submitted, never approved
    assert _cell(row, PriorityGroup.NATIONAL_MINORITIES).count == 0
    # The regional plan's two focus areas, the library plan's three goals and the
    # two items of the library's published operational plan 2025 (personas).
    assert row.all_items.count == 7
    assert row.plan_count == 3


@pytest.mark.parametrize("persona", ["reader", "superuser"])
def test_it_counts_drafts_and_unpublished_plans_for_those_who_may_read_them(
    client, personas, country, persona
):
    _login(client, personas, persona)
    row = _row(_overview(client), country.kalmar)
    assert _cell(row, CHILDREN).count == 4
    assert _cell(row, CHILDREN).counts[NOT_ASSESSED] == 2
    assert row.all_items.count == 9


def test_it_counts_each_county_apart_and_totals_the_country(client, country):
    overview = _overview(client)
    uppsala = _row(overview, country.uppsala)
    assert _cell(uppsala, CHILDREN).count == 1
    assert _cell(uppsala, CHILDREN).status == NOT_ASSESSED  # no round in the year
    assert uppsala.all_items.count == 1
    children_total = overview.column_totals[GROUPS.index(CHILDREN)]
    assert children_total.count == 3
    assert overview.all_items.count == 8


def test_it_filters_by_plan_kind(client, country):
    row = _row(_overview(client, kind=PlanKind.REGIONAL_LIBRARY_PLAN), country.kalmar)
    assert _cell(row, CHILDREN).count == 0
    assert row.all_items.count == 2
    row = _row(_overview(client, kind=PlanKind.LIBRARY_PLAN), country.kalmar)
    assert _cell(row, CHILDREN).count == 2


def test_it_filters_by_year(client, country):
    row = _row(_overview(client, year=2026), country.kalmar)
    # Only the regional plan runs in 2026.
    assert _cell(row, CHILDREN).count == 0
    assert row.all_items.count == 2
    assert row.all_items.status == NOT_ASSESSED


def test_it_counts_every_item_of_a_plan_with_a_round_in_all_items(client, country):
    make_year_round(country.regional_plan)
    row = _row(_overview(client), country.kalmar)
    assert row.all_items.count == 7
    # The library plan's goals: met, partly met, not assessed; the focus areas (now with a
    # round) and the operational plan's items (without one): not assessed.
    assert row.all_items.counts == {MET: 1, PARTLY_MET: 1, GoalStatus.NOT_MET: 0, NOT_ASSESSED: 5}


def test_it_links_each_region_to_its_county_overview(client, country):
    page = client.get(_url(kind=PlanKind.LIBRARY_PLAN)).content.decode()
    url = reverse("dashboards:county_overview", args=[country.kalmar.pk])
    assert f'href="{url}?year=2025&amp;kind=library_plan"' in page


def test_it_names_bad_filter_values_and_uses_the_defaults(english, country):
    response = english.get(_url(year="1066", kind="nope"))
    assert response.status_code == 200
    assert response.content.decode().count("Select a valid choice") == 2
    assert response.context["overview"].kind == ""


def test_it_states_what_it_counts(english, country):
    page = english.get(_url()).content.decode()
    assert "year-end round of 2025" in page
    assert "only approved follow-up counts" in page


def test_it_offers_the_years_of_the_readable_plans_up_to_this_year(client, country):
    make_plan(country.home, title="Plan 2030", year=2030, status=PlanStatus.ADOPTED)
    response = client.get(reverse("dashboards:national_overview"))
    years = [value for value, _label in response.context["form"].fields["year"].choices]
    this_year = timezone.localdate().year
    assert 2025 in years
    assert years == sorted(years, reverse=True)
    assert this_year - 1 in years
    # Only years in which a plan runs, none after this one: nothing is followed up there yet.
    assert max(years) <= this_year


@pytest.fixture
def keeping(settings):
    """Keep the counted overview, as outside the tests, in a cache of this test's own."""
    settings.VERKSAM_OVERVIEW_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "national-overview-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_it_keeps_the_count_for_a_while_and_says_when_it_was_made(
    english, personas, country, keeping, django_assert_max_num_queries
):
    first = _overview(english)
    make_item(country.library_plan, "Ny punkt efter räkningen")
    with django_assert_max_num_queries(4):  # the years and the session, no counting
        response = english.get(_url())
    kept = response.context["overview"]
    assert kept.counted_at == first.counted_at
    assert _row(kept, country.kalmar).all_items.count == 7
    assert "Counted at" in response.content.decode()


def test_it_never_shares_a_kept_count_between_people_who_read_different_plans(
    client, personas, country, keeping
):
    assert _row(_overview(client), country.kalmar).all_items.count == 7
    client.force_login(personas.reader)
    assert _row(_overview(client), country.kalmar).all_items.count == 9
    client.logout()
    client.force_login(personas.outsider)
    assert _row(_overview(client), country.kalmar).all_items.count == 7


def test_it_leaves_out_the_years_no_plan_runs_in():
    import datetime

    from verksam.followup.overviews.years import years_with_plans

    spans = [(2008, 2008), (2011, 2012), (2025, 2030)]
    years = years_with_plans(spans, datetime.date(2026, 6, 1), 2025)
    assert years == [2026, 2025, 2012, 2011, 2008]


def _figures(overview) -> list:
    return [
        (row.region.name, [cell.counts for cell in row.cells], row.all_items.counts)
        for row in overview.rows
    ]


def test_it_counts_the_stored_statuses_as_the_rule_gives_them(client, personas, country):
    client.force_login(personas.reader)
    # In a test the refresh after a commit never runs: every plan is still marked, and
    # is derived by the rule.
    assert StaleRollup.objects.exists()
    derived = _overview(client)
    stored.refresh_stale()
    assert not StaleRollup.objects.exists()

    counted = _overview(client)

    assert _figures(counted) == _figures(derived)
    children = _cell(_row(counted, country.kalmar), CHILDREN)
    assert children.counts[MET] == 1 and children.counts[PARTLY_MET] == 1
    assert children.counts[NOT_ASSESSED] == 2  # the draft's and the unpublished plan's


def test_it_derives_a_plan_whose_stored_row_of_an_item_is_missing(client, country):
    stored.refresh_stale()
    ItemStatus.objects.filter(item=country.school).delete()

    children = _cell(_row(_overview(client), country.kalmar), CHILDREN)

    assert children.count == 2
    assert children.counts[MET] == 1 and children.counts[PARTLY_MET] == 1


def test_it_derives_a_plan_waiting_for_its_refresh_instead_of_reading_its_rows(client, country):
    stored.refresh_stale()
    # A change the refresh has not reached yet: the row still says what it said before.
    ItemStatus.objects.filter(item=country.reading).update(status=GoalStatus.NOT_MET)
    StaleRollup.objects.create(plan_id=country.library_plan.pk)

    row = _row(_overview(client), country.kalmar)

    assert _cell(row, CHILDREN).counts[MET] == 1
    assert _cell(row, CHILDREN).counts[GoalStatus.NOT_MET] == 0
    assert row.all_items.counts[GoalStatus.NOT_MET] == 0


def test_it_counts_the_year_end_round_over_a_later_round_of_the_year(client, country):
    make_year_round(
        country.library_plan,
        name="Tertial 3",
        period_start=datetime.date(2025, 9, 1),
        is_year_end=False,
    )

    children = _cell(_row(_overview(client), country.kalmar), CHILDREN)

    assert children.counts[MET] == 1 and children.counts[PARTLY_MET] == 1
