"""The planning-model pages: the models, their steps, and a plan written step by step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verksam.core.form_tokens import sent_once
from verksam.core.forms import add_service_errors, with_version
from verksam.core.services import ConcurrentEdit
from verksam.core.text import in_sentence
from verksam.planning import selectors, services
from verksam.planning.forms import (
    PlanFromModelForm,
    PlanningModelForm,
    PlanningStepForm,
    StepItemForm,
)
from verksam.planning.permissions import (
    can_edit_model,
    model_for_user,
    organisations_for_model,
    organisations_for_new_models,
    plan_progress_for_user,
    step_for_user,
)
from verksam.plans.choices import PlanKind


def _step_url(plan_pk: int, number: int) -> str:
    return reverse("planning:plan_step", kwargs={"plan_pk": plan_pk, "number": number})


@login_required
@require_safe
def model_list(request: HttpRequest) -> HttpResponse:
    """The built-in models and those of the user's organisations."""
    models = list(selectors.model_list(request.user))
    return render(
        request,
        "planning/model_list.html",
        {
            "models": models,
            "can_create": organisations_for_new_models(request.user).exists(),
        },
    )


@login_required
@require_safe
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = model_for_user(request.user, pk)
    return render(
        request,
        "planning/model_detail.html",
        {
            "model": model,
            "steps": selectors.model_steps(model),
            "can_edit": can_edit_model(request.user, model),
            "can_use": organisations_for_model(request.user, model).exists(),
        },
    )


@login_required
@sent_once
def model_create(request: HttpRequest) -> HttpResponse:
    organisations = organisations_for_new_models(request.user)
    if not organisations.exists():
        raise Http404
    if request.method == "POST":
        form = PlanningModelForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                model = services.planning_model_create(
                    user=request.user,
                    organisation=data["organisation"],
                    name=data["name"],
                    description=data["description"],
                    level_names=data["level_names"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The planning model was created. Add its steps."))
                return redirect(model)
    else:
        form = PlanningModelForm(organisations=organisations)
    return render(
        request,
        "planning/model_form.html",
        {"form": form, "page_title": _("New planning model")},
    )


@login_required
@sent_once
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = model_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = PlanningModelForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.planning_model_update(
                    user=request.user, model=model, expected_version=data.pop("version"), **data
                )
            except ConcurrentEdit as error:
                form = PlanningModelForm(with_version(request.POST, error.current_version))
                form.is_valid()
                form.add_error(None, error.messages)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(model)
    else:
        form = PlanningModelForm(
            initial={
                "name": model.name,
                "description": model.description,
                "level_names": model.level_names,
                "version": model.version,
            }
        )
    return render(
        request,
        "planning/model_form.html",
        {"form": form, "model": model, "page_title": _("Edit the planning model")},
    )


@login_required
@sent_once
def step_create(request: HttpRequest, model_pk: int) -> HttpResponse:
    model = model_for_user(request.user, model_pk, write=True)
    if request.method == "POST":
        form = PlanningStepForm(request.POST, model=model)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            try:
                services.planning_step_create(user=request.user, model=model, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The step was added."))
                return redirect(model)
    else:
        form = PlanningStepForm(model=model)
    return render(
        request,
        "planning/step_form.html",
        {"form": form, "model": model, "page_title": _("Add a step")},
    )


@login_required
@sent_once
def step_edit(request: HttpRequest, model_pk: int, pk: int) -> HttpResponse:
    step = step_for_user(request.user, model_pk, pk, write=True)
    model = step.model
    if request.method == "POST":
        form = PlanningStepForm(request.POST, model=model)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.planning_step_update(
                    user=request.user, step=step, expected_version=data.pop("version"), **data
                )
            except ConcurrentEdit as error:
                form = PlanningStepForm(
                    with_version(request.POST, error.current_version), model=model
                )
                form.is_valid()
                form.add_error(None, error.messages)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(model)
    else:
        form = PlanningStepForm(
            model=model,
            initial={
                "title": step.title,
                "question": step.question,
                "guidance": step.guidance,
                "level": step.level,
                "perspective": step.perspective,
                "version": step.version,
            },
        )
    return render(
        request,
        "planning/step_form.html",
        {"form": form, "model": model, "step": step, "page_title": _("Edit the step")},
    )


@login_required
@require_POST
@sent_once
def step_move(request: HttpRequest, model_pk: int, pk: int) -> HttpResponse:
    step = step_for_user(request.user, model_pk, pk, write=True)
    steps = -1 if request.POST.get("direction") == "up" else 1
    services.planning_step_move(user=request.user, step=step, steps=steps)
    messages.success(request, _("“%(title)s” was moved.") % {"title": step.title})
    return redirect(f"{step.model.get_absolute_url()}#step-{step.pk}")


@login_required
@sent_once
def step_delete(request: HttpRequest, model_pk: int, pk: int) -> HttpResponse:
    step = step_for_user(request.user, model_pk, pk, write=True)
    error = None
    if request.method == "POST":
        try:
            services.planning_step_delete(user=request.user, step=step)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("The step “%(title)s” was removed.") % {"title": step.title}
            )
            return redirect(step.model)
    return render(
        request,
        "planning/step_delete.html",
        {"step": step, "model": step.model, "error": error},
    )


@login_required
@sent_once
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a plan by the model: its settings first, then its steps one by one."""
    model = model_for_user(request.user, pk)
    organisations = organisations_for_model(request.user, model)
    if not organisations.exists():
        raise Http404
    steps = selectors.model_steps(model)
    if not steps:
        messages.error(request, _("Add the model's steps before writing a plan by it."))
        return redirect(model)
    if request.method == "POST":
        form = PlanFromModelForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_create_from_model(user=request.user, model=model, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The plan was created as a draft. Answer the model's steps in turn.")
                )
                return redirect(_step_url(plan.pk, 1))
    else:
        form = PlanFromModelForm(
            organisations=organisations,
            initial={
                "kind": PlanKind.OPERATIONAL_PLAN,
                "organisation": organisations.first() if organisations.count() == 1 else None,
            },
        )
    return render(
        request,
        "planning/plan_create.html",
        {
            "form": form,
            "model": model,
            "steps": steps,
            "page_title": _("New plan by “%(name)s”") % {"name": model.name},
        },
    )


@login_required
@sent_once
def plan_step(request: HttpRequest, plan_pk: int, number: int) -> HttpResponse:
    """One step of the guided flow: the question, the guidance, and the step's items."""
    plan = plan_progress_for_user(request.user, plan_pk, write=True)
    progress = selectors.plan_progress(plan)
    if progress is None:
        raise Http404
    current = progress.step_number(number)
    if current is None:
        raise Http404
    step = current.step
    parents = selectors.parent_choices(plan, step) if step.level > 1 else None
    parent_level = plan.level_name(step.level - 2) if step.level > 1 else ""
    form_kwargs = {"parents": parents, "parent_level": parent_level}
    if request.method == "POST":
        form = StepItemForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.step_item_add(
                    user=request.user,
                    plan=plan,
                    step=step,
                    title=data["title"],
                    description=data["description"],
                    parent=data.get("parent"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(level)s “%(title)s” was added.")
                    % {"level": step.level_name(), "title": item.title},
                )
                return redirect(_step_url(plan.pk, number))
    else:
        form = StepItemForm(**form_kwargs)
    return render(
        request,
        "planning/plan_step.html",
        {
            "plan": plan,
            "progress": progress,
            "current": current,
            "step": step,
            "items": selectors.step_items(plan, step),
            "form": form,
            "level_name": in_sentence(step.level_name()),
            "previous_url": _step_url(plan.pk, number - 1) if number > 1 else None,
            "next_url": _step_url(plan.pk, number + 1) if number < len(progress.steps) else None,
            "has_parents": parents is None or parents.exists(),
            "parent_step": next(
                (s for s in progress.steps if s.step.level == step.level - 1), None
            ),
        },
    )


@login_required
@require_POST
@sent_once
def plan_step_done(request: HttpRequest, plan_pk: int, number: int) -> HttpResponse:
    """Mark a step done (or not done) without adding items, e.g. one answered in the text."""
    plan = plan_progress_for_user(request.user, plan_pk, write=True)
    progress = selectors.plan_progress(plan)
    current = progress.step_number(number) if progress is not None else None
    if current is None:
        raise Http404
    done = request.POST.get("done") == "1"
    try:
        services.step_mark_done(user=request.user, plan=plan, step=current.step, done=done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    if done:
        messages.success(
            request, _("The step “%(title)s” is marked done.") % {"title": current.step.title}
        )
    else:
        messages.success(
            request,
            _("The step “%(title)s” is no longer marked done.") % {"title": current.step.title},
        )
    following = _step_url(plan.pk, number + 1) if done and number < len(progress.steps) else None
    return redirect(following or _step_url(plan.pk, number))
