"""The authentication backend for OpenID Connect sign-in (mozilla-django-oidc).

On top of what mozilla-django-oidc checks (signature against the provider's keys,
nonce, PKCE), the ID token must come from the configured issuer and be meant for this
client, and the user-info answer must be about the same `sub`. Users are found by
(issuer, sub), see verksam.sso.models.ExternalIdentity.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from verksam.sso import services
from verksam.sso.provider import discovery, provider_setting


class SignInBackend(OIDCAuthenticationBackend):
    """Signs users in with the organisation's OpenID provider, when OIDC_ISSUER is set."""

    get_settings = staticmethod(provider_setting)

    def authenticate(self, request, **kwargs):
        if not settings.VERKSAM_SSO_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != discovery()["issuer"]:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is meant for another client.")
        if not payload.get("sub"):
            raise SuspiciousOperation("The ID token has no sub.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the user-info answer's on top (groups may be in either)."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            raise SuspiciousOperation("The user info is about another user than the ID token.")
        return {**payload, **userinfo}

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return services.sso_user_find(issuer=discovery()["issuer"], claims=claims)

    def create_user(self, claims):
        return services.sso_user_create(issuer=discovery()["issuer"], claims=claims)

    def update_user(self, user, claims):
        return services.sso_user_update(user=user, issuer=discovery()["issuer"], claims=claims)
