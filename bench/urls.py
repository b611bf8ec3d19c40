"""The URLconf of the page benchmark: Verksam's own, plus a trivial view to compare with.

bench_pages.py selects it with ROOT_URLCONF="bench.urls" in its own process, so
the app's code stays as it is. The trivial view goes through the same
middleware as every page and does nothing else: the ratio of a page's time to
its time is what the page itself costs, on the same machine in the same run.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    """Answer at once: the cost of Django and the middleware alone."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("verksam.urls")),
]
