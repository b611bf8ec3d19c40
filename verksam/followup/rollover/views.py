"""The roll-over page: preview next period's plan, choose, and make it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from verksam.core.form_tokens import sent_once
from verksam.followup.rollover.forms import RolloverForm
from verksam.followup.rollover.permissions import plan_to_roll_over_for_user
from verksam.followup.rollover.selectors import rollover_preview
from verksam.followup.rollover.services import plan_rollover as roll_over
from verksam.followup.selectors import ROUND_PARAMETER, chosen_round


@login_required
@require_http_methods(["GET", "POST"])
@sent_once
def plan_rollover(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Show what next period's plan would get from this one; make it when confirmed."""
    plan = plan_to_roll_over_for_user(request.user, plan_pk)
    today = timezone.localdate()
    # ?omgang= reads another round of the plan than the current one, as on the other pages.
    rounds = list(plan.rounds.in_order())
    followup_round = chosen_round(rounds, request.GET.get(ROUND_PARAMETER), today)
    preview = rollover_preview(plan, today=today, followup_round=followup_round)
    form = RolloverForm(request.POST or None, preview=preview)
    if request.method == "POST" and form.is_valid():
        try:
            successor = roll_over(
                user=request.user,
                plan=plan,
                items=form.cleaned_data["items"],
                links=form.cleaned_data["links"],
                proposals=form.cleaned_data["proposals"],
                today=today,
                followup_round=followup_round,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(title)s was started as a draft from %(previous)s.")
                % {"title": successor.title, "previous": plan.title},
            )
            return redirect(successor)
    return render(
        request,
        "followup/rollover_preview.html",
        {
            "plan": plan,
            "preview": preview,
            "rounds": rounds,
            "round_parameter": ROUND_PARAMETER,
            "form": form,
            "ticked_items": form.ticked("items"),
            "ticked_links": form.ticked("links"),
            "ticked_proposals": form.ticked("proposals"),
        },
    )
