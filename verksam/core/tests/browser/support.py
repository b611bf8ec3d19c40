"""Helpers of the browser tests: logging in, running axe, and the data the pages show."""

import datetime
import textwrap
from dataclasses import dataclass

from verksam.followup.choices import AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.followup.tests.overview_builders import link, make_region, make_regional_plan
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.plans.models import Item, Plan
from verksam.testing import PASSWORD, Personas, make_item

#: axe-core's tags for the WCAG 2.1 success criteria of levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def log_in(page, user) -> None:
    """Log `user` in through the real login form."""
    page.goto("/logga-in/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/logga-in/" not in url)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now, against WCAG 2.1 A and AA only."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """axe's violations as text a person can act on: the rule, why, and where."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:300]}")
            summary = node.get("failureSummary") or ""
            lines.append(textwrap.indent(summary, "       "))
    return "\n".join(lines)


def log_out(page) -> None:
    """Forget the session (and every other cookie) so the next page is a visitor's."""
    page.context.clear_cookies()


@dataclass
class Site:
    """What the pages under test show, on top of the personas.

    ``plan`` is the adopted, published plan of ``personas.home`` with a focus
    area ``focus_area`` and a goal ``goal`` below it; ``round`` is an open round
    of it in which ``focus_area`` has an approved assessment, ``goal`` a
    submitted one and ``unassessed`` (a second goal) none;
    ``indicator`` measures visits, with a target for ``goal`` and a measurement.
    ``region`` is the county of Kalmar with a regional plan that the plan's
    focus area contributes to.
    """

    personas: Personas
    plan: Plan
    focus_area: Item
    goal: Item
    unassessed: Item
    round: FollowUpRound
    assessment: Assessment
    indicator: Indicator
    region: object


def build_site(personas: Personas) -> Site:
    """Build the `Site` (a few dozen rows)."""
    plan = personas.published_plan
    focus_area = plan.items.get(depth=0)
    goal = plan.items.get(depth=1)
    unassessed = make_item(
        plan, "Fler vuxna lånar", parent=focus_area, description="Särskilt e-böcker."
    )
    followup_round = FollowUpRound.objects.create(
        plan=plan,
        name="Tertial 2 2025",
        rhythm=Rhythm.CUSTOM,
        period_start=datetime.date(2025, 5, 1),
        period_end=datetime.date(2025, 8, 31),
        due_date=datetime.date(2025, 9, 30),
    )
    assessment = Assessment.objects.create(
        round=followup_round,
        item=goal,
        status=GoalStatus.PARTLY_MET,
        progress=60,
        done="Sommarboken i alla filialer.",
        results="Fler deltagare än i fjol.",
        state=AssessmentState.SUBMITTED,
        author=personas.reporter,
    )
    Assessment.objects.create(
        round=followup_round,
        item=focus_area,
        status=GoalStatus.MET,
        done="Läsfrämjandet nådde alla skolor.",
        state=AssessmentState.APPROVED,
        author=personas.reporter,
        approved_by=personas.editor,
    )
    indicator = Indicator.objects.create(
        key="besok", name="Besök", unit="besök", organisation=personas.home
    )
    item_indicator = ItemIndicator.objects.create(
        item=goal, indicator=indicator, organisation=personas.home
    )
    Target.objects.create(
        item_indicator=item_indicator,
        period_start=plan.period_start,
        period_end=plan.period_end,
        value=1000,
    )
    Measurement.objects.create(
        indicator=indicator,
        organisation=personas.home,
        period_start=plan.period_start,
        period_end=plan.period_end,
        value=1200,
    )
    region = make_region("Region Kalmar län", "08")
    _regional_plan, (reading, _digital) = make_regional_plan(
        region, ["Läsfrämjande", "Digital delaktighet"]
    )
    link(focus_area, reading)
    return Site(
        personas=personas,
        plan=plan,
        focus_area=focus_area,
        goal=goal,
        unassessed=unassessed,
        round=followup_round,
        assessment=assessment,
        indicator=indicator,
        region=region,
    )
