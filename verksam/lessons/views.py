from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verksam.core.form_tokens import sent_once
from verksam.lessons.forms import LessonSearchForm, LessonShareForm
from verksam.lessons.models import Lesson
from verksam.lessons.permissions import assessment_to_share_for_user
from verksam.lessons.selectors import lesson_search as search_lessons
from verksam.lessons.services import lesson_share as share
from verksam.lessons.services import lesson_unshare as unshare

#: The most lessons one search shows.
RESULT_LIMIT = 50


@require_safe
def lesson_search(request: HttpRequest) -> HttpResponse:
    """Search every organisation's shared lessons, as far as the visitor may read their plans."""
    form = LessonSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = search_lessons(
            user=request.user,
            query=form.cleaned_data["q"],
            filters=form.filters(),
            limit=RESULT_LIMIT,
        )
    return render(request, "lessons/lesson_search.html", {"form": form, "results": results})


@login_required
@sent_once
def lesson_share(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """Share an approved follow-up as a lesson, change its tags, or take it back."""
    assessment = assessment_to_share_for_user(request.user, assessment_pk)
    lesson = Lesson.objects.filter(assessment=assessment).first()
    item_url = assessment.item.get_absolute_url()
    if request.method == "POST" and request.POST.get("unshare") and lesson is not None:
        unshare(user=request.user, lesson=lesson)
        messages.success(request, _("The lesson is no longer shared."))
        return redirect(item_url)
    if request.method == "POST":
        form = LessonShareForm(request.POST)
        if form.is_valid():
            share(
                user=request.user,
                assessment=assessment,
                method=form.cleaned_data["method"],
                priority_groups=form.cleaned_data["priority_groups"],
            )
            messages.success(request, _("The follow-up is shared as a lesson."))
            return redirect(item_url)
    elif lesson is not None:
        form = LessonShareForm(
            initial={"method": lesson.method, "priority_groups": lesson.priority_groups.all()}
        )
    else:
        form = LessonShareForm()
    return render(
        request,
        "lessons/lesson_share.html",
        {"assessment": assessment, "lesson": lesson, "form": form, "item_url": item_url},
    )
