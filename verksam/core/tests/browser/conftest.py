"""Fixtures of the browser tests: one headless Chromium, driven by Playwright, for all of them.

The tests use Debian's ``chromium`` package (or the executable named by the
``VERKSAM_CHROMIUM`` environment variable); Playwright never downloads a
browser of its own. Without Chromium the tests fail and say how to install it,
rather than being skipped, so a machine without it cannot pass for green.
"""

import os
import shutil

import pytest
from django.db import connections

#: How long Playwright waits for a page or an element, in milliseconds; the
#: pages answer in well under a second, so a wait this long means a fault.
TIMEOUT_MS = 15_000


def chromium_executable() -> str:
    """The Chromium to drive: $VERKSAM_CHROMIUM, else `chromium` on the PATH."""
    path = os.environ.get("VERKSAM_CHROMIUM") or shutil.which("chromium")
    if not path or not os.access(path, os.X_OK):
        named = os.environ.get("VERKSAM_CHROMIUM")
        pytest.fail(
            (f"VERKSAM_CHROMIUM names {named!r}, which is not an executable. " if named else "")
            + "The browser tests need Chromium: install Debian's chromium package "
            "(apt-get install chromium) or set VERKSAM_CHROMIUM to a Chromium executable.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for every browser test, closed when they are done.

    Package scope rather than session scope: Playwright's sync API keeps an
    asyncio event loop running in this thread for as long as it is started,
    and Django refuses ORM calls from a thread with a running loop ("You
    cannot call this from an async context"). The tests and the live server
    use the ORM synchronously, so DJANGO_ALLOW_ASYNC_UNSAFE turns that check
    off, but only while the browser is open, never for the rest of the suite.

    The running loop has a second effect: asgiref's storage behind
    ``django.db.connections`` switches from thread-local to context-local, so
    the tests would get new connection objects, without the copy of the test
    database that ``serialized_rollback`` restores from. The fixture hands
    the test database's own connections back to that storage.
    """
    executable = chromium_executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "The browser tests need Playwright: .venv/bin/pip install -e '.[dev]'",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    own_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in own_connections.items():
        connections[alias] = connection
    try:
        # Chromium's sandbox does not start as root (as in CI's containers).
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        chromium = playwright.chromium.launch(executable_path=executable, args=args)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()
