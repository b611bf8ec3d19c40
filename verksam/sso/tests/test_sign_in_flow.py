"""Signing in over OpenID Connect, end to end, against a stub provider on 127.0.0.1.

The test client plays the browser: Verksam sends it to the provider, the provider
sends it back with a code, and Verksam exchanges the code (with PKCE) for a really
RS256-signed ID token that it checks against the provider's published keys.
"""

from urllib.parse import urlparse

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from verksam.organisations.models import Membership
from verksam.sso.models import ExternalIdentity
from verksam.sso.tests.stub_provider import CLIENT_ID, CLIENT_SECRET, running_provider
from verksam.testing import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with running_provider() as stub:
        cache.clear()  # no discovery document from an earlier test's provider
        settings.AXES_ENABLED = True  # as in production: the throttling sees every sign-in
        settings.VERKSAM_SSO_ENABLED = True
        settings.OIDC_ISSUER = stub.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.AUTHENTICATION_BACKENDS = [
            *django_settings.AUTHENTICATION_BACKENDS,
            "verksam.sso.backend.SignInBackend",
        ]
        stub.claims = {
            "sub": "00000000-aaaa-4bbb-8ccc-000000000001",
            "preferred_username": "anna.larsson@kalmar.se",
            "email": "anna.larsson@kalmar.se",
            "given_name": "Anna",
            "family_name": "Larsson",
            "groups": ["bibliotek-redaktorer"],
        }
        yield stub
        cache.clear()


@pytest.fixture
def libraries(settings):
    kalmar = make_organisation("Kalmar stadsbibliotek")
    nybro = make_organisation("Nybro bibliotek")
    settings.OIDC_GROUP_ROLES = {
        "bibliotek-redaktorer": [{"organisation": kalmar.pk, "role": "editor"}],
        "bibliotek-alla": [
            {"organisation": kalmar.pk, "role": "reader"},
            {"organisation": nybro.pk, "role": "reader"},
        ],
    }
    return kalmar, nybro


def sign_in(client, *, next_url: str = ""):
    """Run the authorization-code flow; the response to the browser's return to Verksam."""
    start = client.get(reverse("sso:sso_start") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    assert back.path == reverse("sso:sso_callback")
    return client.get(f"{back.path}?{back.query}")


def test_it_signs_a_new_user_in_and_gives_the_roles_of_their_groups(client, provider, libraries):
    kalmar, nybro = libraries

    response = sign_in(client, next_url="/planer/")

    assert response.status_code == 302
    assert response["Location"] == "/planer/"
    user = get_user_model().objects.get(username="anna.larsson@kalmar.se")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert (user.first_name, user.last_name, user.email) == (
        "Anna",
        "Larsson",
        "anna.larsson@kalmar.se",
    )
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(user=user).subject == provider.claims["sub"]
    assert {(m.organisation, m.role) for m in user.memberships.all()} == {(kalmar, "editor")}
    assert ("POST", "/token") in provider.requests
    assert ("GET", "/jwks") in provider.requests


def test_it_follows_changed_groups_at_the_next_sign_in(client, provider, libraries):
    kalmar, nybro = libraries
    sign_in(client)
    user = get_user_model().objects.get(username="anna.larsson@kalmar.se")
    elsewhere = make_organisation("Regionbiblioteket")
    Membership.objects.create(user=user, organisation=elsewhere, role="admin")
    client.logout()

    provider.claims["groups"] = ["bibliotek-alla"]
    provider.claims["family_name"] = "Berg"
    response = sign_in(client)

    assert response.status_code == 302
    assert get_user_model().objects.count() == 1
    user.refresh_from_db()
    assert user.last_name == "Berg"
    assert {(m.organisation, m.role) for m in user.memberships.all()} == {
        (kalmar, "reader"),
        (nybro, "reader"),
        (elsewhere, "admin"),  # not named in OIDC_GROUP_ROLES: left as the admin set it
    }


def test_it_does_not_take_over_a_local_account_of_the_same_name(client, provider, libraries):
    local = make_user("anna.larsson@kalmar.se")

    sign_in(client)

    identity = ExternalIdentity.objects.get()
    assert identity.user != local
    assert identity.user.username.startswith("anna.larsson@kalmar.se-")
    assert int(client.session["_auth_user_id"]) == identity.user.pk


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-client"},
        {"iss": "https://impostor.example"},
        {"nonce": "not-the-nonce-sent"},
    ],
)
def test_it_refuses_an_id_token_not_meant_for_it(client, provider, libraries, changes):
    provider.id_token_changes = changes

    response = sign_in(client)

    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.exists()


def test_it_refuses_an_id_token_signed_with_another_key(client, provider, libraries):
    from cryptography.hazmat.primitives.asymmetric import rsa

    provider.signing_key, published = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        provider.signing_key,
    )
    provider.jwks = lambda: _jwks_of(published)

    response = sign_in(client)

    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def _jwks_of(key) -> dict:
    import json

    from jwt.algorithms import RSAAlgorithm

    public = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**public, "kid": "stub-key-1", "alg": "RS256"}]}


def test_it_answers_a_failed_sign_in_with_a_message_on_the_login_page(client, provider):
    # The message is put in the user's language when the sign-in fails.
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    start = client.get(reverse("sso:sso_start"))
    assert start.status_code == 302
    response = client.get(reverse("sso:sso_callback") + "?error=access_denied&state=x")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    page = client.get(response["Location"]).content.decode()
    assert "Signing in with your organisation&#x27;s account did not succeed" in page


def test_it_offers_single_sign_on_on_the_login_page_only_when_configured(client, settings):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Log in with your organisation" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("sso:sso_start")).status_code == 404
    assert client.get(reverse("sso:sso_callback")).status_code == 404

    settings.VERKSAM_SSO_ENABLED = True
    assert "Log in with your organisation" in client.get(reverse("login")).content.decode()
