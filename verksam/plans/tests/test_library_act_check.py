"""The Library Act check: the pure rule, the plan page and the county overview column."""

from django.urls import reverse
from django.utils import translation

from verksam.followup.tests.overview_builders import (
    make_municipal_library,
    make_region,
    make_regional_plan,
    published_plan,
)
from verksam.plans.choices import PlanKind, PriorityGroup
from verksam.plans.reading.library_act import check_library_act
from verksam.testing import make_item


def test_it_finds_the_priority_groups_in_their_usual_phrasings_and_inflections():
    text = (
        "Biblioteket ska särskilt nå personer med funktionsnedsättningar. "
        "Vi köper in litteratur på de nationella minoriteternas språk, bland annat meänkieli. "
        "Nyanlända och personer med annat modersmål än svenska får stöd. "
        "Barn och ungas läsning prioriteras."
    )
    check = check_library_act(text)
    assert set(check.groups_found) == {
        "disability",
        "national_minorities",
        "other_mother_tongue",
        "children_young",
    }
    disability = next(f for f in check.priority_groups if f.name == "disability")
    assert disability.sentences == [
        "Biblioteket ska särskilt nå personer med funktionsnedsättningar."
    ]


def test_it_names_what_a_plan_lacks():
    check = check_library_act("Vi samverkar med skolbiblioteken. Planen följs upp varje år.")
    assert check.groups_found == []
    assert set(check.contents_missing) == {
        "period",
        "adopting_body",
        "libraries",
        "digital_inclusion",
        "reading_promotion",
    }
    assert check.contents_map()["follow_up"] is True


def test_it_does_not_take_a_child_in_a_picture_caption_for_the_priority_group():
    assert check_library_act("Ett barn tar en bok ur en hylla.").groups_found == []


def _library_with_plan():
    region = make_region("Region Kalmar län", "08")
    make_regional_plan(region, ["Läsfrämjande"])
    _municipality, library = make_municipal_library("Kalmar kommun", "0880", "Kalmar bibliotek")
    plan = published_plan(library, "Biblioteksplan 2025", kind=PlanKind.LIBRARY_PLAN)
    make_item(plan, "Fler barn och unga läser")
    make_item(plan, "Läsfrämjande för personer med funktionsnedsättning")
    return region, plan


def test_it_shows_the_check_on_the_plan_page(admin_client, db):
    _region, plan = _library_with_plan()
    with translation.override("en"):
        response = admin_client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="library-act-heading"' in page
    groups = response.context["library_act"]["groups_found"]
    assert groups == 2


def test_it_shows_a_library_act_column_in_the_county_overview(admin_client, db):
    region, plan = _library_with_plan()
    url = reverse("dashboards:county_overview", args=[region.pk]) + "?year=2025"
    response = admin_client.get(url)
    assert response.status_code == 200
    line = next(
        line for line in response.context["overview"].rows if line.organisation == plan.organisation
    )
    assert line.library_act["plan"] == plan
    assert line.library_act["groups_found"] == 2
    assert plan.get_absolute_url() + "#library-act-heading" in response.content.decode()


def test_it_gives_a_library_its_municipalitys_library_plan_in_the_county_overview(admin_client, db):
    region = make_region("Region Kalmar län", "08")
    make_regional_plan(region, ["Läsfrämjande"])
    municipality, library = make_municipal_library("Kalmar kommun", "0880", "Kalmar bibliotek")
    plan = published_plan(municipality, "Biblioteksplan 2025", kind=PlanKind.LIBRARY_PLAN)
    make_item(plan, "Fler barn och unga läser")
    published_plan(library, "Verksamhetsplan 2025")  # the library is a row of the overview

    url = reverse("dashboards:county_overview", args=[region.pk]) + "?year=2025"
    response = admin_client.get(url)

    line = next(line for line in response.context["overview"].rows if line.organisation == library)
    assert line.library_act["plan"] == plan
    assert plan.get_absolute_url() + "#library-act-heading" in response.content.decode()


def test_it_counts_a_priority_group_tag_on_an_item(db):
    from verksam.plans.models import Tag
    from verksam.plans.reading.plan_check import plan_library_act_checks

    region = make_region("Region Kalmar län", "08")
    plan, _areas = make_regional_plan(region, ["Läsfrämjande"])
    item = make_item(plan, "Nätverk för arbetet med medier på flera språk")
    before = plan_library_act_checks([plan])[plan.pk].groups_found
    item.tags.add(Tag.objects.get(priority_group=PriorityGroup.OTHER_MOTHER_TONGUE))
    after = plan_library_act_checks([plan])[plan.pk].groups_found
    assert "other_mother_tongue" not in before
    assert "other_mother_tongue" in after


def test_it_finds_with_each_findings_patterns_as_one_what_each_pattern_finds():
    import re

    from verksam.plans.reading.library_act import EXPECTED_CONTENTS, PRIORITY_GROUPS, _one_pattern

    sentences = [
        "Biblioteket ska särskilt nå personer med funktionsnedsättningar",
        "Planen gäller för 2024–2027 och antogs av kommunfullmäktige",
        "Vi samverkar med skolbiblioteken om läsfrämjande för barn och unga",
        "Sagostund på samiska och meänkieli, digital delaktighet för nyanlända",
        "Uppföljningen sker varje år i bokbussen",
        "Ingenting här alls",
    ]
    for patterns in [*PRIORITY_GROUPS.values(), *EXPECTED_CONTENTS.values()]:
        one = _one_pattern(tuple(patterns))
        for sentence in sentences:
            each = any(re.search(p, sentence, re.IGNORECASE) for p in patterns)
            assert bool(one.search(sentence)) == each
