"""Reads of the public pages: published plans by county and municipality, and one plan.

What these pages show is what anyone may see, whoever asks. Plans come through
verksam.plans.permissions as an anonymous visitor sees them (published, never a
draft); follow-up is the approved assessments only, the only ones the public may
read (verksam.followup.permissions); contributes-to links and related plans only
where the other end is publicly visible too. A logged-in member gets the same
pages: their own view of a plan is the plan's own page.

Where a plan belongs: its organisation, or the nearest organisation above it,
carries a code of Statistics Sweden. A municipality code (0880) places the plan
in that municipality and in the county named by its first two digits (08); a
county code alone (a region) places it in the county, at the regional level.
Plans of organisations with no code above them (a university, say) belong to no
county; the list of counties shows them apart.

Every function reads in a fixed number of queries, whatever the number of
plans, items, organisations and rounds.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.text import slugify

from verksam.followup import stored
from verksam.followup.charts import Chart
from verksam.followup.choices import AssessmentState
from verksam.followup.dashboards.selectors import (
    plan_rounds,
    round_summary_chart,
    status_grid_chart,
)
from verksam.followup.models import Assessment, FollowUpRound
from verksam.organisations.choices import COUNTIES, OrganisationKind
from verksam.organisations.models import Organisation
from verksam.plans.models import Item, Plan
from verksam.plans.permissions import plan_for_user, visible_plans
from verksam.plans.selectors import ItemNode, plan_context, plan_tree

#: Whoever reads a public page is treated as an anonymous visitor.
PUBLIC = AnonymousUser()

_DASHES = str.maketrans({"–": "-", "—": "-", "/": "-"})


def public_slug(text: str, fallback: str = "plan") -> str:
    """A URL slug in plain ASCII: "Kalmar län" becomes "kalmar-lan"."""
    return slugify(text.translate(_DASHES)) or fallback


def public_plans() -> QuerySet[Plan]:
    """Every plan anyone may read: the plans an anonymous visitor is allowed to see."""
    return visible_plans(PUBLIC)


def public_plan_url(plan: Plan) -> str:
    return reverse("public:plan_detail", kwargs={"pk": plan.pk, "slug": public_slug(plan.title)})


# --- Counties and municipalities ---


@dataclass(frozen=True)
class County:
    code: str
    name: str

    @property
    def slug(self) -> str:
        return public_slug(self.name)

    def get_absolute_url(self) -> str:
        return reverse("public:region_detail", kwargs={"county_slug": self.slug})


COUNTY_BY_CODE = {code: County(code, name) for code, name in COUNTIES.items()}
COUNTY_BY_SLUG = {county.slug: county for county in COUNTY_BY_CODE.values()}


def county_for_slug(slug: str) -> County | None:
    return COUNTY_BY_SLUG.get(slug)


@dataclass
class Municipality:
    """A municipality, named after its municipality organisation ("Kalmar kommun")."""

    code: str
    name: str
    county: County
    slug: str = ""
    plan_count: int = 0

    def get_absolute_url(self) -> str:
        return reverse(
            "public:municipality_detail",
            kwargs={"county_slug": self.county.slug, "municipality_slug": self.slug},
        )


@dataclass(frozen=True)
class Place:
    """Where a plan belongs: a county, and a municipality unless it is regional."""

    county: County
    municipality_code: str = ""


class CodedOrganisations:
    """The organisations that carry a county or municipality code, read in one query.

    They are few (a region per county and a municipality per municipality,
    about three hundred in all), and every public page needs them to place the
    plans it shows.
    """

    def __init__(self, rows: list[dict]):
        self.by_id = {row["id"]: row for row in rows}

    @staticmethod
    def _rows(condition: Q | None = None) -> list[dict]:
        coded = Organisation.objects.exclude(county_code="", municipality_code="")
        if condition is not None:
            coded = coded.filter(condition)
        return list(
            coded.order_by("depth", "name", "pk").values(
                "id", "name", "kind", "path", "county_code", "municipality_code"
            )
        )

    @classmethod
    def load(cls) -> "CodedOrganisations":
        return cls(cls._rows())

    @classmethod
    def around(cls, path: str) -> "CodedOrganisations":
        """Enough to place the organisation with this tree path and name its municipality:
        the coded organisations above it, then those of its county (a tenth of the country's).
        """
        above = cls(cls._rows(Q(pk__in=[int(part) for part in path.strip("/").split("/") if part])))
        place = above.place_of(path)
        if place is None or not place.municipality_code:
            return above
        code = place.county.code
        return cls(cls._rows(Q(county_code=code) | Q(municipality_code__startswith=code)))

    def place_of(self, path: str) -> Place | None:
        """The place of an organisation with this tree path: by the nearest code at or above it."""
        for part in reversed(path.strip("/").split("/")):
            row = self.by_id.get(int(part)) if part else None
            if row is None:
                continue
            municipality_code = row["municipality_code"]
            if municipality_code and municipality_code[:2] in COUNTY_BY_CODE:
                return Place(COUNTY_BY_CODE[municipality_code[:2]], municipality_code)
            if row["county_code"] in COUNTY_BY_CODE:
                return Place(COUNTY_BY_CODE[row["county_code"]])
        return None

    def paths_in_county(self, county: County) -> list[str]:
        return [
            row["path"]
            for row in self.by_id.values()
            if row["county_code"] == county.code or row["municipality_code"][:2] == county.code
        ]

    def paths_in_municipality(self, code: str) -> list[str]:
        return [row["path"] for row in self.by_id.values() if row["municipality_code"] == code]

    def municipalities(self, county: County) -> dict[str, Municipality]:
        """The county's municipalities by code, each with a slug unique in the county.

        The name is that of the municipality organisation with the code (or of
        the first organisation with it); the slug leaves out " kommun", so
        Kalmar kommun is "kalmar".
        """
        found: dict[str, Municipality] = {}
        rows = sorted(
            (row for row in self.by_id.values() if row["municipality_code"][:2] == county.code),
            key=lambda row: (row["kind"] != OrganisationKind.MUNICIPALITY, row["path"]),
        )
        for row in rows:
            code = row["municipality_code"]
            if code not in found:
                found[code] = Municipality(code=code, name=row["name"], county=county)
        slugs = Counter(_municipality_slug(m.name) for m in found.values())
        for municipality in found.values():
            slug = _municipality_slug(municipality.name)
            municipality.slug = slug if slugs[slug] == 1 else f"{slug}-{municipality.code}"
        return dict(sorted(found.items(), key=lambda pair: pair[1].name))


def _municipality_slug(name: str) -> str:
    name = name.strip()
    if name.lower().endswith(" kommun"):
        name = name[: -len(" kommun")]
    return public_slug(name, fallback="kommun")


def _under_any(paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(organisation__path__startswith=path)
    return condition


def _listed(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.select_related("organisation").order_by(
        "organisation__path", "-period_start", "title", "pk"
    )


@dataclass
class CountySummary:
    county: County
    plan_count: int = 0
    municipality_count: int = 0


@dataclass
class CountyList:
    counties: list[CountySummary]
    #: Published plans of organisations that belong to no county (universities …).
    other_plans: list[Plan]


def county_list() -> CountyList:
    """The counties with publicly visible plans, how many each, and the plans placed nowhere.

    Three queries: the coded organisations, the public plans counted per
    organisation, and the plans of the organisations that belong to no county.
    """
    coded = CodedOrganisations.load()
    summaries: dict[str, CountySummary] = {}
    municipalities: dict[str, set[str]] = {}
    unplaced: list[int] = []
    for row in (
        public_plans()
        .order_by()
        .values("organisation_id", "organisation__path")
        .annotate(count=Count("pk"))
    ):
        place = coded.place_of(row["organisation__path"])
        if place is None:
            unplaced.append(row["organisation_id"])
            continue
        summary = summaries.setdefault(place.county.code, CountySummary(place.county))
        summary.plan_count += row["count"]
        if place.municipality_code:
            municipalities.setdefault(place.county.code, set()).add(place.municipality_code)
    for code, summary in summaries.items():
        summary.municipality_count = len(municipalities.get(code, ()))
    other_plans = (
        list(_listed(public_plans().filter(organisation_id__in=unplaced))) if unplaced else []
    )
    return CountyList(
        counties=[summaries[code] for code in sorted(summaries)], other_plans=other_plans
    )


@dataclass
class CountyPage:
    county: County
    #: Plans of the county's regional organisations (its region and the region's units).
    regional_plans: list[Plan]
    #: Municipalities with at least one publicly visible plan, by name.
    municipalities: list[Municipality]


def county_page(county: County) -> CountyPage:
    """The county's regional plans and its municipalities with public plans, in two queries."""
    coded = CodedOrganisations.load()
    municipalities = coded.municipalities(county)
    regional: list[Plan] = []
    paths = coded.paths_in_county(county)
    plans = list(_listed(public_plans().filter(_under_any(paths)))) if paths else []
    for plan in plans:
        place = coded.place_of(plan.organisation.path)
        if place is None or place.county != county:
            continue  # under a coded organisation of the county, but nearer to another code
        if not place.municipality_code:
            regional.append(plan)
        elif place.municipality_code in municipalities:
            municipalities[place.municipality_code].plan_count += 1
    return CountyPage(
        county=county,
        regional_plans=regional,
        municipalities=[m for m in municipalities.values() if m.plan_count],
    )


@dataclass
class MunicipalityPage:
    municipality: Municipality
    plans: list[Plan]


def municipality_page(county: County, slug: str) -> MunicipalityPage | None:
    """A municipality of the county by its slug, with the public plans of its
    organisations (the municipality, its library organisations and their units);
    None when the county has no municipality with that slug. Two queries."""
    coded = CodedOrganisations.load()
    municipality = next((m for m in coded.municipalities(county).values() if m.slug == slug), None)
    if municipality is None:
        return None
    paths = coded.paths_in_municipality(municipality.code)
    plans = [
        plan
        for plan in _listed(public_plans().filter(_under_any(paths)))
        if coded.place_of(plan.organisation.path) == Place(county, municipality.code)
    ]
    municipality.plan_count = len(plans)
    return MunicipalityPage(municipality=municipality, plans=plans)


# --- One plan ---


class ApprovedFollowUp(NamedTuple):
    """What the public page shows of an approved assessment."""

    status: str
    progress: int | None
    done: str
    results: str


@dataclass
class RoundRow:
    """An item in a round: its rolled-up status and its approved assessment, if any."""

    item: Item
    derivation: stored.StoredStatus | None
    assessment: ApprovedFollowUp | None


@dataclass
class PublicRound:
    round: FollowUpRound
    rows: list[RoundRow]
    summary_chart: Chart | None

    @property
    def summary_chart_name(self) -> str:
        return f"summary-{self.round.pk}"

    @property
    def approved_count(self) -> int:
        return sum(1 for row in self.rows if row.assessment is not None)


@dataclass
class PublicPlan:
    plan: Plan
    place: Place | None
    municipality: Municipality | None
    tree: list[ItemNode]
    sections: list
    decisions: list
    derived_from: list[Plan]
    derived_plans: list[Plan]
    previous_version: Plan | None
    next_versions: list[Plan]
    #: The rounds whose period has begun, the latest first.
    rounds: list[PublicRound] = field(default_factory=list)
    #: Status per top-level item and round: the dashboard's chart, over every round.
    status_chart: Chart | None = None


def public_plan(pk: int, *, today: datetime.date) -> PublicPlan:
    """A publicly visible plan with everything its public page shows; 404 for any other.

    A fixed number of queries: the plan, the coded organisations, the
    item tree with links, its sections, decisions and related plans, its rounds,
    their roll-up and their approved assessments.
    """
    plan = plan_for_user(PUBLIC, pk)
    context = plan_context(PUBLIC, plan)
    coded = CodedOrganisations.around(plan.organisation.path)
    place = coded.place_of(plan.organisation.path)
    municipality = None
    if place is not None and place.municipality_code:
        municipality = coded.municipalities(place.county).get(place.municipality_code)
    tree = plan_tree(PUBLIC, plan)
    top_items = [node.item for node in tree]
    rounds = plan_rounds(plan)
    begun = [r for r in rounds if r.period_start <= today]
    flat = _tree_order(tree)
    # Every item in the rounds begun (their tables), the top-level items in every round
    # (the chart): the stored statuses of what the page shows, nothing more.
    top_ids = [item.pk for item in top_items]
    every_id = [item.pk for item in flat]
    rollups = stored.statuses(
        {r: (every_id if r.period_start <= today else top_ids) for r in rounds}
    )
    approved = (
        {
            (round_id, item_id): ApprovedFollowUp(*shown)
            for round_id, item_id, *shown in Assessment.objects.filter(
                round__in=[r.pk for r in begun], state=AssessmentState.APPROVED
            ).values_list("round_id", "item_id", "status", "progress", "done", "results")
        }
        if begun
        else {}
    )
    public_rounds = []
    for followup_round in reversed(begun):
        derivations = rollups.get(followup_round.pk, {})
        rows = [
            RoundRow(
                item=item,
                derivation=derivations.get(item.pk),
                assessment=approved.get((followup_round.pk, item.pk)),
            )
            for item in flat
        ]
        public_rounds.append(
            PublicRound(
                round=followup_round,
                rows=rows,
                summary_chart=(
                    round_summary_chart(plan, followup_round, top_items, derivations)
                    if top_items
                    else None
                ),
            )
        )
    return PublicPlan(
        plan=plan,
        place=place,
        municipality=municipality,
        tree=tree,
        sections=context["sections"],
        decisions=context["decisions"],
        derived_from=context["derived_from"],
        derived_plans=context["derived_plans"],
        previous_version=context["previous_version"],
        next_versions=context["next_versions"],
        rounds=public_rounds,
        status_chart=(
            status_grid_chart(plan, rounds, top_items, rollups) if rounds and top_items else None
        ),
    )


def _tree_order(tree: list[ItemNode]) -> list[Item]:
    """The items of a tree in reading order: each followed by the items below it."""
    ordered: list[Item] = []
    stack = list(reversed(tree))
    while stack:
        node = stack.pop()
        ordered.append(node.item)
        stack.extend(reversed(node.children))
    return ordered
