"""Sign-in with the organisation's OpenID provider: start, and the provider's callback.

Both answer 404 unless single sign-on is configured (OIDC_ISSUER), so an installation
without it shows no trace of it.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from verksam.sso.provider import provider_setting


class _StartView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(provider_setting)


class _CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(provider_setting)

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Signing in with your organisation's account did not succeed. Try again, or "
                "ask an administrator if it keeps failing."
            ),
        )
        return HttpResponseRedirect(reverse("login"))


def _require_sso() -> None:
    if not settings.VERKSAM_SSO_ENABLED:
        raise Http404("Single sign-on is not configured.")


def sso_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider's sign-in page."""
    _require_sso()
    return _StartView.as_view()(request)


def sso_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back with a code: sign the user in."""
    _require_sso()
    return _CallbackView.as_view()(request)
