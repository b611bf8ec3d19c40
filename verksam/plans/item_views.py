"""Pages of items: reading an item, and adding, changing, moving, deleting and linking
the items of a draft.

Every view gets its item through verksam.plans.permissions, which answers 404 for
whatever the user may not see or change; a plan that can no longer change sends the
user back to it (``locked_redirect``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.core.form_tokens import sent_once
from verksam.core.forms import (
    add_service_errors,
    conflict_message,
    conflicting_fields,
    edit_conflict,
    with_version,
)
from verksam.core.services import ConcurrentEdit
from verksam.core.text import in_sentence
from verksam.plans import selectors, services
from verksam.plans.forms import ContributionSearchForm, ItemForm, ItemMoveForm
from verksam.plans.models import Item
from verksam.plans.page_parts import followup_parts, item_page_parts_context
from verksam.plans.permissions import (
    can_edit_plan,
    can_read_history,
    item_for_user,
    plan_for_user,
    visible_plans,
)
from verksam.plans.views import locked_redirect, page_rounds


def item_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    item = item_for_user(request.user, plan_pk, pk)
    rounds, chosen_round = page_rounds(request, item.plan)
    derivation = (
        followup_parts().round_statuses(chosen_round, [item.pk]).get(item.pk)
        if chosen_round
        else None
    )
    context = {
        "plan": item.plan,
        "item": item,
        "rounds": rounds,
        "chosen_round": chosen_round,
        "derivation": derivation,
        "can_edit": can_edit_plan(request.user, item.plan),
        "can_read_history": can_read_history(request.user, item.plan),
        **item_page_parts_context(request.user, item),
        **selectors.item_context(request.user, item),
    }
    return render(request, "plans/item_detail.html", context)


def _item_form_kwargs(item: Item) -> dict:
    return {
        "initial": {
            "title": item.title,
            "description": item.description,
            "responsible_organisation": item.responsible_organisation_id,
            "responsible_people": [user.pk for user in item.responsible_people.all()],
            "start_date": item.start_date,
            "end_date": item.end_date,
            "tags": [tag.pk for tag in item.tags.all()],
            "version": item.version,
        }
    }


@login_required
@sent_once
def item_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_pk, write=True)
    if locked := locked_redirect(request, plan):
        return locked
    parent = None
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    if parent_id:
        parent = plan.items.filter(pk=parent_id).first() if parent_id.isdigit() else None
        if parent is None:
            raise Http404
        parent.plan = plan
    depth = 0 if parent is None else parent.depth + 1
    if request.method == "POST":
        form = ItemForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            data.pop("version", None)
            try:
                item = services.item_create(user=request.user, plan=plan, parent=parent, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(level)s “%(title)s” was added.")
                    % {"level": plan.level_name(depth), "title": item.title},
                )
                return redirect(f"{plan.get_absolute_url()}#item-{item.pk}")
    else:
        form = ItemForm(plan=plan)
    return render(
        request,
        "plans/item_create.html",
        {
            "form": form,
            "plan": plan,
            "parent": parent,
            "level_name": plan.level_name(depth),
            "page_title": _("Add %(level)s") % {"level": in_sentence(plan.level_name(depth))},
        },
    )


@login_required
@sent_once
def item_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    item = item_for_user(request.user, plan_pk, pk, write=True)
    if locked := locked_redirect(request, item.plan):
        return locked
    conflict = None
    if request.method == "POST":
        form = ItemForm(request.POST, plan=item.plan)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.item_update(
                    user=request.user,
                    item=item,
                    expected_version=data.pop("version"),
                    **data,
                )
            except ConcurrentEdit as error:
                # Show the user's input beside what is saved now, with the new version.
                saved = Item.objects.get(pk=item.pk)
                form = ItemForm(with_version(request.POST, error.current_version), plan=item.plan)
                form.is_valid()
                current = _item_form_kwargs(saved)["initial"]
                current.pop("version")
                differences = conflicting_fields(form, current)
                if not differences:
                    # What is saved is what was sent (e.g. the same form sent again).
                    messages.success(request, _("The changes were saved."))
                    return redirect(item)
                conflict = edit_conflict(saved, differences, user=request.user)
                form.add_error(None, conflict_message(conflict))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(item)
    else:
        form = ItemForm(plan=item.plan, **_item_form_kwargs(item))
    context = {"form": form, "plan": item.plan, "item": item, "page_title": _("Edit")}
    return render(request, "plans/item_edit.html", {**context, "conflict": conflict})


@login_required
@sent_once
def item_move(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    item = item_for_user(request.user, plan_pk, pk, write=True)
    plan = item.plan
    if locked := locked_redirect(request, plan):
        return locked
    items = list(plan.items.order_by("depth", "position", "id"))
    ordered = selectors.tree_order(items)
    for other in ordered:
        other.plan = plan
    if request.method == "POST":
        form = ItemMoveForm(request.POST, item=item, items=ordered)
        if form.is_valid():
            data = form.cleaned_data
            parent = next((o for o in items if o.pk == data["parent"]), None)
            position = data["position"] - 1 if data["position"] else None
            try:
                services.item_move(
                    user=request.user,
                    item=item,
                    parent=parent,
                    position=position,
                    expected_version=data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("“%(title)s” was moved.") % {"title": item.title})
                return redirect(f"{plan.get_absolute_url()}#item-{item.pk}")
    else:
        form = ItemMoveForm(
            item=item,
            items=ordered,
            initial={"parent": item.parent_id or "", "version": item.version},
        )
    return render(
        request,
        "plans/item_move.html",
        {"form": form, "plan": plan, "item": item, "page_title": _("Move")},
    )


@login_required
@require_POST
def item_shift(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Move an item one step up or down among its siblings."""
    item = item_for_user(request.user, plan_pk, pk, write=True)
    plan = item.plan
    if locked := locked_redirect(request, plan):
        return locked
    steps = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.item_shift(user=request.user, item=item, steps=steps)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        context = {
            "plan": plan,
            "tree": selectors.plan_tree(request.user, plan),
            "can_edit": True,
            "focus_item": item.pk,
            "focus_direction": "up" if steps < 0 else "down",
        }
        return render(request, "plans/_item_tree.html", context)
    return redirect(f"{plan.get_absolute_url()}#item-{item.pk}")


@login_required
@sent_once
def item_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    item = item_for_user(request.user, plan_pk, pk, write=True)
    plan = item.plan
    if locked := locked_redirect(request, plan):
        return locked
    if request.method == "POST":
        title = item.title
        services.item_delete(user=request.user, item=item)
        messages.success(
            request,
            _("“%(title)s” was deleted. The change log keeps what it was.") % {"title": title},
        )
        return redirect(plan)
    below = item.children.count()
    return render(
        request,
        "plans/item_delete.html",
        {"plan": plan, "item": item, "has_children": below, "page_title": _("Delete")},
    )


@login_required
@sent_once
def item_links(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """Choose what an item contributes to: search items of other plans and link them."""
    item = item_for_user(request.user, plan_pk, pk, write=True)
    plan = item.plan
    if locked := locked_redirect(request, plan):
        return locked
    related = list(
        selectors.related_plans(request.user, plan.organisation)
        .exclude(pk=plan.pk)
        .select_related("organisation")
    )
    search = ContributionSearchForm(request.GET or None, related_plans=related)
    valid = search.is_valid()
    query = search.cleaned_data["q"].strip() if valid else ""
    chosen_plan = search.cleaned_data["plan"] if valid else None
    everywhere = search.cleaned_data["everywhere"] if valid else False
    error = None
    if request.method == "POST":
        target_id = request.POST.get("target", "")
        readable = visible_plans(request.user).values("pk")
        target = (
            Item.objects.filter(pk=target_id, plan__in=readable).first()
            if target_id.isdigit()
            else None
        )
        if target is None:
            error = _("Choose an item of a plan you can read.")
        else:
            try:
                services.contribution_add(user=request.user, source=item, target=target)
            except ValidationError as validation_error:
                error = " ".join(validation_error.messages)
            else:
                messages.success(
                    request,
                    _("“%(item)s” now contributes to “%(target)s”.")
                    % {"item": item.title, "target": target.title},
                )
                return redirect(request.get_full_path())
    candidates = selectors.contribution_candidates(
        request.user, item, query, plan_pk=chosen_plan, everywhere=everywhere
    )
    context = {
        "plan": plan,
        "item": item,
        "search": search,
        "query": query,
        "chosen_plan": chosen_plan,
        "candidates": candidates,
        "error": error,
        **selectors.item_context(request.user, item),
    }
    if request.htmx and request.method == "GET":
        return render(request, "plans/_contribution_candidates.html", context)
    return render(request, "plans/item_links.html", context, status=400 if error else 200)


@login_required
@require_POST
def item_link_remove(request: HttpRequest, plan_pk: int, pk: int, target_pk: int) -> HttpResponse:
    item = item_for_user(request.user, plan_pk, pk, write=True)
    if locked := locked_redirect(request, item.plan):
        return locked
    target = get_object_or_404(item.contributes_to.all(), pk=target_pk)
    services.contribution_remove(user=request.user, source=item, target=target)
    messages.success(
        request,
        _("“%(item)s” no longer contributes to “%(target)s”.")
        % {"item": item.title, "target": target.title},
    )
    return redirect("plans:item_links", plan_pk=item.plan_id, pk=item.pk)
