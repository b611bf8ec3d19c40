from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verksam.core.form_tokens import sent_once
from verksam.core.forms import add_service_errors, with_version
from verksam.core.services import ConcurrentEdit
from verksam.lessons.forms import LessonSearchForm, LessonShareForm, NoteForm
from verksam.lessons.models import Lesson
from verksam.lessons.permissions import (
    assessment_to_share_for_user,
    can_edit_note,
    note_for_user,
    organisations_for_notes,
    own_notes,
)
from verksam.lessons.selectors import focus_areas_for
from verksam.lessons.selectors import lesson_list as list_lessons
from verksam.lessons.selectors import lesson_search as search_lessons
from verksam.lessons.services import lesson_share as share
from verksam.lessons.services import lesson_unshare as unshare
from verksam.lessons.services import note_create as create
from verksam.lessons.services import note_delete
from verksam.lessons.services import note_update as update

#: The most lessons one search shows.
RESULT_LIMIT = 50


@require_safe
def lesson_search(request: HttpRequest) -> HttpResponse:
    """Search every organisation's shared lessons, as far as the visitor may read their plans."""
    form = LessonSearchForm(request.GET or None, user=request.user)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = search_lessons(
            user=request.user,
            query=form.cleaned_data["q"],
            filters=form.filters(),
            limit=RESULT_LIMIT,
        )
    elif form.is_valid() and form.filters().any:
        # Narrowed without words (a focus area followed from the county overview): the
        # newest first.
        results = list_lessons(user=request.user, filters=form.filters(), limit=RESULT_LIMIT)
    is_member = request.user.is_authenticated and own_notes(request.user).exists()
    can_write = request.user.is_authenticated and organisations_for_notes(request.user).exists()
    context = {
        "form": form,
        "results": results,
        "can_write_notes": can_write,
        "sees_notes": is_member or can_write,
    }
    return render(request, "lessons/lesson_search.html", context)


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


# --- Scanning notes and evaluations ---

#: The most notes the list of one's own organisations' notes shows.
NOTE_LIMIT = 100


@login_required
@require_safe
def note_list(request: HttpRequest) -> HttpResponse:
    """The notes of the user's organisations, shared or not, newest first."""
    notes = own_notes(request.user).select_related("organisation")[:NOTE_LIMIT]
    can_write = organisations_for_notes(request.user).exists()
    return render(request, "lessons/note_list.html", {"notes": notes, "can_write_notes": can_write})


def _note_fields(form: NoteForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("organisation", None)
    data.pop("version", None)
    return data


@login_required
@sent_once
def note_create(request: HttpRequest) -> HttpResponse:
    """Write an environmental-scanning note or a short evaluation."""
    organisations = organisations_for_notes(request.user).order_by("path")
    if not organisations.exists():
        raise Http404
    form_kwargs = {"user": request.user, "organisations": organisations}
    if request.method == "POST":
        form = NoteForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                note = create(
                    user=request.user,
                    organisation=form.cleaned_data["organisation"],
                    **_note_fields(form),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The note is saved."))
                return redirect(note)
    else:
        # The topmost of the user's organisations, the one most notes are written for.
        initial = {"version": 0, "organisation": organisations.first()}
        form = NoteForm(initial=initial, **form_kwargs)
    return render(request, "lessons/note_form.html", {"form": form, "note": None})


@require_safe
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A note, for everyone once shared and for its organisation's members before."""
    note = note_for_user(request.user, pk)
    focus_areas = note.focus_areas.filter(
        pk__in=focus_areas_for(request.user).values("pk")
    ).select_related("plan")
    context = {
        "note": note,
        "priority_groups": note.priority_groups.all(),
        "focus_areas": focus_areas,
        "can_edit": can_edit_note(request.user, note),
    }
    return render(request, "lessons/note_detail.html", context)


@login_required
@sent_once
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a note, share it or stop sharing it, or delete it."""
    note = note_for_user(request.user, pk, write=True)
    form_kwargs = {"user": request.user, "organisations": None}
    if request.method == "POST" and request.POST.get("delete"):
        note_delete(user=request.user, note=note)
        messages.success(request, _("The note is deleted."))
        return redirect("lessons:note_list")
    if request.method == "POST":
        form = NoteForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                update(
                    user=request.user,
                    note=note,
                    expected_version=form.cleaned_data["version"],
                    **_note_fields(form),
                )
            except ConcurrentEdit as error:
                form = NoteForm(with_version(request.POST, error.current_version), **form_kwargs)
                form.is_valid()
                form.add_error(None, error.messages[0])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(note)
    else:
        form = NoteForm(
            initial={
                "kind": note.kind,
                "title": note.title,
                "text": note.text,
                "sources": note.sources,
                "year": note.year,
                "method": note.method,
                "priority_groups": note.priority_groups.all(),
                "focus_areas": [item.pk for item in note.focus_areas.all()],
                "is_shared": note.is_shared,
                "version": note.version,
            },
            **form_kwargs,
        )
    return render(request, "lessons/note_form.html", {"form": form, "note": note})
