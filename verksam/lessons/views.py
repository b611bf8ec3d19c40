from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from verksam.lessons.forms import LessonSearchForm
from verksam.lessons.selectors import lesson_search as search_lessons

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
