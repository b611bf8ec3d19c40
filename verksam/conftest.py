"""Fixtures for the tests of every app; the builders live in verksam.testing."""

import pytest

from verksam.testing import Personas, build_personas


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash passwords cheaply: the real hasher takes a noticeable time per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_login_throttling(settings):
    """Let tests log in as often as they like, and with `client.login()`, which passes no
    request that django-axes could count; core/tests/test_login_throttling.py turns it on."""
    settings.AXES_ENABLED = False


@pytest.fixture
def personas(db) -> Personas:
    """A fresh standard cast for the test: see verksam.testing.Personas."""
    return build_personas()


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run background tasks inline, so tests see their results at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def overviews_counted_every_time(settings):
    """Count the national overview on every request, so that one test's figures are never
    kept for the next; test_national_overview.py turns keeping on where it tests it."""
    settings.VERKSAM_OVERVIEW_CACHE_SECONDS = 0
