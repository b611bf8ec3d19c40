"""A browser or proxy must not keep what a logged-in user was shown: every response for one
carries `Cache-Control: private, no-store`. Public pages for anonymous visitors may be cached.

The pages are every URL pattern of the permission matrix (which fails when a URL has no
row), requested as a logged-in persona the rule lets in, or else as one it turns away;
the API's routes are read from its OpenAPI schema, with a session and with an API key.
"""

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse

from verksam.core.tests.api_support import bearer, make_key
from verksam.core.tests.test_permission_matrix import LOGGED_IN, RULES, _url_names

PRIVATE = "private, no-store"


def _logged_in_persona(url_name: str) -> str:
    allowed = [persona for persona in RULES[url_name].allowed if persona in LOGGED_IN]
    return allowed[0] if allowed else "outsider"


@pytest.mark.parametrize("url_name", sorted(_url_names(get_resolver())))
def test_it_marks_every_page_for_a_logged_in_user_private(client, personas, url_name):
    if url_name not in RULES:
        pytest.fail(f"{url_name} has no row in RULES (test_permission_matrix.py) to request it by")
    rule = RULES[url_name]
    client.force_login(personas.user(_logged_in_persona(url_name)))
    url = reverse(url_name, kwargs=rule.kwargs(personas) if rule.kwargs else None)

    response = getattr(client, rule.method)(url, rule.data)

    assert response["Cache-Control"] == PRIVATE, (url_name, response.status_code)


def _api_get_routes(client) -> list[str]:
    """The API's GET routes without path parameters, from its own schema."""
    schema = client.get("/api/v1/openapi.json").json()
    return [path for path, operations in schema["paths"].items() if "get" in operations]


def test_it_marks_the_api_private_with_a_session_and_with_a_key(client, personas):
    routes = [path for path in _api_get_routes(client) if "{" not in path]
    assert len(routes) >= 5
    key = make_key(personas.editor)
    for path in routes:
        with_key = client.get(path, **bearer(key))
        assert with_key["Cache-Control"] == PRIVATE, (path, with_key.status_code)
    client.force_login(personas.editor)
    for path in routes:
        with_session = client.get(path)
        assert with_session["Cache-Control"] == PRIVATE, (path, with_session.status_code)


def test_it_marks_the_response_to_a_login_private(client, personas):
    personas.editor.set_password("ett långt lösenord 2025")
    personas.editor.save()

    response = client.post(
        reverse("login"),
        {"username": personas.editor.username, "password": "ett långt lösenord 2025"},
    )

    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert response["Cache-Control"] == PRIVATE


@pytest.mark.parametrize(
    "url_name", ["public:region_list", "public:plan_detail", "public:accessibility_statement"]
)
def test_it_leaves_public_pages_for_anonymous_visitors_cacheable(client, personas, url_name):
    rule = RULES[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(personas) if rule.kwargs else None)

    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_it_leaves_the_public_api_for_anonymous_callers_cacheable(client, personas):
    response = client.get("/api/v1/plans")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
