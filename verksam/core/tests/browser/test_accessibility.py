"""Every main page type passes axe-core's WCAG 2.1 A and AA rules, in Swedish and English.

The pages are visited in a real browser, so the stylesheet counts (contrast,
hidden text, focus), by the persona who would use each page, logged in through
the login form. Each test visits all of its pages and then reports every
violation on every page at once, so one run shows all there is to fix.
"""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.urls import reverse

from verksam.core.tests.browser.support import (
    Site,
    axe_violations,
    build_site,
    describe_violations,
    log_in,
    log_out,
)
from verksam.public.selectors import public_plan_url

# The live server answers from another thread, so what a test builds must be committed.
# Serialized rollback, as the other transactional tests have it: the flush after each test
# then leaves the rows that migrations made (content types, priority-group tags) to be
# restored from the copy, rather than recreating them with new ids that clash with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(personas) -> Site:
    return build_site(personas)


def _assessment(site: Site, item) -> str:
    return reverse("followup:assessment_edit", args=[site.plan.pk, site.round.pk, item.pk])


def _plan_reading(site: Site) -> str:
    """The review of a plan document the editor has just uploaded."""
    from pathlib import Path

    from verksam.plans.upload.services import plan_reading_create

    document = (
        Path(__file__).resolve().parents[3]
        / "plans/tests/reading_corpus/documents/jamtland_lasframjande.docx"
    )
    reading = plan_reading_create(
        user=site.personas.editor,
        organisation=site.personas.home,
        file_name=document.name,
        content=document.read_bytes(),
    )
    return reverse("plans:plan_reading_review", args=[reading.pk])


def _sent_for_decision(site: Site) -> str:
    """A draft of the library that its editor has sent for decision."""
    from verksam.plans.services import plan_send_for_decision
    from verksam.testing import make_item, make_plan

    plan = make_plan(site.personas.home, title="Verksamhetsplan 2027", year=2027)
    make_item(plan, "Läsfrämjande")
    plan_send_for_decision(
        user=site.personas.editor, plan=plan, body="Kulturnämnden", message="Till majmötet."
    )
    return plan.get_absolute_url()


def _resources(site: Site) -> str:
    """The plan's resources with a budget and the open round's outcome."""
    from verksam.resources.tests.builders import make_line, make_outcome

    make_line(site.focus_area, "premises", 60_000, 2025)
    make_line(site.goal, "staff", 340_000, 2025)
    make_outcome(site.round, site.goal, "staff", 120_000)
    return reverse("resources:plan_resources", args=[site.plan.pk]) + f"?omgang={site.round.pk}"


def _competence_register(site: Site) -> str:
    """The register of the library with a training serving the plan's goal."""
    from verksam.competence.tests.builders import make_training

    make_training(
        site.personas.home,
        user=site.personas.editor,
        title="Digitala lyftet",
        provider="Regionbiblioteket",
        participants=[site.personas.reader],
        other_participants=4,
        items=[site.goal],
    )
    return reverse("competence:training_list", args=[site.personas.home.pk]) + "?ar=alla"


def _competence_proposal(site: Site) -> str:
    """A proposal awaiting the editor's decision, for the draft plan's goal."""
    from verksam.competence.tests.builders import make_proposal

    goal = site.personas.draft_plan.items.get(depth=0)
    proposal = make_proposal(site.personas.home, user=site.personas.reader, goal=goal)
    return reverse("competence:proposal_detail", args=[proposal.pk])


def _note(site: Site) -> str:
    """A shared scanning note of home, with a source."""
    from verksam.lessons.tests.builders import make_note

    note = make_note(
        site.personas.home,
        title="Läsfrämjandet i grannkommunerna",
        text="Grannkommunerna satsar på unga vuxna.",
        sources="https://example.org/rapport\nKB:s rapport 2025",
        created_by=site.personas.reporter,
    )
    return note.get_absolute_url()


#: page name → (who looks at it: a persona's name, or None for a visitor; the page's URL).
PAGES: dict[str, tuple[str | None, Callable[[Site], str]]] = {
    "login": (None, lambda s: reverse("login")),
    "start (visitor)": (None, lambda s: reverse("core:home")),
    "public plan": (None, lambda s: public_plan_url(s.plan)),
    "start": ("admin", lambda s: reverse("core:home")),
    "start (reporter)": ("reporter", lambda s: reverse("core:home")),
    "start (editor)": ("editor", lambda s: reverse("core:home")),
    "send for decision": (
        "editor",
        lambda s: reverse("plans:plan_send_for_decision", args=[s.personas.draft_plan.pk]),
    ),
    "plan sent for decision": ("admin", _sent_for_decision),
    "organisation": (
        "admin",
        lambda s: reverse("organisations:organisation_detail", args=[s.personas.home.pk]),
    ),
    "plan": ("admin", lambda s: s.plan.get_absolute_url()),
    "draft plan": ("admin", lambda s: s.personas.draft_plan.get_absolute_url()),
    "item": ("admin", lambda s: s.goal.get_absolute_url()),
    "follow-up round": ("admin", lambda s: s.round.get_absolute_url()),
    "follow-up review": ("admin", lambda s: _assessment(s, s.goal)),
    "plan dashboard": ("admin", lambda s: reverse("dashboards:plan_dashboard", args=[s.plan.pk])),
    "organisation dashboard": (
        "admin",
        lambda s: reverse("dashboards:organisation_dashboard", args=[s.personas.home.pk]),
    ),
    "county overview": (
        "admin",
        lambda s: reverse("dashboards:county_overview", args=[s.region.pk]),
    ),
    "indicator": (
        "admin",
        lambda s: reverse("indicators:indicator_detail", args=[s.indicator.pk]),
    ),
    "new item form": (
        "editor",
        lambda s: reverse("plans:item_create", args=[s.personas.draft_plan.pk]),
    ),
    "read in a plan": (
        "editor",
        lambda s: reverse("plans:plan_reading_upload", args=[s.personas.home.pk]),
    ),
    "plan reading review": ("editor", _plan_reading),
    "follow-up form": ("reporter", lambda s: _assessment(s, s.unassessed)),
    "API tokens": ("reader", lambda s: reverse("core:api_token_list")),
    "API documentation": (None, lambda s: "/api/v1/docs"),
    "published plans": (None, lambda s: reverse("public:region_list")),
    "accessibility statement": (None, lambda s: reverse("public:accessibility_statement")),
    "organisations": ("admin", lambda s: reverse("organisations:organisation_list")),
    "national overview": ("admin", lambda s: reverse("dashboards:national_overview")),
    "my follow-ups": ("reporter", lambda s: reverse("dashboards:my_followups")),
    "follow-up rounds": ("editor", lambda s: reverse("followup:round_list", args=[s.plan.pk])),
    "indicators": ("editor", lambda s: reverse("indicators:indicator_list")),
    "measured values": (
        "editor",
        lambda s: reverse("indicators:measurement_list", args=[s.personas.home.pk]),
    ),
    "plan history": ("editor", lambda s: reverse("plans:plan_history", args=[s.plan.pk])),
    "plan coverage": ("editor", lambda s: reverse("plans:plan_coverage", args=[s.plan.pk])),
    "documents of a plan": (
        "editor",
        lambda s: reverse("documents:document_list", args=[s.plan.pk]),
    ),
    "new document form": (
        "editor",
        lambda s: reverse("documents:document_create", args=[s.plan.pk]),
    ),
    "plan resources": ("admin", _resources),
    "item budget": (
        "editor",
        lambda s: reverse(
            "resources:item_budget",
            args=[s.personas.draft_plan.pk, s.personas.draft_plan.items.get(depth=1).pk],
        ),
    ),
    "outcome form": (
        "reporter",
        lambda s: reverse("resources:outcome_edit", args=[s.plan.pk, s.round.pk, s.goal.pk]),
    ),
    "budget import": (
        "editor",
        lambda s: reverse("resources:budget_import", args=[s.personas.draft_plan.pk]),
    ),
    "item indicators": (
        "editor",
        lambda s: reverse("indicators:item_indicators", args=[s.plan.pk, s.goal.pk]),
    ),
    "competence register": ("reader", _competence_register),
    "training form": (
        "editor",
        lambda s: reverse("competence:training_create", args=[s.personas.home.pk]),
    ),
    "proposal decision": ("editor", _competence_proposal),
    "lessons search": (None, lambda s: reverse("lessons:lesson_search") + "?year=2025"),
    "scanning note": ("reporter", _note),
    "new scanning note form": ("reporter", lambda s: reverse("lessons:note_create")),
    "e-archive package": (
        "admin",
        lambda s: reverse("archive:plan_package", args=[s.plan.pk]),
    ),
}

#: The pages checked in English as well: the second language's longer or shorter texts
#: go through the same templates, but can change what axe sees (lang, names, wrapping).
ENGLISH_PAGES = [
    "login",
    "public plan",
    "start",
    "plan",
    "item",
    "plan dashboard",
    "follow-up form",
    "plan reading review",
]


#: Pages checked on a screen 320 CSS pixels wide, the width that WCAG 1.4.10 (reflow) asks
#: pages to work at: a 1280-pixel window zoomed to 400 %. The header's menu once ran off
#: its blue background there, white on the pale page.
NARROW_PAGES = [
    "public plan",
    "start",
    "start (reporter)",
    "start (visitor)",
    "plan sent for decision",
    "plan",
    "item",
    "follow-up form",
    "plan reading review",
    "my follow-ups",
    "county overview",
    "API documentation",
    "plan resources",
    "outcome form",
    "competence register",
    "proposal decision",
    "lessons search",
    "new scanning note form",
    "e-archive package",
]


def _violations_on_pages(page, site: Site, names: list[str], language: str, server_url: str):
    """Visit the pages (grouped by persona, one login each) and gather axe's findings."""
    found = {}
    persona_now = "nobody yet"
    for name in sorted(names, key=lambda name: PAGES[name][0] or ""):
        persona, url = PAGES[name]
        if persona != persona_now:
            log_out(page)
            if language != settings.LANGUAGE_CODE:
                # The cookie that the language buttons set (tested in core/tests/test_language).
                cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language}
                page.context.add_cookies([{**cookie, "url": server_url}])
            if persona is not None:
                log_in(page, site.personas.user(persona))
            persona_now = persona
        response = page.goto(url(site))
        assert response.status == 200, f"{name}: {url(site)} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        if violations:
            found[f"{name} ({persona or 'visitor'}, {page.url})"] = violations
    return found


def _report(found: dict) -> str:
    return "\n\n".join(
        f"{page}: {len(violations)} rule(s) broken\n{describe_violations(violations)}"
        for page, violations in found.items()
    )


def test_it_has_no_wcag_violations_on_the_main_pages_in_swedish(page, live_server, site):
    found = _violations_on_pages(page, site, list(PAGES), "sv", live_server.url)
    assert not found, _report(found)


def test_it_has_no_wcag_violations_on_the_main_pages_in_english(page, live_server, site):
    found = _violations_on_pages(page, site, ENGLISH_PAGES, "en", live_server.url)
    assert not found, _report(found)


def test_it_has_no_wcag_violations_on_a_narrow_screen(page, live_server, site):
    page.set_viewport_size({"width": 320, "height": 640})
    found = _violations_on_pages(page, site, NARROW_PAGES, "sv", live_server.url)
    assert not found, _report(found)


def test_it_has_no_wcag_violations_in_a_form_with_errors(page, site):
    page.goto(reverse("login"))
    page.locator("input[name=username]").fill("nobody")
    page.locator("main button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    found = axe_violations(page)
    assert not found, describe_violations(found)
