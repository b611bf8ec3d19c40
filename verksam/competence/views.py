from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verksam.competence import selectors, services
from verksam.competence.forms import (
    CompetenceProposalForm,
    ProposalAcceptForm,
    ProposalDeclineForm,
    RegisterIndicatorForm,
    TrainingForm,
    accept_places,
)
from verksam.competence.models import Training
from verksam.competence.permissions import (
    can_decide,
    can_keep_register,
    organisation_for_user,
    proposal_for_user,
    training_for_user,
)
from verksam.core.form_tokens import sent_once
from verksam.core.forms import (
    add_service_errors,
    conflict_message,
    conflicting_fields,
    edit_conflict,
    with_version,
)
from verksam.core.services import ConcurrentEdit
from verksam.organisations.choices import Role
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item, Plan

#: The query parameter choosing the register's year.
YEAR_PARAMETER = "ar"


def _chosen_year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get(YEAR_PARAMETER, "")
    if raw == "alla":
        return None
    if raw.isdigit() and 1900 <= int(raw) <= 2200:
        return int(raw)
    return years[0] if years else None


@login_required
@require_safe
def training_list(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """The organisation's register: one year's trainings with their participants and hours."""
    organisation = organisation_for_user(request.user, organisation_pk)
    years = selectors.register_years(organisation)
    year = _chosen_year(request, years)
    trainings = selectors.trainings_of(organisation, year=year)
    return render(
        request,
        "competence/training_list.html",
        {
            "organisation": organisation,
            "years": years,
            "year": year,
            "trainings": trainings,
            "totals": selectors.totals(trainings),
            "can_keep": can_keep_register(request.user, organisation),
            "feeds": selectors.register_indicators_of(organisation),
        },
    )


def _training_data(form: TrainingForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@login_required
@sent_once
def training_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = organisation_for_user(request.user, organisation_pk, at_least=Role.REPORTER)
    form_kwargs = {"organisation": organisation, "user": request.user}
    if request.method == "POST":
        form = TrainingForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                training = services.training_create(
                    user=request.user, organisation=organisation, **_training_data(form)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The training is in the register."))
                return redirect(_list_url(training))
    else:
        form = TrainingForm(initial={"version": 0}, **form_kwargs)
    return render(
        request,
        "competence/training_form.html",
        {"form": form, "organisation": organisation, "page_title": _("Register a training")},
    )


def _list_url(training: Training) -> str:
    url = reverse("competence:training_list", args=[training.organisation_id])
    return f"{url}?{YEAR_PARAMETER}={training.year}"


def _training_initial(training: Training) -> dict:
    return {
        "title": training.title,
        "kind": training.kind,
        "start_date": training.start_date,
        "end_date": training.end_date,
        "hours": training.hours,
        "provider": training.provider,
        "description": training.description,
        "participants": list(training.participants.all()),
        "other_participants": training.other_participants,
        "items": list(training.items.all()),
        "version": training.version,
    }


@login_required
@sent_once
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = training_for_user(request.user, pk, write=True)
    form_kwargs = {
        "organisation": training.organisation,
        "user": request.user,
        "training": training,
    }
    conflict = None
    if request.method == "POST":
        form = TrainingForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.training_update(
                    user=request.user,
                    training=training,
                    expected_version=data.pop("version"),
                    **data,
                )
            except ConcurrentEdit as error:
                saved = Training.objects.get(pk=training.pk)
                sent = with_version(request.POST, error.current_version)
                form = TrainingForm(sent, **form_kwargs)
                form.is_valid()
                current = _training_initial(saved)
                current.pop("version")
                differences = conflicting_fields(form, current)
                if not differences:
                    messages.success(request, _("The changes were saved."))
                    return redirect(_list_url(saved))
                conflict = edit_conflict(saved, differences, user=request.user)
                form.add_error(None, conflict_message(conflict))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(_list_url(training))
    else:
        form = TrainingForm(initial=_training_initial(training), **form_kwargs)
    return render(
        request,
        "competence/training_form.html",
        {
            "form": form,
            "organisation": training.organisation,
            "training": training,
            "conflict": conflict,
            "page_title": _("Change a training"),
        },
    )


@login_required
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove a training from the register."""
    training = training_for_user(request.user, pk, write=True)
    if request.method == "POST":
        url = _list_url(training)
        services.training_delete(user=request.user, training=training)
        messages.success(request, _("The training was removed from the register."))
        return redirect(url)
    return render(request, "competence/training_delete.html", {"training": training})


@login_required
@require_safe
def proposal_list(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """The organisation's proposals, awaiting decision first."""
    organisation = organisation_for_user(request.user, organisation_pk)
    proposals = selectors.proposals_of(organisation)
    waiting = [proposal for proposal in proposals if not proposal.is_decided]
    decided = [proposal for proposal in proposals if proposal.is_decided]
    return render(
        request,
        "competence/proposal_list.html",
        {"organisation": organisation, "waiting": waiting, "decided": decided},
    )


@login_required
@sent_once
def proposal_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = organisation_for_user(request.user, organisation_pk)
    form_kwargs = {"organisation": organisation, "user": request.user}
    if request.method == "POST":
        form = CompetenceProposalForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                proposal = services.proposal_create(
                    user=request.user, organisation=organisation, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you. The proposal is sent to the organisation's editors.")
                )
                return redirect(proposal)
    else:
        form = CompetenceProposalForm(initial={"kind": "training"}, **form_kwargs)
    return render(
        request,
        "competence/proposal_form.html",
        {"form": form, "organisation": organisation},
    )


def _places(proposal) -> tuple[list[tuple[str, str]], str]:
    """Where the proposal can go (the organisation's draft plans that can be changed) and
    the place chosen first: below its goal when that plan is one of them."""
    plans = list(
        Plan.objects.filter(
            organisation=proposal.organisation, status=PlanStatus.DRAFT, awaiting_decision=False
        ).order_by("-period_start", "title")
    )
    items = list(Item.objects.filter(plan__in=plans))
    places = accept_places(plans, items)
    initial = ""
    if proposal.goal_id and f"item-{proposal.goal_id}" in dict(places):
        initial = f"item-{proposal.goal_id}"
    return places, initial


def _place(value: str) -> tuple[Plan, Item | None]:
    kind, _dash, pk = value.partition("-")
    if kind == "plan":
        return Plan.objects.select_related("organisation").get(pk=pk), None
    item = Item.objects.select_related("plan__organisation").get(pk=pk)
    return item.plan, item


@login_required
@sent_once
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal and its decision; its organisation's editors accept or decline it here."""
    proposal = proposal_for_user(request.user, pk)
    deciding = not proposal.is_decided and can_decide(request.user, proposal.organisation)
    accept_form = decline_form = None
    places: list = []
    if deciding:
        places, initial = _places(proposal)
        accept_form = ProposalAcceptForm(places=places, initial={"place": initial})
        decline_form = ProposalDeclineForm()
    if request.method == "POST":
        if not can_decide(request.user, proposal.organisation):
            raise Http404
        action = request.POST.get("action")
        if proposal.is_decided:
            messages.error(request, _("This proposal has already been decided on."))
            return redirect(proposal)
        try:
            if action == "accept":
                accept_form = ProposalAcceptForm(request.POST, places=places)
                if accept_form.is_valid():
                    plan, parent = _place(accept_form.cleaned_data["place"])
                    item = services.proposal_accept(
                        user=request.user,
                        proposal=proposal,
                        plan=plan,
                        parent=parent,
                        comment=accept_form.cleaned_data["comment"],
                    )
                    messages.success(request, _("The proposal is now an item of the plan."))
                    return redirect(item)
            elif action == "decline":
                decline_form = ProposalDeclineForm(request.POST)
                if decline_form.is_valid():
                    services.proposal_decline(
                        user=request.user,
                        proposal=proposal,
                        comment=decline_form.cleaned_data["comment"],
                    )
                    messages.success(request, _("The proposal was declined."))
                    return redirect(proposal)
        except ValidationError as error:
            form = accept_form if action == "accept" else decline_form
            if form is not None:
                add_service_errors(form, error)
    return render(
        request,
        "competence/proposal_detail.html",
        {
            "proposal": proposal,
            "deciding": deciding,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "has_places": bool(places),
        },
    )


@login_required
@sent_once
def register_indicators(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """The indicators counted from the register, and a form to make another."""
    organisation = organisation_for_user(request.user, organisation_pk, at_least=Role.REPORTER)
    form_kwargs = {"organisation": organisation, "user": request.user}
    if request.method == "POST":
        form = RegisterIndicatorForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                feed = services.register_indicator_create(
                    user=request.user, organisation=organisation, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is counted from the register.") % {"name": feed.indicator.name},
                )
                return redirect("competence:register_indicators", organisation.pk)
    else:
        form = RegisterIndicatorForm(**form_kwargs)
    return render(
        request,
        "competence/register_indicators.html",
        {
            "organisation": organisation,
            "form": form,
            "feeds": selectors.register_indicators_of(organisation),
        },
    )
