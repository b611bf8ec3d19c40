"""Tests of `verksam demo`: what it loads, and that loading it again changes nothing."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from verksam.core.models import ChangeRecord
from verksam.demo.seeds import (
    DEMO_PASSWORD,
    EXTERNAL_PERSPECTIVE,
    INTERNAL_PERSPECTIVE,
    KALMAR_FOCUS_AREAS,
    ORGANISATIONS,
    PLANS,
    STOCKHOLM_PERSPECTIVES,
    UPPSALA_GOALS,
)
from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, Item, Plan, Tag

pytestmark = pytest.mark.django_db

#: The demo follows the date; these tests load it as of a fixed one.
TODAY = datetime.date(2026, 5, 15)
STOCKHOLM_2008 = "Verksamhetsplan 2008"
KALMAR_REGIONAL = "Regional biblioteksplan för Kalmar län"


def run_demo() -> str:
    """Run `verksam demo`; its messages in English, whatever the translations say."""
    out = StringIO()
    with translation.override("en"):
        call_command("demo", allow_without_debug=True, today=TODAY, stdout=out)
    return out.getvalue()


@pytest.fixture
def output(settings) -> str:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return run_demo()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def top_level_titles(plan: Plan) -> list[str]:
    return list(plan.items.filter(parent=None).order_by("position").values_list("title", flat=True))


def test_it_runs_twice_without_duplicating_anything(output):
    before = row_counts()

    second_output = run_demo()

    assert row_counts() == before
    assert "0 new" in second_output


def test_it_loads_every_seed_organisation(output):
    for name, kind, code in [
        ("Stockholms universitetsbibliotek", OrganisationKind.LIBRARY_ORGANISATION, ""),
        ("Regionbibliotek Stockholm", OrganisationKind.LIBRARY_ORGANISATION, ""),
        ("Stockholms stadsbibliotek", OrganisationKind.LIBRARY_ORGANISATION, ""),
        ("Uppsala stadsbibliotek", OrganisationKind.LIBRARY_ORGANISATION, ""),
        ("Biblioteksutveckling Region Kalmar län", OrganisationKind.LIBRARY_ORGANISATION, ""),
        ("Stockholms stad", OrganisationKind.MUNICIPALITY, "0180"),
        ("Uppsala kommun", OrganisationKind.MUNICIPALITY, "0380"),
        ("Kalmar kommun", OrganisationKind.MUNICIPALITY, "0880"),
    ]:
        organisation = Organisation.objects.get(name=name)
        assert organisation.kind == kind
        assert organisation.municipality_code == code
    assert Organisation.objects.get(name="Region Stockholm").county_code == "01"
    assert Organisation.objects.get(name="Region Kalmar län").county_code == "08"
    assert Organisation.objects.count() == len(ORGANISATIONS)


def test_it_places_the_organisations_in_their_trees(output):
    library = Organisation.objects.get(name="Stockholms universitetsbibliotek")
    assert library.parent.name == "Stockholms universitet"
    archive = Organisation.objects.get(name="Arkiv och registratur")
    assert archive.kind == OrganisationKind.WORK_GROUP
    assert archive.parent.kind == OrganisationKind.SECTION
    assert archive.path.startswith(library.path)
    assert library.children.filter(kind=OrganisationKind.SECTION).count() == 2
    assert library.children.filter(kind=OrganisationKind.LEADERSHIP_GROUP).count() == 1

    development = Organisation.objects.get(name="Biblioteksutveckling Region Kalmar län")
    assert development.parent.kind == OrganisationKind.ADMINISTRATION
    board = Organisation.objects.get(name="Regionala utvecklingsnämnden")
    assert board.kind == OrganisationKind.BOARD
    assert board.parent.name == "Regionfullmäktige"


def test_it_gives_stockholm_city_library_its_eight_perspectives(output):
    plan = Plan.objects.get(organisation__name="Stockholms stadsbibliotek", title=STOCKHOLM_2008)

    assert plan.level_names == ["Perspektiv", "Åtagande"]
    assert top_level_titles(plan) == list(STOCKHOLM_PERSPECTIVES)
    assert len(STOCKHOLM_PERSPECTIVES) == 8
    assert plan.items.filter(depth=1).count() > 20
    empty = plan.items.filter(parent=None, children=None).values_list("title", flat=True)
    assert set(empty) == {"Framtid", "Uppdrag"}
    assert plan.sections.filter(title__startswith="Steg").count() == 3
    assert plan.sections.filter(title="Ständiga förbättringar").exists()


def test_it_tags_every_stockholm_commitment_as_external_or_internal(output):
    plan = Plan.objects.get(organisation__name="Stockholms stadsbibliotek", title=STOCKHOLM_2008)
    perspectives = {EXTERNAL_PERSPECTIVE, INTERNAL_PERSPECTIVE}

    for commitment in plan.items.filter(depth=1).prefetch_related("tags"):
        tags = {tag.name for tag in commitment.tags.all()} & perspectives
        assert len(tags) == 1, commitment.title

    def perspective_of(parent: str) -> set[str]:
        return set(
            Tag.objects.filter(
                items__plan=plan, items__parent__title=parent, name__in=perspectives
            ).values_list("name", flat=True)
        )

    assert perspective_of("Besökare och verksamhet") == {EXTERNAL_PERSPECTIVE}
    assert perspective_of("Mötesplatser, IT och medier") == {INTERNAL_PERSPECTIVE}


def test_it_tags_stockholm_commitments_with_the_library_act_priority_groups(output):
    plan = Plan.objects.get(organisation__name="Stockholms stadsbibliotek", title=STOCKHOLM_2008)

    def tagged(title_start: str, group: str) -> bool:
        item = plan.items.get(title__startswith=title_start)
        return item.tags.filter(pk=Tag.objects.get(priority_group=group).pk).exists()

    assert tagged("Prioritera de allra yngsta barnen", "children")
    assert tagged("Tillgången till bibliotekens verksamhet", "disabilities")
    assert tagged("Biblioteken skall lyfta fram litteratur", "mother_tongue")


def test_it_gives_uppsala_its_branches_mobile_libraries_and_coordinated_cross_group(output):
    library = Organisation.objects.get(name="Uppsala stadsbibliotek")

    assert library.children.filter(kind=OrganisationKind.BRANCH).count() == 12
    assert library.children.filter(kind=OrganisationKind.MOBILE_LIBRARY).count() == 2
    cross_group = library.children.get(kind=OrganisationKind.CROSS_GROUP)
    assert cross_group.leader is not None
    assert cross_group.leader_title == "Samordnare"
    assert Membership.objects.filter(user=cross_group.leader, organisation=cross_group).exists()
    board = Organisation.objects.get(name="Kulturnämnden", parent__name="Uppsala kommun")
    assert board.kind == OrganisationKind.BOARD


def test_it_builds_uppsalas_chain_from_library_plan_to_assignments(output):
    library_plan = Plan.objects.get(
        kind=PlanKind.LIBRARY_PLAN,
        organisation__name="Uppsala kommun",
        title="Biblioteksplan för Uppsala kommun",
    )
    assignments = Plan.objects.get(title="Uppdrag 2011")
    library = Organisation.objects.get(name="Uppsala stadsbibliotek")

    assert top_level_titles(library_plan) == list(UPPSALA_GOALS)
    assert assignments.kind == PlanKind.ASSIGNMENT_PLAN
    assert assignments.organisation.kind == OrganisationKind.BOARD
    assert list(assignments.derived_from.all()) == [library_plan]
    for goal in assignments.items.filter(parent=None):
        assert [target.title for target in goal.contributes_to.all()] == [goal.title]
        assert goal.contributes_to.get().plan == library_plan
    assert not assignments.items.exclude(responsible_organisation=library).exists()
    values = assignments.sections.get(title="Gemensam grund för arbetet")
    for value in ("Kundfokus", "Delaktighet", "Helhetssyn", "Kommunikation", "Utmaning"):
        assert value in values.body


def test_it_lists_kalmars_four_focus_areas_in_order(output):
    plan = Plan.objects.get(title=KALMAR_REGIONAL, organisation__name="Region Kalmar län")

    assert top_level_titles(plan) == [
        "Läsfrämjande och språklig mångfald",
        "Digital delaktighet och digital omvandling",
        "Tillgänglighet",
        "Fördjupad samverkan mellan folkbiblioteken",
    ]
    assert top_level_titles(plan) == list(KALMAR_FOCUS_AREAS)
    strategy = plan.derived_from.get()
    assert strategy.kind == PlanKind.DEVELOPMENT_STRATEGY
    for focus_area in plan.items.all():
        assert focus_area.contributes_to.filter(plan=strategy).exists()


def test_it_links_kalmars_annual_activities_to_the_regional_focus_areas(output):
    regional = Plan.objects.get(title=KALMAR_REGIONAL, organisation__name="Region Kalmar län")
    annual = Plan.objects.get(
        organisation__name="Biblioteksutveckling Region Kalmar län", title="Verksamhetsplan 2025"
    )

    assert annual.level_names == ["Fokusområde", "Aktivitet"]
    assert list(annual.derived_from.all()) == [regional]
    activities = annual.items.filter(depth=1)
    assert activities.count() >= 6
    for activity in activities:
        assert activity.contributes_to.filter(plan=regional).exists(), activity.title
    reached = Item.objects.filter(incoming_contributions__source__plan=annual).distinct()
    assert set(reached.values_list("title", flat=True)) == set(KALMAR_FOCUS_AREAS)

    municipal = Plan.objects.get(organisation__name="Kalmar kommun")
    assert Contribution.objects.filter(
        source__plan=municipal, target__plan=regional
    ).count() == len(KALMAR_FOCUS_AREAS)


def test_it_keeps_some_plans_as_unpublished_drafts(output):
    drafts = Plan.objects.filter(status=PlanStatus.DRAFT)

    assert set(drafts.values_list("title", flat=True)) == {
        "Tvärgruppens plan 2011",
        "Biblioteksplan för Kalmar kommun 2025–2028",
        # The cross-group's plan carried on to this year stays a draft, like its seed.
        f"Tvärgruppens plan {TODAY.year}",
        # Next year's plan of Stockholm City Library, half written by its planning model.
        f"Verksamhetsplan {TODAY.year + 1} (demoutkast efter planeringsmodellen)",
    }
    assert not drafts.filter(is_published=True).exists()
    assert all(plan.items.exists() for plan in drafts)


def test_it_adopts_and_publishes_the_other_plans_with_a_decision(output):
    adopted = Plan.objects.exclude(status=PlanStatus.DRAFT)

    seed_titles = {seed.title for seed in PLANS if seed.decision is not None}
    assert seed_titles <= set(adopted.values_list("title", flat=True))
    for plan in adopted:
        assert plan.status == PlanStatus.ADOPTED
        assert plan.is_published
        decision = plan.decisions.get()
        assert decision.body and decision.case_number and decision.decided_on
        assert "Demo" in decision.note


def test_it_records_the_demo_in_the_change_log(output):
    for plan in Plan.objects.all():
        actions = set(
            ChangeRecord.objects.filter(object_type="plans.plan", object_id=plan.pk).values_list(
                "action", flat=True
            )
        )
        assert ChangeRecord.Action.CREATE in actions
        if plan.status == PlanStatus.ADOPTED:
            assert ChangeRecord.Action.ADOPT in actions
    assert ChangeRecord.objects.filter(object_type="plans.item").count() == Item.objects.count()
    assert ChangeRecord.objects.filter(action=ChangeRecord.Action.LINK).count() == (
        Contribution.objects.count()
    )


def test_it_sets_each_plan_to_its_documents_levels(output):
    levels = dict(Plan.objects.values_list("title", "level_names"))

    assert levels["Verksamhetsplan 2020"] == ["Övergripande mål", "Fokusområde", "Mål"]
    assert levels["Regional biblioteksplan 2020–2023 för Stockholmsregionen"] == ["Huvudspår"]
    assert levels["Målbild för samverkansarbetet"] == ["Målbild"]
    assert levels["Uppdrag 2011"] == ["Mål", "Uppdrag"]
    vision = Plan.objects.get(title="Verksamhetsplan 2020").sections.get(kind="vision")
    assert vision.body == "Vi skapar de bästa förutsättningarna för vetenskaplig kommunikation."
    e_archive = Item.objects.get(
        title="Ett e-arkiv är implementerat", plan__title="Verksamhetsplan 2020"
    )
    assert e_archive.responsible_organisation.name == "Arkiv och registratur"


def test_it_creates_demo_users_for_every_role(output):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)
    member = get_user_model().objects.get(username="kalmar-reader")
    assert member.check_password(DEMO_PASSWORD)
    assert member.email == "kalmar-reader@example.org"
    assert member.first_name and member.last_name
    kinds = set(Membership.objects.values_list("organisation__kind", flat=True))
    assert {
        OrganisationKind.LIBRARY_ORGANISATION,
        OrganisationKind.REGION,
        OrganisationKind.BOARD,
        OrganisationKind.WORK_GROUP,
        OrganisationKind.CROSS_GROUP,
    } <= kinds


def test_it_prints_the_accounts_and_says_they_are_not_for_production(output):
    assert "NOT FOR PRODUCTION" in output
    for username in ("admin", "sub-admin", "uppsala-editor", "kalmar-reader"):
        assert username in output
    assert DEMO_PASSWORD in output


def test_it_recreates_a_deleted_plan_and_links_it_to_the_plans_already_there(output):
    Plan.objects.get(title="Biblioteksplan för Kalmar kommun 2025–2028").delete()

    run_demo()

    municipal = Plan.objects.get(title="Biblioteksplan för Kalmar kommun 2025–2028")
    assert municipal.status == PlanStatus.DRAFT
    assert Contribution.objects.filter(source__plan=municipal).count() == len(KALMAR_FOCUS_AREAS)
    assert Plan.objects.filter(title="Regional biblioteksplan för Kalmar län").count() == 1


def test_it_leaves_an_existing_plan_as_it_is(output):
    plan = Plan.objects.get(title="Tvärgruppens plan 2011")
    plan.items.filter(depth=1).delete()
    count = plan.items.count()

    run_demo()

    assert plan.items.count() == count


def test_it_refuses_to_run_without_debug_unless_told_to(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("demo", stdout=StringIO())

    assert not Organisation.objects.exists()
