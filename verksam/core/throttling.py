"""Login throttling with django-axes: who a client is, when they are refused, and the page
shown when they are.

django-axes counts failed logins in the database (so every web worker sees the same
count). Verksam locks the pair of user name and address: after LOGIN_FAILURE_LIMIT
failures for one user name from one address, that user name is refused from that address
for a while. An address alone is refused only at LOGIN_ADDRESS_FAILURE_LIMIT, a much
higher count of failures for any user names, so that one person behind an office's or a
library's shared address who keeps getting a password wrong does not lock out everybody
else there, while someone trying many names from one address is still stopped (settings:
AXES_*; docs/operations.md, "Login throttling"). The refusal says the same whether or not
the user name exists, so it tells an attacker nothing about which accounts there are.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class PairThenAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a second, higher limit for an address alone.

    django-axes has one failure limit. AXES_LOCKOUT_PARAMETERS counts the pair (user name,
    address) against it; this handler also counts every failure from the address and,
    once they reach VERKSAM_LOGIN_ADDRESS_FAILURE_LIMIT, reports the pair limit reached,
    so every user name is refused from that address.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        if pair >= settings.AXES_FAILURE_LIMIT:
            return pair
        if address_failures(request) >= settings.VERKSAM_LOGIN_ADDRESS_FAILURE_LIMIT:
            return settings.AXES_FAILURE_LIMIT
        return pair


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address for any user name within the cool-off."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def client_ip_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one a trusted proxy added to X-Forwarded-For.

    Behind N reverse proxies (TRUSTED_PROXY_COUNT=N) the client is the N-th address from
    the right of X-Forwarded-For; entries further left are written by the client itself
    and cannot be trusted. Without a proxy count REMOTE_ADDR is used, because a forged
    header would otherwise let an attacker pick a fresh address for every attempt.
    """
    count = settings.VERKSAM_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def lockout_response(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The page telling a refused user to wait (429 Too Many Requests)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login_locked.html",
        {"lockout_minutes": minutes},
        status=429,
    )
