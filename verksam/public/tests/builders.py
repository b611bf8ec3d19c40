"""Data sets of the public pages' tests: plans in counties and municipalities, with follow-up."""

import datetime

from verksam.followup.models import Assessment
from verksam.organisations.choices import OrganisationKind
from verksam.plans.models import Decision, PlanSection
from verksam.testing import make_item, make_organisation, make_plan


def make_assessment(followup_round, item, *, state: str = "approved", **fields) -> Assessment:
    fields.setdefault("status", "met")
    return Assessment.objects.create(round=followup_round, item=item, state=state, **fields)


def make_region(county_code: str = "08", name: str = "Region Kalmar län"):
    return make_organisation(name, OrganisationKind.REGION, county_code=county_code)


def make_municipality(code: str, name: str):
    return make_organisation(
        name, OrganisationKind.MUNICIPALITY, municipality_code=code, county_code=code[:2]
    )


def make_published_plan(organisation, title: str, **fields):
    plan = make_plan(organisation, title=title, status="adopted", is_published=True, **fields)
    Decision.objects.create(
        plan=plan, body="Kulturnämnden", decided_on=datetime.date(2024, 12, 12), case_number="KN 1"
    )
    PlanSection.objects.create(plan=plan, title="Vision", body="Alla läser.")
    return plan


def add_items(plan, count: int, prefix: str = "Mål"):
    top = make_item(plan, f"{prefix} överst")
    return [top] + [make_item(plan, f"{prefix} {index}", parent=top) for index in range(count)]
