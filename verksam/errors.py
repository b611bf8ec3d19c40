"""The page shown when a form fails Django's CSRF check.

Django's own error views already render the site's templates `400.html`, `403.html`,
`404.html` and `500.html` (in verksam/templates) when DEBUG is off. Its CSRF failure
view renders `403_csrf.html` without the request, so the page would lose the user's
header and a fresh token; this view renders it with the request, in the user's language.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The site's page for a form whose CSRF token was missing or wrong (403)."""
    return render(request, "403_csrf.html", status=403)
