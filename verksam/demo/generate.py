"""A deterministic synthetic data set at county or national scale, for benchmarks.

`generate_dataset(scale, seed)` fills an empty database with regions, their
regional library units and regional library plans, municipalities with their
library organisations and branches, a plan for every library unit, ten years
of follow-up rounds with assessments, indicators with ten years of
measurements per library organisation, and users with memberships. It is what
`verksam generate --scale county|national --seed N` runs; bench/README.md
describes the design and the row counts. The words it draws from are in
`generate_texts`; `generate_rows` writes the plans, follow-up and indicators.

The same scale and seed give the same data on every database: every choice is
drawn from one `random.Random(seed)` in a fixed order, and nothing depends on
primary keys, on today's date or on the clock (only the `created_at`
timestamps do). Rows are written with `bulk_create` in batches, so the
organisations' `path` and `depth` and the items' `depth` are set here, the way
`Organisation.save` and the plan services set them.

The names of places, libraries and people are made up; the counties, their
codes and the number of municipalities in each are Sweden's.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.utils.translation import gettext as _

from verksam.demo.generate_rows import (
    BATCH_SIZE,
    ItemSpec,
    PlanSpec,
    insert_followup,
    insert_indicators,
    insert_plans,
)
from verksam.demo.generate_texts import (
    ACTIVITY_OBJECTS,
    ACTIVITY_VERBS,
    COUNTIES,
    DESCRIPTIONS,
    FIRST_NAMES,
    FOCUS_THEMES,
    GOAL_TEMPLATES,
    GROUPS,
    INDICATORS,
    LAST_NAMES,
    PLACE_ENDS,
    PLACE_STARTS,
)
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.stored import rollup_rebuild
from verksam.indicators.choices import Direction
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans.choices import PlanKind, PlanStatus, PriorityGroup
from verksam.plans.models import Contribution, Decision, Item, Plan, PlanSection, Tag

_COUNTY = {code: (region, county, count) for code, region, county, count in COUNTIES}


class GenerateError(Exception):
    """The data set cannot be generated: a bad scale, or a database that is not empty."""


@dataclass(frozen=True)
class Scale:
    """How much to generate.

    `regions` are county codes from COUNTIES and `municipalities` the number of
    municipalities in each; `units` counts the library units in all (each
    municipality's library organisation plus its branches). Current plans have
    `items` items (inclusive range), the plans of earlier periods
    `earlier_items`. Follow-up and measurements cover the `years` years up to
    and including `last_year`; plans run for `plan_years` years, the current
    one from `last_year - 1`.
    """

    name: str
    regions: tuple[str, ...]
    municipalities: tuple[int, ...]
    units: int
    items: tuple[int, int] = (50, 200)
    earlier_items: tuple[int, int] = (15, 30)
    focus_areas: int = 5
    goals_per_focus_area: tuple[int, int] = (3, 5)
    years: int = 10
    last_year: int = 2025
    plan_years: int = 4

    def check(self) -> None:
        """Raise GenerateError when the scale cannot be generated."""
        unknown = [code for code in self.regions if code not in _COUNTY]
        if unknown:
            raise GenerateError(
                _("Unknown county codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        if len(set(self.regions)) != len(self.regions):
            raise GenerateError(_("Each county can be generated only once."))
        if len(self.municipalities) != len(self.regions) or min(self.municipalities) < 1:
            raise GenerateError(_("Give every region at least one municipality."))
        if max(self.municipalities) > 89:
            raise GenerateError(_("A county has at most 89 municipalities."))
        if self.units < sum(self.municipalities):
            raise GenerateError(
                _("There must be at least one library unit per municipality (%(count)d).")
                % {"count": sum(self.municipalities)}
            )
        for low, high in (self.items, self.earlier_items, self.goals_per_focus_area):
            if not 1 <= low <= high:
                raise GenerateError(_("An item range must run from 1 upwards, low to high."))
        if self.items[0] < 3 or self.earlier_items[0] < 3:
            raise GenerateError(_("A plan needs at least three items, one on each level."))
        if self.years < 1 or self.plan_years < 2 or self.focus_areas < 1:
            raise GenerateError(_("Give at least one year, one focus area and two-year plans."))
        if not 1900 < self.last_year < 9000:
            raise GenerateError(_("The last year must be a calendar year."))


NATIONAL = Scale(
    name="national",
    regions=tuple(code for code, *_rest in COUNTIES),
    municipalities=tuple(count for *_rest, count in COUNTIES),
    units=1100,
)
COUNTY = Scale(name="county", regions=("08",), municipalities=(12,), units=45)
SCALES = {scale.name: scale for scale in (COUNTY, NATIONAL)}


@dataclass
class GenerateReport:
    """What was written: rows per model, and the seconds it took."""

    scale: str
    seed: int
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


# Vocabulary of the made-up content, in Swedish like real plans.
_UTC = datetime.UTC


class _Generator:
    def __init__(self, scale: Scale, seed: int, progress: Callable[[str], None] | None) -> None:
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        self.progress = progress or (lambda message: None)
        self.first_year = scale.last_year - scale.years + 1
        self.current_start = scale.last_year - 1
        self.tags: dict[str, Tag] = {}
        self.indicators: list[Indicator] = []
        self.place_names: set[str] = set()
        self.user_model = get_user_model()

    # Helpers ------------------------------------------------------------------------------

    def periods(self) -> list[tuple[int, int]]:
        """(first, last) year of each plan period that overlaps the followed-up years, newest
        first."""
        periods = []
        start = self.current_start
        while start + self.scale.plan_years - 1 >= self.first_year:
            periods.append((start, start + self.scale.plan_years - 1))
            start -= self.scale.plan_years
        return periods

    def covered_years(self, first: int, last: int) -> tuple[int, ...]:
        return tuple(
            year
            for year in range(first, last + 1)
            if self.first_year <= year <= self.scale.last_year
        )

    def place_name(self, *, unique: bool) -> str:
        while True:
            name = self.rng.choice(PLACE_STARTS) + self.rng.choice(PLACE_ENDS)
            name = name[0] + name[1:].lower()
            if not unique or name not in self.place_names:
                self.place_names.add(name)
                return name

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    # Reference data -----------------------------------------------------------------------

    def load_reference_data(self) -> None:
        """The priority-group tags (made by a migration) and the shared indicators."""
        self.tags = {tag.priority_group: tag for tag in Tag.objects.exclude(priority_group="")}
        missing = set(PriorityGroup.values) - set(self.tags)
        if missing:
            raise GenerateError(
                _("The priority-group tags are missing. Run the migrations (verksam migrate).")
            )
        existing = {indicator.key: indicator for indicator in Indicator.objects.all()}
        new = [
            Indicator(
                key=key,
                name=name,
                unit=unit,
                direction=Direction.HIGHER_IS_BETTER,
                source=source,
                description="Syntetisk indikator för prestandamätningar.",
            )
            for key, name, unit, source, _size in INDICATORS
            if key not in existing
        ]
        Indicator.objects.bulk_create(new)
        existing.update({indicator.key: indicator for indicator in new})
        self.indicators = [existing[key] for key, *_rest in INDICATORS]

    # Organisations and people ---------------------------------------------------------------

    def create_organisations(self) -> list[dict]:
        """Every organisation, with paths; returns one dict per region with its units."""
        scale, rng = self.scale, self.rng
        regions: list[dict] = []
        branches_left = scale.units - sum(scale.municipalities)
        municipalities_left = sum(scale.municipalities)
        for code, count in zip(scale.regions, scale.municipalities, strict=True):
            region_name, county_name, _real_count = _COUNTY[code]
            region = {
                "code": code,
                "county": county_name,
                "org": Organisation(
                    name=region_name, kind=OrganisationKind.REGION, county_code=code
                ),
                "library": Organisation(
                    name=f"Regionbibliotek {county_name}",
                    kind=OrganisationKind.LIBRARY_ORGANISATION,
                    county_code=code,
                    description=f"Regional biblioteksverksamhet i {county_name}.",
                ),
                "municipalities": [],
            }
            for number in range(count):
                name = self.place_name(unique=True)
                # Spread the branches so that the total comes out exactly.
                share = branches_left / municipalities_left
                branches = min(branches_left, max(0, round(rng.uniform(0, 2 * share))))
                if municipalities_left == 1:
                    branches = branches_left
                branches_left -= branches
                municipalities_left -= 1
                municipality_code = f"{code}{10 + number:02d}"
                region["municipalities"].append(
                    {
                        "name": name,
                        "code": municipality_code,
                        "org": Organisation(
                            name=f"{name} kommun",
                            kind=OrganisationKind.MUNICIPALITY,
                            municipality_code=municipality_code,
                            county_code=code,
                        ),
                        "library": Organisation(
                            name=f"Biblioteken i {name}",
                            kind=OrganisationKind.LIBRARY_ORGANISATION,
                            municipality_code=municipality_code,
                            county_code=code,
                            library_statistics_id=f"SYN{municipality_code}00",
                        ),
                        "branches": [
                            Organisation(
                                name=f"{self.place_name(unique=False)} bibliotek",
                                kind=OrganisationKind.BRANCH,
                                position=position,
                                municipality_code=municipality_code,
                                county_code=code,
                                library_statistics_id=f"SYN{municipality_code}{position + 1:02d}",
                            )
                            for position in range(branches)
                        ],
                    }
                )
            regions.append(region)

        roots = []
        for region in regions:
            roots.append(region["org"])
            roots.extend(municipality["org"] for municipality in region["municipalities"])
        for position, root in enumerate(roots):
            root.position = position
        self._insert_tree_level(roots, below=False)
        libraries = []
        for region in regions:
            region["library"].parent = region["org"]
            libraries.append(region["library"])
            for municipality in region["municipalities"]:
                municipality["library"].parent = municipality["org"]
                libraries.append(municipality["library"])
        self._insert_tree_level(libraries, below=True)
        branches = []
        for region in regions:
            for municipality in region["municipalities"]:
                for branch in municipality["branches"]:
                    branch.parent = municipality["library"]
                    branches.append(branch)
        self._insert_tree_level(branches, below=True)
        return regions

    def _insert_tree_level(self, organisations: list[Organisation], *, below: bool) -> None:
        """Insert one level of the tree, then set path and depth as Organisation.save does."""
        Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)
        for organisation in organisations:
            parent_path = organisation.parent.path if below else "/"
            organisation.path = f"{parent_path}{organisation.pk}/"
            organisation.depth = organisation.path.count("/") - 2
        Organisation.objects.bulk_update(organisations, ["path", "depth"], batch_size=500)

    def create_people(self, regions: list[dict]) -> None:
        """Users with memberships: per region a reader, an editor and an administrator of the
        regional library; per municipality an administrator, editor and reporter of the
        library and a reader of the municipality; and one reader of every region."""
        User = self.user_model
        users: list = []
        memberships: list[tuple[object, Organisation, str]] = []

        def add(username: str, organisation: Organisation, role: str):
            first, last = self.person()
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                password=UNUSABLE_PASSWORD_PREFIX + "generated",
            )
            users.append(user)
            memberships.append((user, organisation, role))
            return user

        national = User(
            username="national-reader",
            first_name="Nora",
            last_name="Riksson",
            email="national-reader@example.org",
            password=UNUSABLE_PASSWORD_PREFIX + "generated",
        )
        users.append(national)
        for region in regions:
            code = region["code"]
            memberships.append((national, region["org"], Role.READER))
            add(f"region-{code}-reader", region["org"], Role.READER)
            region["editor"] = add(f"region-{code}-editor", region["library"], Role.EDITOR)
            region["admin"] = add(f"region-{code}-admin", region["library"], Role.ADMIN)
            for municipality in region["municipalities"]:
                prefix = f"kommun-{municipality['code']}"
                library = municipality["library"]
                municipality["admin"] = add(f"{prefix}-admin", library, Role.ADMIN)
                add(f"{prefix}-editor", library, Role.EDITOR)
                municipality["reporter"] = add(f"{prefix}-reporter", library, Role.REPORTER)
                add(f"{prefix}-reader", municipality["org"], Role.READER)
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(
            (
                Membership(user=user, organisation=organisation, role=role)
                for user, organisation, role in memberships
            ),
            batch_size=BATCH_SIZE,
        )

    # Plans -------------------------------------------------------------------------------------

    def regional_tree(self) -> list[ItemSpec]:
        rng = self.rng
        themes = rng.sample(FOCUS_THEMES, min(self.scale.focus_areas, len(FOCUS_THEMES)))
        tree = []
        for position, theme in enumerate(themes):
            area = ItemSpec(theme, 0, position, theme=theme)
            for goal_position in range(rng.randint(*self.scale.goals_per_focus_area)):
                area.children.append(self.goal(goal_position))
            tree.append(area)
        return tree

    def goal(self, position: int) -> ItemSpec:
        group_word, group = self.rng.choice(GROUPS)
        title = self.rng.choice(GOAL_TEMPLATES).format(group=group_word)
        return ItemSpec(title[0].upper() + title[1:], 1, position, group=group)

    def unit_tree(self, total: int) -> list[ItemSpec]:
        """A three-level tree of exactly `total` items: focus areas, goals, activities."""
        rng = self.rng
        focus_count = max(1, min(max(3, total // 30), 7, total // 3))
        rest = total - focus_count
        goal_count = min(rest - 1, max(focus_count, round(rest * 0.25)))
        activity_count = rest - goal_count
        themes = rng.sample(FOCUS_THEMES, focus_count)
        tree = [ItemSpec(theme, 0, position, theme=theme) for position, theme in enumerate(themes)]
        goals = []
        for index in range(goal_count):
            area = tree[index] if index < focus_count else tree[rng.randrange(focus_count)]
            goal = self.goal(len(area.children))
            area.children.append(goal)
            goals.append(goal)
        for index in range(activity_count):
            goal = goals[index] if index < len(goals) else goals[rng.randrange(len(goals))]
            title = f"{rng.choice(ACTIVITY_VERBS)} {rng.choice(ACTIVITY_OBJECTS)}"
            activity = ItemSpec(title, 2, len(goal.children))
            if rng.random() < 0.1:
                activity.group = rng.choice(PriorityGroup.values)
            if rng.random() < 0.3:
                activity.description = rng.choice(DESCRIPTIONS)
            goal.children.append(activity)
        return tree

    def region_plans(self, region: dict) -> list[PlanSpec]:
        """The regional library plan of every period, the current one adopted."""
        specs = []
        library = region["library"]
        for first, last in self.periods():
            current = first == self.current_start
            plan = Plan(
                organisation=library,
                kind=PlanKind.REGIONAL_LIBRARY_PLAN,
                title=f"Regional biblioteksplan för {region['county']} {first}–{last}",
                summary="Regionens plan för att utveckla folkbiblioteken i länet.",
                period_start=datetime.date(first, 1, 1),
                period_end=datetime.date(last, 12, 31),
                status=PlanStatus.ADOPTED if current else PlanStatus.ARCHIVED,
                is_published=True,
                level_names=["Fokusområde", "Mål"],
            )
            specs.append(
                PlanSpec(
                    plan,
                    self.regional_tree(),
                    round_years=self.covered_years(first, last),
                    people=(region["editor"].pk, region["admin"].pk),
                )
            )
        return specs

    def municipality_plans(
        self, municipality: dict, region_plans: dict[int, PlanSpec]
    ) -> list[PlanSpec]:
        """The library plan of every period for the library organisation, possibly a draft of
        the next one, and a current operational plan for each branch."""
        rng, scale = self.rng, self.scale
        library = municipality["library"]
        people = (municipality["reporter"].pk, municipality["admin"].pk)
        specs = []
        library_plan: PlanSpec | None = None
        for first, last in self.periods():
            current = first == self.current_start
            status, published = PlanStatus.ARCHIVED, True
            if current:
                status, published = self.current_status()
            size = rng.randint(*(scale.items if current else scale.earlier_items))
            plan = Plan(
                organisation=library,
                kind=PlanKind.LIBRARY_PLAN,
                title=f"Biblioteksplan för {municipality['name']} kommun {first}–{last}",
                summary="Kommunens plan för folkbiblioteken och skolbiblioteken.",
                period_start=datetime.date(first, 1, 1),
                period_end=datetime.date(last, 12, 31),
                status=status,
                is_published=published,
                level_names=["Fokusområde", "Mål", "Aktivitet"],
                activity_from_level=3,
            )
            spec = PlanSpec(
                plan,
                self.unit_tree(size),
                region_plan=region_plans.get(first),
                round_years=() if status == PlanStatus.DRAFT else self.covered_years(first, last),
                indicators=3 if current and status != PlanStatus.DRAFT else 0,
                people=people,
            )
            specs.append(spec)
            if current:
                library_plan = spec
        if rng.random() < 0.1:
            first = self.current_start + scale.plan_years
            last = first + scale.plan_years - 1
            plan = Plan(
                organisation=library,
                kind=PlanKind.LIBRARY_PLAN,
                title=(
                    f"Biblioteksplan för {municipality['name']} kommun {first}–{last} (förslag)"
                ),
                period_start=datetime.date(first, 1, 1),
                period_end=datetime.date(last, 12, 31),
                level_names=["Fokusområde", "Mål", "Aktivitet"],
                activity_from_level=3,
            )
            specs.append(PlanSpec(plan, self.unit_tree(rng.randint(*scale.earlier_items))))
        year = scale.last_year
        for branch in municipality["branches"]:
            status, published = self.current_status()
            plan = Plan(
                organisation=branch,
                kind=PlanKind.OPERATIONAL_PLAN,
                title=f"Verksamhetsplan {branch.name} {year}",
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                status=status,
                is_published=published,
                level_names=["Fokusområde", "Mål", "Aktivitet"],
                activity_from_level=3,
            )
            spec = PlanSpec(
                plan,
                self.unit_tree(rng.randint(*scale.items)),
                region_plan=region_plans.get(self.current_start),
                round_years=() if status == PlanStatus.DRAFT else (year,),
                half_year=True,
                people=people,
            )
            spec.derived_from = library_plan
            specs.append(spec)
        return specs

    def current_status(self) -> tuple[str, bool]:
        """Most current plans are adopted and published; some are unpublished, a few drafts."""
        draw = self.rng.random()
        if draw < 0.05:
            return PlanStatus.DRAFT, False
        if draw < 0.15:
            return PlanStatus.ADOPTED, False
        return PlanStatus.ADOPTED, True

    # The whole run ------------------------------------------------------------------------------

    def run(self) -> None:
        self.load_reference_data()
        regions = self.create_organisations()
        self.create_people(regions)
        self.progress(
            _("Organisations and users written; now the plans of %(count)d regions.")
            % {"count": len(regions)}
        )
        for region in regions:
            region_specs = self.region_plans(region)
            by_period = {spec.plan.period_start.year: spec for spec in region_specs}
            specs = list(region_specs)
            for municipality in region["municipalities"]:
                specs.extend(self.municipality_plans(municipality, by_period))
            # The regional plans first: the municipal plans' items link to their items.
            insert_plans(region_specs, rng=self.rng, tags=self.tags)
            insert_plans(specs[len(region_specs) :], rng=self.rng, tags=self.tags)
            insert_followup(specs, rng=self.rng, last_year=self.scale.last_year)
            insert_indicators(
                specs,
                region,
                rng=self.rng,
                scale=self.scale,
                first_year=self.first_year,
                indicators_of_country=self.indicators,
            )
            self.progress(
                _("%(region)s: %(plans)d plans.")
                % {"region": region["org"].name, "plans": len(specs)}
            )


#: The models whose rows the report counts (after the users), in the order they are printed.
COUNTED_MODELS = (
    Organisation,
    Membership,
    Plan,
    PlanSection,
    Decision,
    Item,
    Item.tags.through,
    Contribution,
    FollowUpRound,
    Assessment,
    Indicator,
    ItemIndicator,
    Target,
    Measurement,
)


def row_counts() -> dict[str, int]:
    """The number of rows of each model the generator writes."""
    models = [get_user_model(), *COUNTED_MODELS]
    return {model._meta.label: model.objects.count() for model in models}


def generate_dataset(
    scale: Scale, seed: int, *, progress: Callable[[str], None] | None = None
) -> GenerateReport:
    """Fill an empty database with the synthetic data set of `scale`, the same for a seed.

    Refuses (GenerateError) when the database already has organisations: the data
    set is made for a fresh database, and mixing it with real data would make
    neither usable.
    """
    scale.check()
    if Organisation.objects.exists():
        raise GenerateError(
            _(
                "The database already has organisations; the generator only fills an empty "
                "database. Use a fresh one: set VERKSAM_DATA_DIR to an empty folder (SQLite) "
                "or DATABASE_URL to an empty PostgreSQL database, run `verksam migrate`, and "
                "run the generator again."
            )
        )
    started = time.perf_counter()
    with transaction.atomic():
        _Generator(scale, seed, progress).run()
    # The rows were written in bulk, past the signals that keep the stored statuses.
    rollup_rebuild()
    # Give the query planner statistics of the new tables at once: PostgreSQL's autovacuum
    # would gather them a little later, SQLite never does by itself.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report = GenerateReport(scale=scale.name, seed=seed)
    report.seconds = time.perf_counter() - started
    report.rows = row_counts()
    return report
