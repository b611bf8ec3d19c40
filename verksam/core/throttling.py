"""Login throttling with django-axes: who a client is, and the page shown when refused.

django-axes counts failed logins per user name and per address in the database (so
every web worker sees the same count) and refuses further attempts for a while once
either reaches the limit (settings: AXES_*; docs/operations.md, "Login throttling").
The refusal says the same whether or not the user name exists, so it tells an
attacker nothing about which accounts there are.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
