"""Login throttling (django-axes): too many failed logins and further attempts are refused.

The pair of user name and address is locked after five failures; an address alone, for
every user name, only after many more (LOGIN_ADDRESS_FAILURE_LIMIT), so one person
behind a shared address does not lock out the others there."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from verksam.core.throttling import client_ip_address
from verksam.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def throttling_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.VERKSAM_LOGIN_ADDRESS_FAILURE_LIMIT = 12


def log_in(client, username: str, password: str, address: str = "192.0.2.10"):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail_five_times(client, username: str, address: str = "192.0.2.10") -> None:
    for _attempt in range(5):
        response = log_in(client, username, "fel lösenord", address)
        assert response.status_code in (200, 429)


def test_it_refuses_even_the_right_password_after_five_failures(client):
    make_user("bibliotekarie")
    for _attempt in range(4):
        assert log_in(client, "bibliotekarie", "fel lösenord").status_code == 200
    fifth = log_in(client, "bibliotekarie", "fel lösenord")

    refused = log_in(client, "bibliotekarie", PASSWORD)

    assert fifth.status_code == 429
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many failed logins" in page
    assert "Try again in 15 minutes." in page
    assert "_auth_user_id" not in client.session


def test_it_lets_the_locked_user_name_in_from_another_address(client):
    make_user("bibliotekarie")
    fail_five_times(client, "bibliotekarie", "192.0.2.10")

    assert log_in(client, "bibliotekarie", PASSWORD, "192.0.2.10").status_code == 429
    assert log_in(client, "bibliotekarie", PASSWORD, "198.51.100.7").status_code == 302


def test_it_lets_a_colleague_behind_the_same_address_log_in(client):
    make_user("bibliotekarie")
    make_user("kollega")
    fail_five_times(client, "bibliotekarie", "192.0.2.10")

    assert log_in(client, "bibliotekarie", PASSWORD, "192.0.2.10").status_code == 429
    assert log_in(client, "kollega", PASSWORD, "192.0.2.10").status_code == 302


def test_it_refuses_every_user_name_from_an_address_at_the_address_limit(client):
    make_user("kollega")
    # Twelve failures from one address, spread over user names so no pair reaches five.
    for number in range(11):
        assert log_in(client, f"namn{number % 3}", "fel", "192.0.2.10").status_code == 200
    assert log_in(client, "kollega", PASSWORD, "192.0.2.10").status_code == 302
    client.logout()
    assert log_in(client, "namn9", "fel", "192.0.2.10").status_code == 429

    assert log_in(client, "kollega", PASSWORD, "192.0.2.10").status_code == 429
    assert log_in(client, "kollega", PASSWORD, "198.51.100.7").status_code == 302


def test_it_answers_alike_for_a_user_name_that_does_not_exist(client):
    make_user("bibliotekarie")
    fail_five_times(client, "bibliotekarie", "192.0.2.10")
    fail_five_times(client, "finns-inte", "198.51.100.7")

    existing = log_in(client, "bibliotekarie", "fel", "192.0.2.10")
    missing = log_in(client, "finns-inte", "fel", "198.51.100.7")

    assert existing.status_code == missing.status_code == 429
    assert without_tokens(existing) == without_tokens(missing)


def without_tokens(response) -> str:
    """The page without its CSRF tokens, which differ from one response to the next."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_it_lets_the_user_in_again_after_the_lockout(client):
    make_user("bibliotekarie")
    fail_five_times(client, "bibliotekarie")
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=16)
    )

    assert log_in(client, "bibliotekarie", PASSWORD).status_code == 302


def test_it_explains_the_lockout_in_swedish(client):
    make_user("bibliotekarie")
    fail_five_times(client, "bibliotekarie")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "sv"

    response = client.post(
        reverse("login"),
        {"username": "bibliotekarie", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )

    assert response.status_code == 429
    assert response["Content-Language"] == "sv"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no trusted proxy: the header is ignored
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client cannot choose it
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (1, "", "10.0.0.2"),
    ],
)
def test_it_takes_the_address_a_trusted_proxy_saw(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(VERKSAM_TRUSTED_PROXY_COUNT=proxies):
        assert client_ip_address(request) == expected
