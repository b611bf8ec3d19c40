"""Pages of plans: reading, and changing drafts (the items' pages are in item_views).

Every view gets its plan through verksam.plans.permissions, which
answers 404 for whatever the user may not see or change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core.form_tokens import sent_once
from verksam.core.forms import (
    ConflictingField,
    add_service_errors,
    conflict_message,
    conflicting_fields,
    edit_conflict,
    with_version,
)
from verksam.core.services import ConcurrentEdit
from verksam.organisations.models import Organisation
from verksam.plans import selectors, services
from verksam.plans.choices import PlanStatus, SectionKind
from verksam.plans.forms import (
    DEFAULT_LEVELS,
    PlanAdoptForm,
    PlanCreateForm,
    PlanForm,
    PlanSectionFormSet,
    PlanSectionsVersionForm,
)
from verksam.plans.models import Plan
from verksam.plans.page_parts import followup_parts
from verksam.plans.permissions import (
    can_administer_plan,
    can_answer_decision,
    can_create_plan,
    can_edit_plan,
    can_read_history,
    can_send_for_decision,
    plan_for_user,
)
from verksam.plans.reading.plan_check import kept_library_act_checks
from verksam.plans.upload.models import PlanSourceFile


def locked_redirect(request: HttpRequest, plan: Plan) -> HttpResponse | None:
    """Send the user back to the plan with an explanation when it can no longer change."""
    if plan.is_editable:
        return None
    messages.error(request, plan.lock_message)
    return redirect(plan)


def page_rounds(request: HttpRequest, plan: Plan):
    """The plan's rounds and the one chosen with ?omgang= (default: the current one)."""
    return followup_parts().rounds(plan, request.GET.get("omgang"))


def _statuses_in(followup_round):
    """The stored statuses of the items a page shows in the round, or nothing without one."""
    if followup_round is None:
        return None
    return lambda item_ids: followup_parts().round_statuses(followup_round, item_ids)


def _cached(plan: Plan) -> str | None:
    """The plan's page versions when its tree is cached (adopted or archived), else None."""
    if plan.status not in {PlanStatus.ADOPTED, PlanStatus.ARCHIVED}:
        return None
    return followup_parts().page_versions(plan.pk)


def _tree_key(user, plan: Plan, chosen_round, *, can_edit: bool, plan_versions) -> str:
    """The cache key of the plan's rendered item tree; "" for a draft (not cached)."""
    if plan_versions is None:
        return ""
    return followup_parts().plan_tree_key(
        plan, chosen_round, user=user, can_edit=can_edit, plan_versions=plan_versions
    )


def _library_act(plan: Plan, plan_versions) -> dict:
    """The Library Act check of the plan's items; kept with the cached tree of a plan that
    no longer changes, under the same versions, since it reads every item."""
    parts = followup_parts()
    keys = (
        {plan.pk: parts.plan_key("library-act-check", plan, plan_versions=plan_versions)}
        if plan_versions is not None
        else {}
    )
    return kept_library_act_checks([plan], keys, parts.cache_timeout)[plan.pk]


def _plan_context(user, plan: Plan, plan_versions) -> dict:
    """Sections, decisions and related plans; for a plan that no longer changes kept in the
    cache beside its tree, under its versions and the reader's visibility (which decides
    the related plans shown)."""
    if plan_versions is None:
        return selectors.plan_context(user, plan)
    parts = followup_parts()
    key = parts.plan_key(
        "plan-context", plan, plan_versions=plan_versions, extra=parts.visibility(user)
    )
    found = cache.get(key)
    if found is None:
        found = selectors.plan_context(user, plan)
        cache.set(key, found, parts.cache_timeout)
    return found


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk)
    rounds, chosen_round = page_rounds(request, plan)
    can_edit = can_edit_plan(request.user, plan)
    plan_versions = _cached(plan)
    context = {
        "plan": plan,
        "rounds": rounds,
        "chosen_round": chosen_round,
        # Built only when the cached tree (tree_key) is missing and the template looks inside.
        "tree": SimpleLazyObject(
            lambda: selectors.plan_tree(request.user, plan, statuses_of=_statuses_in(chosen_round))
        ),
        "tree_key": _tree_key(
            request.user, plan, chosen_round, can_edit=can_edit, plan_versions=plan_versions
        ),
        "can_edit": can_edit,
        "can_administer": can_administer_plan(request.user, plan),
        "can_read_history": can_read_history(request.user, plan),
        "can_send_for_decision": can_send_for_decision(request.user, plan),
        "can_answer_decision": can_answer_decision(request.user, plan),
        "decision_request": selectors.latest_decision_request(plan),
        "decision_administrators": [
            person.get_full_name() or person.username
            for person in services.plan_administrators(plan)
        ]
        if plan.awaiting_decision and plan.is_draft
        else [],
        **_plan_context(request.user, plan, plan_versions),
        "library_act": _library_act(plan, plan_versions),
        "source_file": PlanSourceFile.objects.filter(plan=plan).only("file_name").first(),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@sent_once
def plan_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    if not can_create_plan(request.user, organisation):
        raise Http404
    derivable = selectors.related_plans(request.user, organisation).exclude(status="archived")
    source = None
    source_id = request.GET.get("derived_from") or request.POST.get("source")
    if source_id and source_id.isdigit():
        source = derivable.filter(pk=int(source_id)).first()
    if request.method == "POST":
        form = PlanCreateForm(request.POST, derivable_plans=derivable)
        if form.is_valid():
            data = form.cleaned_data
            derived = list(data["derived_from"])
            try:
                plan = services.plan_create(
                    user=request.user,
                    organisation=organisation,
                    kind=data["kind"],
                    title=data["title"],
                    summary=data["summary"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    level_names=data["level_names"],
                    derived_from=derived,
                    copy_sections_from=derived[0] if data["copy_sections"] and derived else None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The plan was created as a draft."))
                return redirect(plan)
    else:
        initial = {"kind": "operational_plan", "level_names": DEFAULT_LEVELS["operational_plan"]}
        if source is not None:
            initial.update(
                derived_from=[source.pk],
                copy_sections=True,
                title=source.title,
                period_start=source.period_start,
                period_end=source.period_end,
            )
        initial["level_names"] = [str(name) for name in initial["level_names"]]
        form = PlanCreateForm(initial=initial, derivable_plans=derivable)
    return render(
        request,
        "plans/plan_create.html",
        {"form": form, "organisation": organisation, "source": source},
    )


@login_required
@sent_once
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk, write=True)
    if locked := locked_redirect(request, plan):
        return locked
    derivable = selectors.related_plans(request.user, plan.organisation).exclude(pk=plan.pk)
    conflict = None
    if request.method == "POST":
        form = PlanForm(request.POST, derivable_plans=derivable)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_update(
                    user=request.user,
                    plan=plan,
                    expected_version=data["version"],
                    derived_from=data["derived_from"],
                    kind=data["kind"],
                    title=data["title"],
                    summary=data["summary"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    level_names=data["level_names"],
                )
            except ConcurrentEdit as error:
                saved = Plan.objects.get(pk=plan.pk)
                current = _plan_form_initial(saved)
                current.pop("version")
                differences = conflicting_fields(form, current)
                if not differences:
                    # What is saved is what was sent (e.g. the same form sent again).
                    messages.success(request, _("The plan's settings were saved."))
                    return redirect(plan)
                form = PlanForm(
                    with_version(request.POST, error.current_version), derivable_plans=derivable
                )
                form.is_valid()
                conflict = edit_conflict(saved, differences, user=request.user)
                form.add_error(None, conflict_message(conflict))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The plan's settings were saved."))
                return redirect(plan)
    else:
        form = PlanForm(initial=_plan_form_initial(plan), derivable_plans=derivable)
    return render(
        request,
        "plans/plan_edit.html",
        {"form": form, "plan": plan, "page_title": _("Settings"), "conflict": conflict},
    )


def _plan_form_initial(plan: Plan) -> dict:
    return {
        "title": plan.title,
        "kind": plan.kind,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "level_names": plan.level_names,
        "summary": plan.summary,
        "derived_from": [p.pk for p in plan.derived_from.all()],
        "version": plan.version,
    }


@login_required
@sent_once
def plan_sections_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk, write=True)
    if locked := locked_redirect(request, plan):
        return locked
    conflict = None
    if request.method == "POST":
        formset = PlanSectionFormSet(request.POST, prefix="sections")
        version_form = PlanSectionsVersionForm(request.POST)
        if formset.is_valid() and version_form.is_valid():
            kept = [
                form
                for form in formset.ordered_forms
                if not form.cleaned_data.get("DELETE")
                and (form.cleaned_data.get("title") or form.cleaned_data.get("body"))
            ]
            kept += [
                form
                for form in formset.forms
                if form not in formset.ordered_forms
                and form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and (form.cleaned_data.get("title") or form.cleaned_data.get("body"))
            ]
            try:
                services.plan_sections_save(
                    user=request.user,
                    plan=plan,
                    expected_version=version_form.cleaned_data["version"],
                    sections=[form.cleaned_data for form in kept],
                )
            except ConcurrentEdit as error:
                # The formset keeps the user's text; the version is the one saved now.
                yours = [form.cleaned_data for form in kept]
                differences = _section_differences(yours, plan)
                if not differences:
                    # What is saved is what was sent (e.g. the same form sent again).
                    messages.success(request, _("The plan's text sections were saved."))
                    return redirect(plan)
                version_form = PlanSectionsVersionForm({"version": error.current_version})
                version_form.is_valid()
                conflict = edit_conflict(plan, differences, user=request.user)
                version_form.add_error(None, conflict_message(conflict))
            except ValidationError as error:
                add_service_errors(version_form, error)
            else:
                messages.success(request, _("The plan's text sections were saved."))
                return redirect(plan)
    else:
        formset = PlanSectionFormSet(
            prefix="sections",
            initial=[
                {"kind": s.kind, "title": s.title, "body": s.body, "ORDER": index + 1}
                for index, s in enumerate(plan.sections.all())
            ],
        )
        version_form = PlanSectionsVersionForm(initial={"version": plan.version})
    return render(
        request,
        "plans/plan_sections_edit.html",
        {"formset": formset, "version_form": version_form, "plan": plan, "conflict": conflict},
    )


def _section_differences(yours: list[dict], plan: Plan) -> list[ConflictingField]:
    """The text sections, place by place, where the user's unsaved ones differ from the saved."""

    def text(section) -> str:
        if section is None:
            return ""
        title = (section.get("title") or "").strip() or str(SectionKind(section["kind"]).label)
        body = (section.get("body") or "").replace("\r\n", "\n").strip()
        return f"{title}\n{body}".strip()

    saved = [{"kind": s.kind, "title": s.title, "body": s.body} for s in plan.sections.all()]
    rows = []
    for index in range(max(len(yours), len(saved))):
        mine = text(yours[index] if index < len(yours) else None)
        theirs = text(saved[index] if index < len(saved) else None)
        if mine != theirs:
            label = _("Section %(number)d") % {"number": index + 1}
            rows.append(ConflictingField(label, mine, theirs))
    return rows


@login_required
@sent_once
def plan_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk, administer=True)
    # A plan sent for decision is locked for changes, but waits for exactly this.
    if not plan.is_draft and (locked := locked_redirect(request, plan)):
        return locked
    boards = services.adopting_boards(plan)
    sent = selectors.pending_decision_request(plan)
    if request.method == "POST":
        form = PlanAdoptForm(request.POST, boards=boards)
        if form.is_valid():
            try:
                services.plan_adopt(user=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The plan was adopted. It can no longer be changed."))
                return redirect(plan)
    else:
        initial = {}
        if sent is not None:
            initial = {"board": sent.board_id, "body": "" if sent.board_id else sent.body}
        form = PlanAdoptForm(boards=boards, initial=initial)
    return render(
        request,
        "plans/plan_adopt.html",
        {"form": form, "plan": plan, "sent": sent, "page_title": _("Adopt the plan")},
    )


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk, administer=True)
    publish = request.POST.get("publish") == "1"
    try:
        services.plan_set_published(user=request.user, plan=plan, is_published=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The plan is published: anyone can read it.")
            if publish
            else _("The plan is no longer published."),
        )
    return redirect(plan)


@login_required
@require_POST
def plan_archive(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk, administer=True)
    try:
        services.plan_archive(user=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan was archived."))
    return redirect(plan)


@login_required
@require_POST
@sent_once
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk, write=True)
    try:
        copy = services.plan_revise(user=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(
        request, _("A new draft version was made. The adopted version stays as it was.")
    )
    return redirect(copy)
