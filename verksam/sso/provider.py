"""The OpenID provider's settings, its endpoints read from its discovery document.

Only the issuer is configured (OIDC_ISSUER); the endpoints that mozilla-django-oidc
needs are taken from `<issuer>/.well-known/openid-configuration` the first time they
are asked for, and kept in the cache for an hour. An endpoint set explicitly in the
settings wins over the discovered one.
"""

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.utils import import_from_settings

DISCOVERY_CACHE_SECONDS = 3600

#: The settings mozilla-django-oidc reads, and the discovery document's name for each.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def discovery_url() -> str:
    return settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"


def discovery() -> dict:
    """The provider's discovery document; ImproperlyConfigured when it cannot be read."""
    url = discovery_url()
    document = cache.get(f"verksam.sso.discovery:{url}")
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ImproperlyConfigured(
                f"The OpenID provider's discovery document {url} could not be read: {error}"
            ) from error
        if document.get("issuer", "").rstrip("/") != settings.OIDC_ISSUER.rstrip("/"):
            raise ImproperlyConfigured(
                f"The discovery document {url} names the issuer {document.get('issuer')!r}, "
                f"not OIDC_ISSUER {settings.OIDC_ISSUER!r}."
            )
        cache.set(f"verksam.sso.discovery:{url}", document, DISCOVERY_CACHE_SECONDS)
    return document


def provider_setting(name: str, *default):
    """A setting for mozilla-django-oidc: the project's, or else the discovered endpoint."""
    if name in DISCOVERED and not getattr(settings, name, None):
        try:
            return discovery()[DISCOVERED[name]]
        except KeyError:
            raise ImproperlyConfigured(
                f"The discovery document {discovery_url()} has no {DISCOVERED[name]}."
            ) from None
    return import_from_settings(name, *default)
