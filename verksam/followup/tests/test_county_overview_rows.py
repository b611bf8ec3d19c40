"""The county overview's rows made in Python are byte for byte those of the row template."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from verksam.followup.choices import GoalStatus
from verksam.followup.tests.overview_builders import (
    assess,
    link,
    make_municipal_library,
    make_region,
    make_regional_plan,
    make_year_round,
    published_plan,
)
from verksam.plans.choices import PlanKind
from verksam.testing import make_item, make_organisation


def _county():
    """Every kind of row: the region's library unit, the region's own plans, a library
    with a library plan and items of several statuses, a municipality's own plan, and a
    library without plans; names that must be escaped."""
    region = make_region("Region <Kalmar> & 'län'", "08")
    _plan, (reading, digital) = make_regional_plan(region, ["Läsfrämjande & <barn>", "Digitalt"])
    unit = make_organisation('Regionbibliotek "Öst"', parent=region)
    unit_plan = published_plan(unit, "Enhetens plan")
    link(make_item(unit_plan, "Enhetens mål"), digital)
    own_plan = published_plan(region, "Regionens verksamhetsplan")
    link(make_item(own_plan, "Regionens mål"), reading)

    municipality, library = make_municipal_library("Kalmar kommun", "0880", "Kalmar <bibliotek>")
    library_plan = published_plan(
        library, "Biblioteksplan 2025", kind=PlanKind.LIBRARY_PLAN, level_names=["Mål"]
    )
    goals = [make_item(library_plan, title) for title in ("Fler barn och unga läser", "Mål 2")]
    for goal in goals:
        link(goal, reading)
    link(make_item(library_plan, "Digitalt mål"), digital)
    followup_round = make_year_round(library_plan)
    assess(followup_round, goals[0], GoalStatus.MET)
    assess(followup_round, goals[1], GoalStatus.NOT_MET)

    municipal_plan = published_plan(municipality, "Kommunens plan")
    link(make_item(municipal_plan, "Kommunens mål"), reading)
    make_municipal_library("Nybro kommun", "0881", "Nybro bibliotek")
    return region


def _both_ways(client, region, language: str) -> tuple[str, str]:
    url = reverse("dashboards:county_overview", args=[region.pk]) + "?year=2025"
    response = client.get(url)
    assert response.status_code == 200
    context = {
        "overview": response.context["overview"],
        "region": region,
        "query": response.context["query"],
    }
    rows = "{% load county_overview %}{% county_overview_rows overview region query %}"
    with translation.override(language):
        by_template = render_to_string("followup/_county_overview_rows.html", context)
        by_python = engines["django"].from_string(rows).render(context)
    # The reference file ends in a newline that the page's template does not have.
    return by_template.removesuffix("\n"), by_python


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_makes_the_rows_of_the_row_template(admin_client, db, language):
    region = _county()

    by_template, by_python = _both_ways(admin_client, region, language)

    assert by_python == by_template
    assert by_python.count("<tr>") == 5
    assert "Kalmar &lt;bibliotek&gt;" in by_python
    assert "overview-tally" in by_python  # a cell of met and not met items
    assert "#library-act-heading" in by_python
    assert 'href="/oversikt/lan/' in by_python
    assert ("items:" if language == "en" else "punkter:") in by_python


def test_it_says_so_when_the_county_has_no_rows(admin_client, db):
    region = make_region("Region Tom", "09")
    make_regional_plan(region, ["Läsfrämjande"])

    by_template, by_python = _both_ways(admin_client, region, "en")

    assert by_python == by_template
    assert "The county has no library organisations yet." in by_python
