"""On a phone (390 and 320 CSS pixels wide) no page scrolls sideways as a whole, and the
main menu folds behind a menu button that works with the keyboard.

Every page type of the accessibility test is walked by a visitor, a reporter and an
editor, each in one browser tab of their own; a page a persona may not see is left out
for that persona. A wide table may scroll inside its own region, so only the page as a
whole is measured: ``document.documentElement.scrollWidth`` against the viewport.
"""

import pytest

from verksam.core.tests.browser.conftest import TIMEOUT_MS
from verksam.core.tests.browser.support import Site, build_site, log_in
from verksam.core.tests.browser.test_accessibility import PAGES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

#: The widths measured: a common phone, and WCAG 1.4.10's reflow width.
WIDTHS = (390, 320)

#: The personas who walk the pages; None is a visitor who is not logged in.
PERSONAS = (None, "reporter", "editor")


@pytest.fixture
def site(personas) -> Site:
    return build_site(personas)


def _tab(browser, live_server, width: int):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def _too_wide(tab, site: Site, persona: str | None) -> dict[str, int]:
    """The page types wider than the screen at some width, {name (width): scrollWidth}."""
    found = {}
    for name, (_who, url) in PAGES.items():
        tab.set_viewport_size({"width": WIDTHS[0], "height": 800})
        response = tab.goto(url(site))
        if response.status != 200 or ("/logga-in/" in tab.url and name != "login"):
            continue  # not a page this persona sees
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 800})
            scroll_width = tab.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                found[f"{name} ({width} px, {tab.url})"] = scroll_width
    return found


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "visitor")
def test_it_scrolls_no_page_sideways_on_a_phone(browser, live_server, site, persona):
    context, tab = _tab(browser, live_server, WIDTHS[0])
    try:
        if persona is not None:
            log_in(tab, site.personas.user(persona))
        found = _too_wide(tab, site, persona)
    finally:
        context.close()
    assert not found, "Wider than the screen:\n" + "\n".join(
        f"  {page}: {width} px" for page, width in found.items()
    )


def test_it_opens_and_closes_the_menu_by_keyboard(browser, live_server, site):
    context, tab = _tab(browser, live_server, 390)
    try:
        tab.goto("/")
        button = tab.locator(".menu-button")
        menu = tab.locator("#site-menu")
        assert button.get_attribute("aria-controls") == "site-menu"
        # Closed on a phone: the button says so and the menu's links are out of reach.
        assert button.get_attribute("aria-expanded") == "false"
        assert not menu.is_visible()

        button.focus()
        tab.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        assert menu.is_visible()
        # The next Tab goes into the menu, to its first link.
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.closest('#site-menu') !== null")

        # Escape closes it from inside and gives focus back to the button.
        tab.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert not menu.is_visible()
        assert tab.evaluate("document.activeElement.classList.contains('menu-button')")

        tab.keyboard.press("Space")
        assert button.get_attribute("aria-expanded") == "true"
        tab.keyboard.press("Space")
        assert button.get_attribute("aria-expanded") == "false"
    finally:
        context.close()


def test_it_shows_the_menu_without_a_button_on_a_wide_screen(browser, live_server, site):
    context, tab = _tab(browser, live_server, 1280)
    try:
        tab.goto("/")
        assert not tab.locator(".menu-button").is_visible()
        assert tab.locator("#site-menu").is_visible()
    finally:
        context.close()


def test_it_keeps_the_menu_open_without_javascript(browser, live_server, site):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 800}, java_script_enabled=False
    )
    try:
        tab = context.new_page()
        tab.goto("/")
        assert not tab.locator(".menu-button").is_visible()
        assert tab.locator("#site-menu").is_visible()
    finally:
        context.close()
