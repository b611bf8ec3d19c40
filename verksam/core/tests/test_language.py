"""Swedish first: the browser's language does not decide, the user's choice does."""

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_it_answers_in_swedish_whatever_the_browser_asks_for(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert "Logga in" in response.content.decode()


@pytest.mark.django_db
def test_it_switches_to_english_with_the_language_button_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/").content.decode()
    assert "Log in" in page and "Logga in" not in page

    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "Logga in" in client.get("/").content.decode()


@pytest.mark.django_db
def test_it_ignores_an_unknown_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "sv"
