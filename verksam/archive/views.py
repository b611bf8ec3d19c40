"""The page from which an administrator makes a plan's e-archive package."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from verksam.archive.permissions import plan_to_archive_for_user
from verksam.archive.services import ArchiveError, archive_deliver
from verksam.core.downloads import content_disposition
from verksam.core.form_tokens import answered_with, sent_once
from verksam.plans.choices import PlanStatus

#: The most earlier packages the page lists.
RECORD_LIMIT = 20


@login_required
@sent_once
def plan_package(request: HttpRequest, pk: int) -> HttpResponse:
    """What the package holds and a button that makes it: the package is validated
    against the schemas and downloaded, or refused with the reason."""
    plan = plan_to_archive_for_user(request.user, pk)
    error = None
    if request.method == "POST":
        language = "en" if (get_language() or "").startswith("en") else "sv"
        try:
            package = archive_deliver(user=request.user, plan=plan, language=language)
        except ArchiveError as refusal:
            error = str(refusal)
        else:
            answered_with(request, reverse("archive:plan_package", args=[plan.pk]))
            response = HttpResponse(package.data, content_type="application/zip")
            response["Content-Disposition"] = content_disposition(package.file_name)
            return response
    context = {
        "plan": plan,
        "error": error,
        "can_archive": plan.status != PlanStatus.DRAFT,
        "records": plan.archive_packages.select_related("made_by")[:RECORD_LIMIT],
    }
    return render(request, "archive/plan_package.html", context, status=400 if error else 200)
