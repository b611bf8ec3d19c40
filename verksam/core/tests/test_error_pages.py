"""The error pages (400, 403, 404, 500 and the CSRF failure) are the site's own: the site's
layout and stylesheet, the user's language, and no inline style or script (the Content
Security Policy forbids them). Rendered with DEBUG off, as in production."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path, reverse

pytestmark = pytest.mark.django_db


def bad_request(request):
    raise BadRequest("a broken request")


def denied(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/400/", bad_request),
    path("test-errors/403/", denied),
    path("test-errors/500/", broken),
    path("", include("verksam.urls")),
]

HEADINGS = {
    "400": {"en": "The request could not be understood", "sv": "Begäran gick inte att förstå"},
    "403": {"en": "Not allowed", "sv": "Inte tillåtet"},
    "404": {"en": "Page not found", "sv": "Sidan finns inte"},
    "500": {"en": "Something went wrong", "sv": "Något gick fel"},
    "csrf": {"en": "The form has expired", "sv": "Formuläret har gått ut"},
}


def request_error(kind: str, language: str):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if kind == "404":
        return client.get("/test-errors/finns-inte/")
    if kind == "csrf":
        return client.post(reverse("login"), {"username": "anna", "password": "fel"})
    return client.get(f"/test-errors/{kind}/")


@override_settings(
    DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False
)
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("kind", sorted(HEADINGS))
def test_it_renders_the_sites_own_error_page(kind, language):
    response = request_error(kind, language)
    page = response.content.decode()

    assert response.status_code == (403 if kind == "csrf" else int(kind))
    assert f'<html lang="{language}">' in page
    assert f"<h1>{HEADINGS[kind][language]}</h1>" in page
    assert 'rel="stylesheet" href="/static/verksam/verksam.css"' in page
    assert 'class="site-header"' in page
    assert "style=" not in page
    assert "<style" not in page
    assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert not re.search(r"\son[a-z]+=", page)
