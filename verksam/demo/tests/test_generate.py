"""Tests of the synthetic data set (verksam.demo.generate) and `verksam generate`."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation

from verksam.demo.generate import SCALES, GenerateError, Scale, generate_dataset
from verksam.followup.models import Assessment, FollowUpRound
from verksam.indicators.models import Measurement
from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, Item, Plan
from verksam.testing import make_organisation

pytestmark = pytest.mark.django_db

#: Two regions, three municipalities, five library units, three years of follow-up.
TINY = Scale(
    name="tiny",
    regions=("08", "09"),
    municipalities=(2, 1),
    units=5,
    items=(6, 9),
    earlier_items=(3, 5),
    focus_areas=2,
    goals_per_focus_area=(1, 2),
    years=3,
)


def snapshot() -> dict:
    """What the data set says, without ids: titles, structure, statuses and values."""
    return {
        "organisations": sorted(
            Organisation.objects.values_list("name", "kind", "depth", "municipality_code")
        ),
        "plans": sorted(Plan.objects.values_list("title", "status", "is_published")),
        "items": sorted(Item.objects.values_list("plan__title", "title", "depth", "position")),
        "assessments": sorted(
            Assessment.objects.values_list(
                "round__plan__title",
                "round__name",
                "item__title",
                "item__position",
                "status",
                "state",
                "progress",
            )
        ),
        "links": sorted(Contribution.objects.values_list("source__title", "target__title")),
        "measurements": sorted(
            (name, key, start, str(value))
            for name, key, start, value in Measurement.objects.values_list(
                "organisation__name", "indicator__key", "period_start", "value"
            )
        ),
    }


def generate_and_forget(seed: int) -> dict:
    """Generate the tiny data set, read it, and roll it back so the database is empty again."""
    with transaction.atomic():
        generate_dataset(TINY, seed)
        data = snapshot()
        transaction.set_rollback(True)
    return data


def test_it_generates_the_expected_counts():
    report = generate_dataset(TINY, 1)

    # Two regions with a regional library each, three municipalities, five library units.
    assert Organisation.objects.filter(kind=OrganisationKind.REGION).count() == 2
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 3
    assert Organisation.objects.filter(kind=OrganisationKind.BRANCH).count() == 2
    assert Organisation.objects.count() == 12
    assert report.rows["organisations.Organisation"] == 12
    # One national reader; three users per region and four per municipality.
    assert get_user_model().objects.count() == 1 + 2 * 3 + 3 * 4
    assert Membership.objects.filter(role=Role.READER, organisation__kind="region").count() == 4
    # Plans of two periods (2024–2027 and 2020–2023) for regions and library organisations.
    assert Plan.objects.filter(kind=PlanKind.REGIONAL_LIBRARY_PLAN).count() == 4
    current = Plan.objects.filter(kind=PlanKind.LIBRARY_PLAN, period_start__year=2024)
    assert current.count() == 3
    assert Plan.objects.filter(kind=PlanKind.LIBRARY_PLAN, period_start__year=2020).count() == 3
    assert Plan.objects.filter(kind=PlanKind.OPERATIONAL_PLAN).count() == 2
    for plan in current:
        assert 6 <= plan.items.count() <= 9
        assert set(plan.items.values_list("depth", flat=True)) == {0, 1, 2}
    # Three years of measurements for each library organisation and indicator.
    assert Measurement.objects.count() == 3 * 6 * 3
    assert report.rows["indicators.Measurement"] == 54
    assert report.seconds > 0


def test_it_keeps_paths_and_depths_as_organisation_save_does():
    generate_dataset(TINY, 1)

    for organisation in Organisation.objects.select_related("parent"):
        parent_path = organisation.parent.path if organisation.parent else "/"
        assert organisation.path == f"{parent_path}{organisation.pk}/"
        assert organisation.depth == organisation.path.count("/") - 2
    for item in Item.objects.select_related("parent"):
        assert item.depth == (item.parent.depth + 1 if item.parent else 0)
        assert item.parent is None or item.parent.plan_id == item.plan_id


def test_it_links_to_the_regional_plan_and_follows_up_every_item():
    generate_dataset(TINY, 1)

    for link in Contribution.objects.select_related("source__plan", "target__plan"):
        assert link.target.plan.kind == PlanKind.REGIONAL_LIBRARY_PLAN
        assert link.target.depth == 0
        assert (
            link.source.plan.organisation.county_code == link.target.plan.organisation.county_code
        )
    assert Contribution.objects.exists()
    for followup_round in FollowUpRound.objects.select_related("plan"):
        assert followup_round.plan.status != PlanStatus.DRAFT
        assert followup_round.assessments.count() == followup_round.plan.items.count()
    assert Assessment.objects.filter(state="approved").count() > Assessment.objects.count() / 2


def test_it_is_the_same_for_the_same_seed():
    first = generate_and_forget(7)
    second = generate_and_forget(7)

    assert first == second
    assert Counter(status for *_rest, status, _state, _progress in first["assessments"])


def test_it_differs_for_another_seed():
    assert generate_and_forget(7) != generate_and_forget(8)


def test_it_refuses_a_database_with_organisations():
    make_organisation("Stadsbiblioteket")

    with pytest.raises(GenerateError, match="VERKSAM_DATA_DIR"):
        generate_dataset(TINY, 1)
    assert Plan.objects.count() == 0


def test_it_refuses_a_scale_with_unknown_counties():
    with pytest.raises(GenerateError, match="99"):
        generate_dataset(Scale(name="bad", regions=("99",), municipalities=(1,), units=1), 1)


def run_generate(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("generate", *args, stdout=out)
    return out.getvalue()


def test_the_command_generates_and_prints_the_rows(monkeypatch):
    monkeypatch.setitem(SCALES, "tiny", TINY)

    output = run_generate("--scale", "tiny", "--seed", "3", "--verbosity", "0")

    assert "Generated the tiny data set with seed 3" in output
    assert "plans.Item " in output
    assert "Total" in output
    assert Organisation.objects.count() == 12


def test_the_command_refuses_a_database_with_organisations():
    make_organisation("Stadsbiblioteket")

    with pytest.raises(CommandError, match="DATABASE_URL"):
        run_generate("--scale", "county", "--seed", "1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--scale", "huge"), "Unknown scale huge; choose one of: county, national"),
        (("--scale", "county", "--seed", "abc"), "The seed must be a whole number"),
        (("--scale", "county", "--seed", "-2"), "The seed must be a whole number"),
        (("--seed", "1"), "--scale"),
    ],
)
def test_the_command_explains_bad_options(args, message):
    with pytest.raises(CommandError, match=message):
        run_generate(*args)
    assert Organisation.objects.count() == 0
