"""A deterministic synthetic data set at county or national scale, for benchmarks.

`generate_dataset(scale, seed)` fills an empty database with regions, their
regional library units and regional library plans, municipalities with their
library organisations and branches, a plan for every library unit, ten years
of follow-up rounds with assessments, indicators with ten years of
measurements per library organisation, and users with memberships. It is what
`verksam generate --scale county|national --seed N` runs; bench/README.md
describes the design and the row counts.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.utils.translation import gettext as _

from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.stored import rollup_rebuild
from verksam.indicators.choices import Direction, IndicatorSource, MeasurementSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans.choices import PlanKind, PlanStatus, PriorityGroup, SectionKind
from verksam.plans.models import Contribution, Decision, Item, Plan, PlanSection, Tag

#: Rows per INSERT batch; the database backend splits further where it must.
BATCH_SIZE = 2000

#: Sweden's counties: code, the region's name, the county's name, municipalities.
COUNTIES: tuple[tuple[str, str, str, int], ...] = (
    ("01", "Region Stockholm", "Stockholms län", 26),
    ("03", "Region Uppsala", "Uppsala län", 8),
    ("04", "Region Sörmland", "Södermanlands län", 9),
    ("05", "Region Östergötland", "Östergötlands län", 13),
    ("06", "Region Jönköpings län", "Jönköpings län", 13),
    ("07", "Region Kronoberg", "Kronobergs län", 8),
    ("08", "Region Kalmar län", "Kalmar län", 12),
    ("09", "Region Gotland", "Gotlands län", 1),
    ("10", "Region Blekinge", "Blekinge län", 5),
    ("12", "Region Skåne", "Skåne län", 33),
    ("13", "Region Halland", "Hallands län", 6),
    ("14", "Västra Götalandsregionen", "Västra Götalands län", 49),
    ("17", "Region Värmland", "Värmlands län", 16),
    ("18", "Region Örebro län", "Örebro län", 12),
    ("19", "Region Västmanland", "Västmanlands län", 10),
    ("20", "Region Dalarna", "Dalarnas län", 15),
    ("21", "Region Gävleborg", "Gävleborgs län", 10),
    ("22", "Region Västernorrland", "Västernorrlands län", 7),
    ("23", "Region Jämtland Härjedalen", "Jämtlands län", 8),
    ("24", "Region Västerbotten", "Västerbottens län", 15),
    ("25", "Region Norrbotten", "Norrbottens län", 14),
)
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
_PLACE_STARTS = (
    "Alm", "Ask", "Berg", "Björk", "Bro", "Dal", "Ek", "Fager", "Gran", "Hag", "Hed",
    "Holm", "Lind", "Ljung", "Lo", "Mal", "Norr", "Sand", "Sjö", "Skog", "Sten", "Strand",
    "Sund", "Söder", "Tall", "Vall", "Väster", "Öster", "Ny", "Gull", "Hassel", "Kvarn",
    "Lax", "Mark", "Ram", "Rönn", "Säl", "Torp", "Ulv", "Al",
)  # fmt: skip
_PLACE_ENDS = (
    "by", "berg", "dal", "fors", "holm", "hult", "köping", "lund", "näs", "stad", "sund",
    "vik", "å", "ås", "ryd", "tuna", "mora", "sjö", "bo", "fred",
)  # fmt: skip
_FOCUS_THEMES = (
    "Läsfrämjande",
    "Digital delaktighet",
    "Demokrati och fri åsiktsbildning",
    "Biblioteket som mötesplats",
    "Medie- och informationskunnighet",
    "Barn och unga",
    "Tillgänglighet för alla",
    "Nationella minoriteter och flerspråkighet",
    "Kompetensutveckling",
    "Samverkan",
    "Hållbar utveckling",
    "Folkbildning och livslångt lärande",
)
_GROUPS = (
    ("barn", PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE),
    ("unga", PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE),
    ("förskolebarn", PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE),
    ("personer med funktionsnedsättning", PriorityGroup.PEOPLE_WITH_DISABILITIES),
    ("personer med läsnedsättning", PriorityGroup.PEOPLE_WITH_DISABILITIES),
    ("de nationella minoriteterna", PriorityGroup.NATIONAL_MINORITIES),
    ("personer med annat modersmål än svenska", PriorityGroup.OTHER_MOTHER_TONGUE),
    ("äldre", ""),
    ("vuxna studerande", ""),
    ("invånare på landsbygden", ""),
)
_GOAL_TEMPLATES = (
    "Fler {group} läser regelbundet",
    "Alla {group} har tillgång till bibliotekets tjänster",
    "Ökad digital kompetens hos {group}",
    "Fler {group} deltar i bibliotekets program",
    "Biblioteket når {group} i hela kommunen",
    "Stärkt samverkan kring {group}",
    "{group} upplever biblioteket som en trygg mötesplats",
)
_ACTIVITY_VERBS = (
    "Genomföra", "Starta", "Utveckla", "Erbjuda", "Kartlägga", "Utvärdera", "Planera", "Införa",
)  # fmt: skip
_ACTIVITY_OBJECTS = (
    "bokprat i årskurs 4",
    "sagostunder på flera språk",
    "digital vägledning för seniorer",
    "läsecirklar för unga vuxna",
    "språkcaféer",
    "meröppet på filialen",
    "boklådor till förskolor",
    "en medarbetarenkät",
    "en skrivarverkstad",
    "Bokstartsbesök hos nyblivna föräldrar",
    "registrering för talböcker",
    "program på minoritetsspråk",
    "lovaktiviteter",
    "en användarundersökning",
    "kompetensdagar för personalen",
    "samarbete med skolbiblioteken",
    "uppsökande verksamhet",
    "en ny webbplats",
    "studiecirklar om källkritik",
    "bokbussens nya turlista",
)
_DESCRIPTIONS = (
    "Genomförs tillsammans med kommunens skolor och förskolor.",
    "Följs upp i samband med årets verksamhetsberättelse.",
    "Insatsen finansieras delvis med statliga medel.",
    "Ansvaret delas mellan huvudbiblioteket och filialerna.",
    "Bygger på resultaten från förra årets användarundersökning.",
)
_DONE = (
    "Genomfört enligt plan.",
    "Genomfört med vissa förseningar under sommaren.",
    "Delvis genomfört; resten flyttas till nästa år.",
    "Påbörjat, men personalbrist har bromsat arbetet.",
)
_RESULTS = (
    "Fler besökare än förra året.",
    "Målgruppen nåddes i de flesta delar av kommunen.",
    "Deltagarna gav gott betyg i utvärderingen.",
    "Resultatet är svårt att bedöma innan statistiken är klar.",
)
_IMPROVEMENTS = (
    "Samordna med skolbiblioteken tidigare under året.",
    "Marknadsföra aktiviteterna bredare.",
    "Se över öppettiderna på filialerna.",
    "",
)
_FIRST_NAMES = (
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Elin", "Per",
    "Lena", "Mats", "Sofia", "Nils", "Eva", "Ali", "Fatima", "Jonas", "Ida", "Oskar",
)  # fmt: skip
_LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Lindberg", "Holm", "Berg", "Sandberg", "Lund",
)  # fmt: skip
_INDICATORS = (
    ("Besok01", "Fysiska besök", "besök", IndicatorSource.LIBRARY_STATISTICS, 60_000),
    ("Utlan399", "Fysiska utlån", "lån", IndicatorSource.LIBRARY_STATISTICS, 90_000),
    ("Publ199", "Arrangemang", "arrangemang", IndicatorSource.LIBRARY_STATISTICS, 300),
    ("Aktiv99", "Aktiva låntagare", "låntagare", IndicatorSource.LIBRARY_STATISTICS, 8_000),
    ("Oppet-vecka", "Öppettimmar per vecka", "timmar", IndicatorSource.MANUAL, 120),
    (
        "Digital-vagledning",
        "Deltagare i digital vägledning",
        "deltagare",
        IndicatorSource.MANUAL,
        400,
    ),
)
_GOAL_STATUSES = (
    GoalStatus.MET,
    GoalStatus.PARTLY_MET,
    GoalStatus.NOT_MET,
    GoalStatus.NOT_ASSESSED,
)
_GOAL_WEIGHTS = (50, 30, 12, 8)
_ACTIVITY_STATUSES = (
    ActivityStatus.DONE,
    ActivityStatus.ONGOING,
    ActivityStatus.NOT_STARTED,
    ActivityStatus.STOPPED,
)
_ACTIVITY_WEIGHTS = (60, 25, 10, 5)
_OPEN_ROUND_STATES = (
    AssessmentState.APPROVED,
    AssessmentState.SUBMITTED,
    AssessmentState.DRAFT,
    AssessmentState.RETURNED,
)
_OPEN_ROUND_WEIGHTS = (75, 12, 8, 5)
_UTC = datetime.UTC


@dataclass
class _ItemSpec:
    title: str
    depth: int
    position: int
    description: str = ""
    group: str = ""
    theme: str = ""
    children: list["_ItemSpec"] = field(default_factory=list)
    obj: Item | None = None


@dataclass
class _PlanSpec:
    plan: Plan
    items: list[_ItemSpec]
    region_plan: "_PlanSpec | None" = None
    round_years: tuple[int, ...] = ()
    half_year: bool = False
    indicators: int = 0
    derived_from: "_PlanSpec | None" = None
    # Where the assessments' authors come from: (author id, approver id).
    people: tuple[int | None, int | None] = (None, None)

    def walk(self) -> Iterable[_ItemSpec]:
        stack = list(reversed(self.items))
        while stack:
            spec = stack.pop()
            yield spec
            stack.extend(reversed(spec.children))


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
            name = self.rng.choice(_PLACE_STARTS) + self.rng.choice(_PLACE_ENDS)
            name = name[0] + name[1:].lower()
            if not unique or name not in self.place_names:
                self.place_names.add(name)
                return name

    def person(self) -> tuple[str, str]:
        return self.rng.choice(_FIRST_NAMES), self.rng.choice(_LAST_NAMES)

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
            for key, name, unit, source, _size in _INDICATORS
            if key not in existing
        ]
        Indicator.objects.bulk_create(new)
        existing.update({indicator.key: indicator for indicator in new})
        self.indicators = [existing[key] for key, *_rest in _INDICATORS]

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

    def regional_tree(self) -> list[_ItemSpec]:
        rng = self.rng
        themes = rng.sample(_FOCUS_THEMES, min(self.scale.focus_areas, len(_FOCUS_THEMES)))
        tree = []
        for position, theme in enumerate(themes):
            area = _ItemSpec(theme, 0, position, theme=theme)
            for goal_position in range(rng.randint(*self.scale.goals_per_focus_area)):
                area.children.append(self.goal(goal_position))
            tree.append(area)
        return tree

    def goal(self, position: int) -> _ItemSpec:
        group_word, group = self.rng.choice(_GROUPS)
        title = self.rng.choice(_GOAL_TEMPLATES).format(group=group_word)
        return _ItemSpec(title[0].upper() + title[1:], 1, position, group=group)

    def unit_tree(self, total: int) -> list[_ItemSpec]:
        """A three-level tree of exactly `total` items: focus areas, goals, activities."""
        rng = self.rng
        focus_count = max(1, min(max(3, total // 30), 7, total // 3))
        rest = total - focus_count
        goal_count = min(rest - 1, max(focus_count, round(rest * 0.25)))
        activity_count = rest - goal_count
        themes = rng.sample(_FOCUS_THEMES, focus_count)
        tree = [_ItemSpec(theme, 0, position, theme=theme) for position, theme in enumerate(themes)]
        goals = []
        for index in range(goal_count):
            area = tree[index] if index < focus_count else tree[rng.randrange(focus_count)]
            goal = self.goal(len(area.children))
            area.children.append(goal)
            goals.append(goal)
        for index in range(activity_count):
            goal = goals[index] if index < len(goals) else goals[rng.randrange(len(goals))]
            title = f"{rng.choice(_ACTIVITY_VERBS)} {rng.choice(_ACTIVITY_OBJECTS)}"
            activity = _ItemSpec(title, 2, len(goal.children))
            if rng.random() < 0.1:
                activity.group = rng.choice(PriorityGroup.values)
            if rng.random() < 0.3:
                activity.description = rng.choice(_DESCRIPTIONS)
            goal.children.append(activity)
        return tree

    def region_plans(self, region: dict) -> list[_PlanSpec]:
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
                _PlanSpec(
                    plan,
                    self.regional_tree(),
                    round_years=self.covered_years(first, last),
                    people=(region["editor"].pk, region["admin"].pk),
                )
            )
        return specs

    def municipality_plans(
        self, municipality: dict, region_plans: dict[int, _PlanSpec]
    ) -> list[_PlanSpec]:
        """The library plan of every period for the library organisation, possibly a draft of
        the next one, and a current operational plan for each branch."""
        rng, scale = self.rng, self.scale
        library = municipality["library"]
        people = (municipality["reporter"].pk, municipality["admin"].pk)
        specs = []
        library_plan: _PlanSpec | None = None
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
            spec = _PlanSpec(
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
            specs.append(_PlanSpec(plan, self.unit_tree(rng.randint(*scale.earlier_items))))
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
            spec = _PlanSpec(
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

    def insert_plans(self, specs: list[_PlanSpec]) -> None:
        """Plans, their sections, decisions, items, tags and contributes-to links."""
        rng = self.rng
        Plan.objects.bulk_create((spec.plan for spec in specs), batch_size=BATCH_SIZE)
        sections, decisions, derived = [], [], []
        for spec in specs:
            plan = spec.plan
            if plan.kind != PlanKind.OPERATIONAL_PLAN:
                sections.append(
                    PlanSection(
                        plan=plan,
                        kind=SectionKind.VISION,
                        title="Vision",
                        body="Ett bibliotek för alla, där läsning och kunskap ger livskraft.",
                        position=0,
                    )
                )
                sections.append(
                    PlanSection(
                        plan=plan,
                        kind=SectionKind.PURPOSE,
                        title="Syfte",
                        body="Planen visar hur biblioteksverksamheten ska utvecklas under "
                        "perioden, i enlighet med bibliotekslagen.",
                        position=1,
                    )
                )
            if plan.status != PlanStatus.DRAFT:
                body = (
                    "Regionfullmäktige"
                    if plan.kind == PlanKind.REGIONAL_LIBRARY_PLAN
                    else "Kulturnämnden"
                )
                year = plan.period_start.year - 1
                decisions.append(
                    Decision(
                        plan=plan,
                        body=body,
                        decided_on=datetime.date(year, rng.randint(9, 12), rng.randint(1, 28)),
                        case_number=f"KN {year}/{rng.randint(1, 999):04d}",
                    )
                )
            source = spec.derived_from
            if source is not None:
                derived.append(
                    Plan.derived_from.through(from_plan_id=plan.pk, to_plan_id=source.plan.pk)
                )
        PlanSection.objects.bulk_create(sections, batch_size=BATCH_SIZE)
        Decision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
        Plan.derived_from.through.objects.bulk_create(derived, batch_size=BATCH_SIZE)

        level: list[tuple[_PlanSpec, _ItemSpec, _ItemSpec | None]] = [
            (spec, item, None) for spec in specs for item in spec.items
        ]
        tagged = []
        while level:
            objects = []
            for spec, item, parent in level:
                item.obj = Item(
                    plan=spec.plan,
                    parent=parent.obj if parent else None,
                    depth=item.depth,
                    position=item.position,
                    title=item.title,
                    description=item.description,
                )
                objects.append(item.obj)
                if item.group:
                    tagged.append(Item.tags.through(item=item.obj, tag=self.tags[item.group]))
            Item.objects.bulk_create(objects, batch_size=BATCH_SIZE)
            level = [
                (spec, child, item) for spec, item, _parent in level for child in item.children
            ]
        Item.tags.through.objects.bulk_create(tagged, batch_size=BATCH_SIZE)

        links = []
        for spec in specs:
            target_plan = spec.region_plan
            if target_plan is None:
                continue
            targets = target_plan.items
            by_theme = {area.theme: area for area in targets}
            for area in spec.items:
                if rng.random() < 0.7:
                    target = by_theme.get(area.theme) or rng.choice(targets)
                    links.append(Contribution(source=area.obj, target=target.obj))
                for goal in area.children:
                    if rng.random() < 0.4:
                        target = rng.choice(targets)
                        links.append(Contribution(source=goal.obj, target=target.obj))
        Contribution.objects.bulk_create(links, batch_size=BATCH_SIZE)

    # Follow-up and indicators ---------------------------------------------------------------

    def insert_followup(self, specs: list[_PlanSpec]) -> None:
        """Year-end rounds for every followed-up year of each plan (and a half-year round for
        the branches' annual plans), with an assessment of every item in every round."""
        rng, last_year = self.rng, self.scale.last_year
        rounds = []
        for spec in specs:
            for year in spec.round_years:
                periods = []
                if spec.half_year:
                    periods.append(
                        (f"Halvår {year}", datetime.date(year, 6, 30), datetime.date(year, 8, 31))
                    )
                periods.append(
                    (f"Helår {year}", datetime.date(year, 12, 31), datetime.date(year + 1, 1, 31))
                )
                for name, end, due in periods:
                    followup_round = FollowUpRound(
                        plan=spec.plan,
                        name=name,
                        rhythm=Rhythm.HALF_YEAR if spec.half_year else Rhythm.ANNUAL,
                        period_start=datetime.date(year, 1, 1),
                        period_end=end,
                        due_date=due,
                        is_year_end=end.month == 12,
                        is_closed=year < last_year or end.month != 12,
                    )
                    rounds.append((spec, followup_round))
        FollowUpRound.objects.bulk_create((r for _s, r in rounds), batch_size=BATCH_SIZE)

        batch: list[Assessment] = []
        for spec, followup_round in rounds:
            plan = spec.plan
            author_id, approver_id = spec.people
            due = followup_round.due_date
            for item in spec.walk():
                activity = plan.is_activity_level(item.depth)
                if activity:
                    status = rng.choices(_ACTIVITY_STATUSES, _ACTIVITY_WEIGHTS)[0]
                    progress = {"done": 100, "not_started": 0}.get(status, rng.randrange(10, 95))
                else:
                    status = rng.choices(_GOAL_STATUSES, _GOAL_WEIGHTS)[0]
                    progress = None
                state = AssessmentState.APPROVED
                if not followup_round.is_closed:
                    state = rng.choices(_OPEN_ROUND_STATES, _OPEN_ROUND_WEIGHTS)[0]
                late = rng.random() < 0.1
                submitted = datetime.datetime(
                    due.year, due.month, due.day, 12, tzinfo=_UTC
                ) + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 20))
                forecast = ""
                if not followup_round.is_year_end:
                    forecast = rng.choices(
                        _ACTIVITY_STATUSES if activity else _GOAL_STATUSES,
                        _ACTIVITY_WEIGHTS if activity else _GOAL_WEIGHTS,
                    )[0]
                written = state != AssessmentState.DRAFT or rng.random() < 0.5
                batch.append(
                    Assessment(
                        round=followup_round,
                        item=item.obj,
                        status=status,
                        forecast=forecast,
                        progress=progress,
                        done=rng.choice(_DONE) if written else "",
                        results=rng.choice(_RESULTS) if written else "",
                        improvements=rng.choice(_IMPROVEMENTS) if written else "",
                        state=state,
                        author_id=author_id,
                        submitted_at=None if state == AssessmentState.DRAFT else submitted,
                        is_late=late and state != AssessmentState.DRAFT,
                        approved_by_id=approver_id if state == AssessmentState.APPROVED else None,
                        approved_at=submitted + datetime.timedelta(days=3)
                        if state == AssessmentState.APPROVED
                        else None,
                        reviewer_comment="Komplettera med resultat."
                        if state == AssessmentState.RETURNED
                        else "",
                    )
                )
                if len(batch) >= BATCH_SIZE:
                    Assessment.objects.bulk_create(batch)
                    batch = []
        Assessment.objects.bulk_create(batch)

    def insert_indicators(self, specs: list[_PlanSpec], region: dict) -> None:
        """Indicators with baselines and yearly targets on some goals of the current library
        plans, and every indicator's yearly value for every library organisation."""
        rng, scale = self.rng, self.scale
        uses, targets = [], []
        for spec in specs:
            if not spec.indicators:
                continue
            goals = [goal for area in spec.items for goal in area.children]
            chosen = rng.sample(goals, min(spec.indicators, len(goals)))
            indicators = rng.sample(self.indicators, len(chosen))
            for goal, indicator in zip(chosen, indicators, strict=True):
                base = next(size for key, *_r, size in _INDICATORS if key == indicator.key)
                baseline = Decimal(round(base * rng.uniform(0.5, 1.5)))
                use = ItemIndicator(
                    item=goal.obj,
                    indicator=indicator,
                    organisation=spec.plan.organisation,
                    baseline=baseline,
                    baseline_label=str(spec.plan.period_start.year - 1),
                )
                uses.append(use)
                for year in range(spec.plan.period_start.year, spec.plan.period_end.year + 1):
                    growth = 1 + 0.03 * (year - spec.plan.period_start.year + 1)
                    targets.append(
                        Target(
                            item_indicator=use,
                            period_start=datetime.date(year, 1, 1),
                            period_end=datetime.date(year, 12, 31),
                            value=Decimal(round(baseline * Decimal(str(growth)))),
                        )
                    )
        ItemIndicator.objects.bulk_create(uses, batch_size=BATCH_SIZE)
        Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)

        measurements = []
        for municipality in region["municipalities"]:
            size = rng.uniform(0.2, 3.0) * (1 + len(municipality["branches"]) / 3)
            for indicator in self.indicators:
                base = next(size for key, *_r, size in _INDICATORS if key == indicator.key)
                value = base * size
                trend = rng.uniform(-0.03, 0.04)
                for year in range(self.first_year, scale.last_year + 1):
                    value = max(0.0, value * (1 + trend + rng.uniform(-0.05, 0.05)))
                    if year == 2020:  # the pandemic year
                        value *= 0.7
                    measurements.append(
                        Measurement(
                            indicator=indicator,
                            organisation=municipality["library"],
                            period_start=datetime.date(year, 1, 1),
                            period_end=datetime.date(year, 12, 31),
                            value=Decimal(round(value)),
                            source=MeasurementSource.IMPORT,
                        )
                    )
        Measurement.objects.bulk_create(measurements, batch_size=BATCH_SIZE)

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
            self.insert_plans(region_specs)
            self.insert_plans(specs[len(region_specs) :])
            self.insert_followup(specs)
            self.insert_indicators(specs, region)
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
