"""Who may share a follow-up as a lesson, and who reads and writes scanning notes;
who finds lessons is in selectors.findable_lessons."""

from django.db.models import Q, QuerySet
from django.http import Http404

from verksam.followup.models import Assessment
from verksam.followup.permissions import can_report_on, can_review
from verksam.lessons.models import Note
from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import has_role, member_paths, paths_with_role
from verksam.plans.permissions import visible_plans


def may_share(user, assessment: Assessment) -> bool:
    """The item's reporters and the plan's editors and administrators."""
    return can_review(user, assessment.round.plan) or can_report_on(user, assessment.item)


def assessment_to_share_for_user(user, pk: int) -> Assessment:
    """A follow-up the user may share (or take back), its item's reporters and its plan's
    editors and administrators: 404 for any other."""
    assessment = (
        Assessment.objects.filter(pk=pk, round__plan__in=visible_plans(user).values("pk"))
        .select_related("item__plan", "round__plan__organisation")
        .first()
    )
    if assessment is None or not may_share(user, assessment):
        raise Http404
    return assessment


# --- Scanning notes and evaluations ---


def can_write_notes(user, organisation: Organisation) -> bool:
    """The organisation's staff who write (reporters, editors, administrators) may write
    notes in its name; readers read them."""
    return has_role(user, organisation, Role.REPORTER)


def can_edit_note(user, note: Note) -> bool:
    """The note's writer while still one of the organisation's staff, and its editors and
    administrators."""
    if has_role(user, note.organisation, Role.EDITOR):
        return True
    return note.created_by_id == user.pk and can_write_notes(user, note.organisation)


def readable_notes(user) -> QuerySet[Note]:
    """The notes `user` may read: every shared note, and the unshared ones of the
    organisations where the user is a member (a role reaches down the tree)."""
    notes = Note.objects.all()
    if user.is_authenticated and user.is_superuser:
        return notes
    readable = Q(is_shared=True)
    for path in member_paths(user):
        readable |= Q(organisation__path__startswith=path)
    return notes.filter(readable)


def note_for_user(user, pk: int, *, write: bool = False) -> Note:
    """A note the user may read (or, with `write`, change): 404 for any other."""
    note = readable_notes(user).filter(pk=pk).select_related("organisation").first()
    if note is None or (write and not can_edit_note(user, note)):
        raise Http404
    return note


def organisations_for_notes(user) -> QuerySet[Organisation]:
    """The organisations in whose name the user may write notes."""
    if user.is_authenticated and user.is_superuser:
        return Organisation.objects.all()
    within = Q(pk__in=[])
    for path in paths_with_role(user, Role.REPORTER):
        within |= Q(path__startswith=path)
    return Organisation.objects.filter(within)


def own_notes(user) -> QuerySet[Note]:
    """The notes of the organisations where the user is a member, shared or not."""
    if user.is_authenticated and user.is_superuser:
        return Note.objects.all()
    within = Q(pk__in=[])
    for path in member_paths(user):
        within |= Q(organisation__path__startswith=path)
    return Note.objects.filter(within)
