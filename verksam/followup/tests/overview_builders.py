"""Small builders for the tests of the county and national overviews."""

import datetime

from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment
from verksam.followup.tests.builders import make_round
from verksam.organisations.choices import OrganisationKind
from verksam.plans.choices import PlanKind, PlanStatus
from verksam.plans.models import Contribution, Tag
from verksam.testing import make_item, make_organisation, make_plan

__all__ = [
    "assess",
    "link",
    "make_municipal_library",
    "make_region",
    "make_regional_plan",
    "make_year_round",
    "published_plan",
    "tag",
]


def make_region(name: str, county_code: str):
    return make_organisation(name, OrganisationKind.REGION, county_code=county_code)


def make_municipal_library(municipality_name: str, code: str, library_name: str):
    """A municipality with the given code and a library organisation under it."""
    municipality = make_organisation(
        municipality_name, OrganisationKind.MUNICIPALITY, municipality_code=code
    )
    return municipality, make_organisation(library_name, parent=municipality)


def published_plan(organisation, title: str, **fields):
    """An adopted, published plan (2025 unless a year or period is given)."""
    fields.setdefault("year", 2025)
    return make_plan(
        organisation, title=title, status=PlanStatus.ADOPTED, is_published=True, **fields
    )


def make_regional_plan(region, focus_areas: list[str], **fields):
    """The region's adopted, published regional library plan 2024–2027 with focus areas."""
    fields.setdefault("period_start", datetime.date(2024, 1, 1))
    fields.setdefault("period_end", datetime.date(2027, 12, 31))
    fields.setdefault("title", "Regional biblioteksplan")
    plan = published_plan(
        region, kind=PlanKind.REGIONAL_LIBRARY_PLAN, level_names=["Fokusområde"], **fields
    )
    return plan, [make_item(plan, title) for title in focus_areas]


def make_year_round(plan, year: int = 2025, *, name: str | None = None, **fields):
    """A round of the plan for the whole `year` (a year-end round unless told otherwise)."""
    fields.setdefault("period_start", datetime.date(year, 1, 1))
    fields.setdefault("period_end", datetime.date(year, 12, 31))
    fields.setdefault("is_year_end", True)
    return make_round(plan, name or f"Helår {year}", due_days=31, rhythm=Rhythm.CUSTOM, **fields)


def assess(followup_round, item, status: str, state: str = AssessmentState.APPROVED):
    return Assessment.objects.create(round=followup_round, item=item, status=status, state=state)


def link(source, target):
    return Contribution.objects.create(source=source, target=target)


def tag(item, priority_group: str):
    item.tags.add(Tag.objects.get(priority_group=priority_group))
