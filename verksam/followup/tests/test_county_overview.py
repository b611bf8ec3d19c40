"""The county overview: the county's libraries against the focus areas of the regional plan."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from verksam.followup.choices import AssessmentState, GoalStatus
from verksam.followup.tests.overview_builders import (
    assess,
    link,
    make_municipal_library,
    make_region,
    make_regional_plan,
    make_year_round,
    published_plan,
)
from verksam.organisations.choices import Role
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.testing import make_item, make_member, make_organisation, make_plan

MET, PARTLY_MET = GoalStatus.MET, GoalStatus.PARTLY_MET
NOT_MET, NOT_ASSESSED = GoalStatus.NOT_MET, GoalStatus.NOT_ASSESSED


class County:
    """Region Kalmar län and its plans; see the fixture for what links to what."""


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def county(personas):
    """Region Kalmar län (08) with a regional plan of two focus areas, 2024–2027.

    Kalmar stadsbibliotek (personas.home, municipality 0880) contributes:
    its library plan's goal "Fler läser" to Läsfrämjande directly (approved met);
    its operational plan's activity "Fler barn läser" to that goal, so to
    Läsfrämjande through a chain of two links (partly met in the year-end round,
    met in T2); the goal "Digitalt stöd" to Digital delaktighet (submitted
    only: not assessed). A draft plan and an adopted unpublished plan link to
    Läsfrämjande too, and an activity of the published operational plan links
    to Läsfrämjande only through the unpublished plan. Nybro (0881) has a
    library without plans; Uppsala (0380) is another county.
    """
    c = County()
    c.region = make_region("Region Kalmar län", "08")
    c.unit = make_organisation("Biblioteksutveckling", parent=c.region)
    c.plan, (c.reading, c.digital) = make_regional_plan(
        c.region, ["Läsfrämjande", "Digital delaktighet"]
    )
    c.home = personas.home
    c.library_plan = published_plan(
        c.home,
        "Biblioteksplan 2025–2028",
        kind=PlanKind.LIBRARY_PLAN,
        level_names=["Mål"],
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2028, 12, 31),
    )
    c.goal = make_item(c.library_plan, "Fler läser")
    c.digital_goal = make_item(c.library_plan, "Digitalt stöd")
    link(c.goal, c.reading)
    link(c.digital_goal, c.digital)
    c.operational_plan = personas.published_plan
    c.activity = c.operational_plan.items.get(depth=1)
    link(c.activity, c.goal)

    library_round = make_year_round(c.library_plan)
    assess(library_round, c.goal, MET)
    assess(library_round, c.digital_goal, MET, AssessmentState.SUBMITTED)
    t2 = make_year_round(
        c.operational_plan,
        name="T2 2025",
        period_start=datetime.date(2025, 5, 1),
        period_end=datetime.date(2025, 8, 31),
        is_year_end=False,
    )
    assess(t2, c.activity, MET)
    c.year_round = make_year_round(c.operational_plan)
    assess(c.year_round, c.activity, PARTLY_MET)

    c.draft = make_plan(c.home, title="Utkast 2025", year=2025)
    c.draft_item = make_item(c.draft, "Utkastets mål")
    link(c.draft_item, c.reading)
    c.unpublished = make_plan(
        c.home, title="Opublicerad 2025", year=2025, status=PlanStatus.ADOPTED
    )
    c.unpublished_item = make_item(c.unpublished, "Opublicerat mål")
    link(c.unpublished_item, c.reading)
    focus = c.operational_plan.items.get(depth=0)
    c.via_hidden = make_item(c.operational_plan, "Via opublicerad", parent=focus)
    link(c.via_hidden, c.unpublished_item)

    c.nybro, c.nybro_library = make_municipal_library("Nybro kommun", "0881", "Nybro bibliotek")
    _uppsala, c.uppsala_library = make_municipal_library(
        "Uppsala kommun", "0380", "Uppsala stadsbibliotek"
    )
    uppsala_plan = published_plan(c.uppsala_library, "Uppsalas plan")
    link(make_item(uppsala_plan, "Uppsalas mål"), c.reading)
    return c


def _url(county, **query) -> str:
    url = reverse("dashboards:county_overview", args=[county.region.pk])
    query.setdefault("year", 2025)
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def _overview(client, county, **query):
    response = client.get(_url(county, **query))
    assert response.status_code == 200
    return response.context["overview"]


def _row(overview, organisation):
    rows = [line for line in overview.rows if line.organisation.pk == organisation.pk]
    assert len(rows) == 1, [line.organisation.name for line in overview.rows]
    return rows[0]


def _counts(line) -> list[int]:
    return [cell.summary.count for cell in line.cells]


def _login(client, personas, persona: str):
    if persona != "anonymous":
        client.force_login(personas.user(persona))


def test_it_shows_a_matrix_of_libraries_and_focus_areas(english, county):
    response = english.get(_url(county))
    page = response.content.decode()
    overview = response.context["overview"]
    assert overview.plan == county.plan
    assert [f.title for f in overview.focus_areas] == ["Läsfrämjande", "Digital delaktighet"]
    assert page.count("<h1") == 1
    assert "County overview of Region Kalmar län" in page
    assert "<caption" in page
    assert f'<th scope="col"><a href="{county.reading.get_absolute_url()}">' in page
    assert '<th scope="row">' in page
    assert 'style="' not in page and "<script>" not in page


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_counts_direct_and_chained_contributions_of_published_plans(
    client, personas, county, persona
):
    _login(client, personas, persona)
    overview = _overview(client, county)
    line = _row(overview, county.home)
    # Läsfrämjande: the goal directly and the activity through the goal.
    assert _counts(line) == [2, 1]
    reading, digital = line.cells
    assert reading.summary.counts[MET] == 1
    assert reading.summary.counts[PARTLY_MET] == 1
    assert reading.summary.status == PARTLY_MET
    # Only a submitted assessment: not assessed.
    assert digital.summary.status == NOT_ASSESSED
    assert line.total.count == 3


@pytest.mark.parametrize("persona", ["reader", "editor", "superuser"])
def test_it_counts_drafts_and_unpublished_plans_for_those_who_may_read_them(
    client, personas, county, persona
):
    _login(client, personas, persona)
    line = _row(_overview(client, county), county.home)
    # Also the draft's and the unpublished plan's items, and the activity linked
    # through the unpublished plan.
    assert _counts(line) == [5, 1]
    assert line.total.count == 6


def test_it_never_counts_a_chain_through_a_plan_the_visitor_may_not_read(client, county):
    overview = _overview(client, county)
    rows = {line.organisation.pk: line for line in overview.rows}
    assert rows[county.home.pk].cells[0].summary.count == 2
    response = client.get(
        reverse(
            "dashboards:county_overview_cell",
            args=[county.region.pk, county.home.pk, county.reading.pk],
        )
        + "?year=2025"
    )
    titles = [entry.item.title for entry in response.context["contributing"]]
    assert sorted(titles) == ["Fler barn läser", "Fler läser"]
    page = response.content.decode()
    for hidden in ("Utkastets mål", "Opublicerat mål", "Via opublicerad"):
        assert hidden not in page


def test_it_uses_the_year_end_round_and_only_approved_assessments(client, personas, county):
    client.force_login(personas.editor)
    overview = _overview(client, county)
    reading = _row(overview, county.home).cells[0]
    # The activity is partly met at year end (met in T2 does not count); the
    # draft's and the unpublished plan's items have no round: not assessed.
    assert reading.summary.counts == {MET: 1, PARTLY_MET: 1, NOT_MET: 0, NOT_ASSESSED: 3}
    assert {p.title for p in overview.plans_without_round} == {
        "Utkast 2025",
        "Opublicerad 2025",
    }


def test_it_uses_the_latest_round_of_the_year_without_a_year_end_round(client, county):
    county.year_round.delete()
    reading = _row(_overview(client, county), county.home).cells[0]
    assert reading.summary.counts[MET] == 2  # the goal, and the activity in T2
    assert reading.summary.status == MET


def test_it_shows_libraries_that_contribute_nothing(client, county):
    overview = _overview(client, county)
    nybro = _row(overview, county.nybro_library)
    assert _counts(nybro) == [0, 0]
    assert nybro.total.count == 0
    assert nybro.total.status is None


def test_it_leaves_out_other_counties_and_empty_rows(client, county):
    overview = _overview(client, county)
    shown = {line.organisation.pk for line in overview.rows}
    assert county.uppsala_library.pk not in shown
    # The region's unit has no plans, the municipalities contribute nothing of their own.
    assert county.unit.pk not in shown
    assert county.nybro.pk not in shown
    assert sum(total.count for total in overview.column_totals) == 3


def test_it_shows_the_regions_unit_and_a_municipalitys_own_plans_when_they_have_some(
    client, county
):
    published_plan(county.unit, "Regionbibliotekets verksamhetsplan")
    municipal_plan = published_plan(
        county.nybro, "Nybros biblioteksplan", kind=PlanKind.LIBRARY_PLAN
    )
    link(make_item(municipal_plan, "Nybro läser"), county.reading)
    overview = _overview(client, county)
    assert _counts(_row(overview, county.unit)) == [0, 0]
    assert _counts(_row(overview, county.nybro)) == [1, 0]
    assert _counts(_row(overview, county.nybro_library)) == [0, 0]


def test_it_totals_rows_and_columns_counting_each_item_once_per_row(client, county):
    # The goal now contributes to both focus areas, and so the activity linked to it
    # does too: each counts in both columns, but once in the row.
    link(county.goal, county.digital)
    overview = _overview(client, county)
    line = _row(overview, county.home)
    assert _counts(line) == [2, 3]
    assert line.total.count == 3
    assert [total.count for total in overview.column_totals] == [2, 3]
    assert overview.total.count == 3


def test_it_filters_by_plan_kind(client, county):
    line = _row(_overview(client, county, kind=PlanKind.OPERATIONAL_PLAN), county.home)
    assert _counts(line) == [1, 0]
    line = _row(_overview(client, county, kind=PlanKind.LIBRARY_PLAN), county.home)
    assert _counts(line) == [1, 1]


def test_it_filters_by_year(client, county):
    line = _row(_overview(client, county, year=2026), county.home)
    # The operational plan is for 2025; the library plan runs on, without a 2026 round.
    assert _counts(line) == [1, 1]
    assert line.cells[0].summary.status == NOT_ASSESSED


def test_it_lets_the_visitor_choose_another_plan_of_the_region(client, county):
    other, (theme,) = make_regional_plan(
        county.region,
        ["Samverkan"],
        title="Äldre regional plan",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )
    link(county.goal, theme)
    overview = _overview(client, county, plan=other.pk)
    assert overview.plan == other
    assert [f.title for f in overview.focus_areas] == ["Samverkan"]
    assert _counts(_row(overview, county.home)) == [2]  # the goal, and the activity through it


def test_it_chooses_the_current_adopted_regional_library_plan_by_default(client, county):
    make_regional_plan(
        county.region,
        ["Gammalt"],
        title="Äldre regional plan",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )
    response = client.get(reverse("dashboards:county_overview", args=[county.region.pk]))
    assert response.context["overview"].plan == county.plan


def test_it_names_bad_filter_values_and_uses_the_defaults(english, county):
    response = english.get(_url(county, year="abc", kind="nope", plan="999999"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Select a valid choice") == 3
    overview = response.context["overview"]
    assert overview.plan == county.plan
    assert overview.kind == ""


def test_it_does_not_offer_a_plan_the_visitor_may_not_read(client, county):
    hidden, _items = make_regional_plan(county.region, ["Hemligt"], title="Ny plan (utkast)")
    hidden.status, hidden.is_published = PlanStatus.DRAFT, False
    hidden.save()
    response = client.get(_url(county, plan=hidden.pk))
    assert response.context["overview"].plan == county.plan
    assert "Ny plan (utkast)" not in response.content.decode()
    assert "Hemligt" not in response.content.decode()


def test_it_says_so_when_the_region_has_no_regional_plan(english, personas):
    region = make_region("Region Gotland", "09")
    response = english.get(reverse("dashboards:county_overview", args=[region.pk]))
    assert response.status_code == 200
    assert "has no regional library plan that you may read" in response.content.decode()


def test_it_answers_404_for_an_unknown_region(client, personas, county):
    assert client.get(reverse("dashboards:county_overview", args=[999999])).status_code == 404
    # A municipality is no region, nor is a region without a county code.
    not_regions = [personas.municipality, make_region("Region utan kod", "")]
    for organisation in not_regions:
        url = reverse("dashboards:county_overview", args=[organisation.pk])
        assert client.get(url).status_code == 404


def test_it_states_the_round_rule_on_the_page(english, county):
    page = english.get(_url(county)).content.decode()
    assert "year-end round of 2025" in page
    assert "only approved follow-up counts" in page


def test_it_shows_status_in_words_and_symbols(english, county):
    page = english.get(_url(county)).content.decode()
    assert 'class="status status--partly_met"' in page
    assert "partly met" in page
    assert "overview-cell--partly_met" in page


# --- The cell: one library's contributions to one focus area ---


def _cell_url(county, organisation, focus_area, **query) -> str:
    query.setdefault("year", 2025)
    url = reverse(
        "dashboards:county_overview_cell",
        args=[county.region.pk, organisation.pk, focus_area.pk],
    )
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def test_it_lists_a_cells_items_with_plan_chain_and_status(english, county):
    response = english.get(_cell_url(county, county.home, county.reading))
    assert response.status_code == 200
    entries = {entry.item.title: entry for entry in response.context["contributing"]}
    assert set(entries) == {"Fler läser", "Fler barn läser"}
    chained = entries["Fler barn läser"]
    assert [step.title for step in chained.chain] == [
        "Fler barn läser",
        "Fler läser",
        "Läsfrämjande",
    ]
    assert chained.links == 2
    assert chained.status == PARTLY_MET
    assert chained.round == county.year_round
    assert entries["Fler läser"].links == 1
    page = response.content.decode()
    activity = county.activity
    assert reverse("plans:item_detail", args=[activity.plan_id, activity.pk]) in page
    assert reverse("plans:item_trace", args=[activity.plan_id, activity.pk]) in page
    assert "Through a chain of 2 links" in page
    assert county.operational_plan.title in page
    assert "<caption" in page and '<th scope="row">' in page


def test_it_lists_the_same_items_as_the_cell_counts(client, personas, county):
    client.force_login(personas.reader)
    overview = _overview(client, county)
    line = _row(overview, county.home)
    for cell in line.cells:
        response = client.get(_cell_url(county, county.home, cell.focus_area))
        assert len(response.context["contributing"]) == cell.summary.count


def test_it_filters_a_cell_by_kind(client, county):
    response = client.get(
        _cell_url(county, county.home, county.reading, kind=PlanKind.LIBRARY_PLAN)
    )
    assert [e.item.title for e in response.context["contributing"]] == ["Fler läser"]


def test_it_says_so_when_a_library_contributes_nothing(english, county):
    response = english.get(_cell_url(county, county.nybro_library, county.reading))
    assert response.status_code == 200
    assert response.context["contributing"] == []
    assert "that you may read contributes to this focus area" in response.content.decode()


def test_it_answers_404_for_a_cell_outside_the_county(client, personas, county):
    bad = [
        (county.uppsala_library, county.reading),  # a library of another county
        (county.home, county.goal),  # not a top-level item of a plan of the region
    ]
    for organisation, item in bad:
        assert client.get(_cell_url(county, organisation, item)).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "reader"])
def test_it_answers_404_for_a_focus_area_of_a_plan_the_visitor_may_not_read(
    client, personas, county, persona
):
    draft, (hidden,) = make_regional_plan(county.region, ["Hemligt"], title="Utkast")
    draft.status, draft.is_published = PlanStatus.DRAFT, False
    draft.save()
    _login(client, personas, persona)
    assert client.get(_cell_url(county, county.home, hidden)).status_code == 404
    member = make_member(county.region, Role.READER)
    client.force_login(member)
    assert client.get(_cell_url(county, county.home, hidden)).status_code == 200


# --- Links to the overviews ---


def test_the_regions_dashboard_links_to_the_overviews(client, personas, county):
    url = reverse("dashboards:organisation_dashboard", args=[county.region.pk])
    page = client.get(url).content.decode()
    assert reverse("dashboards:county_overview", args=[county.region.pk]) in page
    assert reverse("dashboards:national_overview") in page
    library = client.get(
        reverse("dashboards:organisation_dashboard", args=[county.home.pk])
    ).content.decode()
    assert "/oversikt/lan/" not in library
