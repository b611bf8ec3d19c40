"""A person who uses only the keyboard can log in, add an item to a plan and report on it.

No clicks and, after the first page, no jumps by URL: every step is Tab,
Shift+Tab, Enter, Space, an arrow key or typing, as with a keyboard alone. On
the way the test checks that the focused element can be seen (WCAG 2.4.7) and
that the "skip to content" link is the first stop and leads into the page
(WCAG 2.4.1).
"""

import datetime

import pytest
from django.urls import reverse

from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.plans.models import Item
from verksam.testing import PASSWORD, make_tag

#: Enough Tab presses to cross the longest page of the journey; more means a focus trap.
MAX_TABS = 150

#: What the focused element is, for messages; and whether its focus indicator shows.
DESCRIBE_FOCUS = """() => {
  const e = document.activeElement;
  const text = (e.innerText || e.value || "").trim().slice(0, 60);
  return `<${e.tagName.toLowerCase()}${e.id ? " id=" + e.id : ""}`
    + `${e.getAttribute("href") ? " href=" + e.getAttribute("href") : ""}> ${text}`;
}"""
FOCUS_IS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""

# The live server answers from another thread, so what a test builds must be committed.
# Serialized rollback, as the other transactional tests have it: the flush after each test
# then leaves the rows that migrations made (content types, priority-group tags) to be
# restored from the copy, rather than recreating them with new ids that clash with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def focus_on(page, predicate: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element satisfies the JS `predicate`."""
    key = "Shift+Tab" if backwards else "Tab"
    # One round trip per key press: null once the predicate holds, else what has focus.
    check = f"() => ({predicate})(document.activeElement) ? null : ({DESCRIBE_FOCUS})()"
    passed = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focused = page.evaluate(check)
        if focused is None:
            return
        passed.append(focused)
    raise AssertionError(
        f"{MAX_TABS} × {key} on {page.url} never reached {predicate}; focus went to:\n"
        + "\n".join(passed[:40])
    )


def matching(selector: str) -> str:
    """A predicate for `focus_on`: the element matches the CSS `selector`."""
    return f"element => element.matches({selector!r})"


def press_and_wait(page, key: str) -> None:
    """Press `key` on the focused element and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_focus_visible(page) -> None:
    focused = page.evaluate(DESCRIBE_FOCUS)
    assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus indicator on {focused}"


def test_it_lets_a_keyboard_user_add_an_item_and_report_on_it(page, personas):
    plan = personas.draft_plan
    followup_round = FollowUpRound.objects.create(
        plan=plan,
        name="Tertial 3 2026",
        rhythm=Rhythm.CUSTOM,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 12, 31),
        due_date=datetime.date(2027, 1, 31),
    )
    summer = make_tag("Sommarlov")
    page.goto(reverse("core:home"))

    # The first Tab reaches the skip link, which shows itself and jumps past the menu.
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert page.evaluate("() => document.activeElement.matches('a.skip-link')")
    assert skip_link.is_visible() and skip_link.bounding_box()["y"] >= 0
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null"), (
        f"after the skip link, Tab went to {page.evaluate(DESCRIBE_FOCUS)}, outside main"
    )

    # Back up to the header's log-in link, and log in.
    focus_on(page, matching("header a[href^='/logga-in/']"), backwards=True)
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    focus_on(page, matching("#id_username"))
    assert_focus_visible(page)
    page.keyboard.type(personas.editor.username)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    assert page.locator("header").get_by_text(personas.editor.username).is_visible()

    # From the start page to the plan, and to the form for a new top-level item.
    focus_on(page, matching(f"main a[href='{plan.get_absolute_url()}']"))
    press_and_wait(page, "Enter")
    focus_on(page, matching(f"a[href='{reverse('plans:item_create', args=[plan.pk])}']"))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    focus_on(page, matching("#id_title"))
    page.keyboard.type("Sommarlovsläsning")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_description"
    page.keyboard.type("Läsutmaning för alla mellanstadiebarn.")
    focus_on(page, f"e => e.name === 'tags' && e.value === '{summer.pk}'")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    assert_focus_visible(page)
    focus_on(page, matching("main form button[type=submit]"))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")

    item = Item.objects.get(plan=plan, title="Sommarlovsläsning")
    assert item.description == "Läsutmaning för alla mellanstadiebarn."
    assert item.parent is None
    assert list(item.tags.all()) == [summer]

    # The plan page comes back at the new item; back up to the follow-up rounds.
    focus_on(
        page,
        matching(f"a[href='{reverse('followup:round_list', args=[plan.pk])}']"),
        backwards=True,
    )
    press_and_wait(page, "Enter")
    focus_on(page, matching(f"main a[href='{followup_round.get_absolute_url()}']"))
    press_and_wait(page, "Enter")
    assessment_url = reverse("followup:assessment_edit", args=[plan.pk, followup_round.pk, item.pk])
    focus_on(page, matching(f"main a[href='{assessment_url}']"))
    press_and_wait(page, "Enter")

    # The follow-up form: a status with Space and an arrow key, a number, a text, submit.
    focus_on(page, matching("input[name=status]"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    status = page.evaluate("() => document.activeElement.value")
    assert page.evaluate("() => document.activeElement.checked")
    assert_focus_visible(page)
    focus_on(page, matching("#id_progress"))
    page.keyboard.type("40")
    focus_on(page, matching("#id_done"))
    page.keyboard.type("Utmaningen startade i juni på alla filialer.")
    focus_on(page, matching("button[name=action][value=submit]"))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")

    assessment = Assessment.objects.get(round=followup_round, item=item)
    assert assessment.state == AssessmentState.SUBMITTED
    assert assessment.status == status
    assert assessment.progress == 40
    assert assessment.done == "Utmaningen startade i juni på alla filialer."
    assert assessment.author == personas.editor
