"""Deciding on plans: sending a plan for decision, sending it back, adopting it."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, snapshot
from verksam.core.text import clean_line
from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans.choices import DecisionRequestState, PlanStatus
from verksam.plans.models import (
    Decision,
    DecisionRequest,
    Plan,
    PlanSnapshot,
)
from verksam.plans.services.plans import require_editable


def adopting_boards(plan: Plan):
    """The boards that may adopt the plan: every board in its organisation's tree."""
    root_id = plan.organisation.ancestor_ids[0]
    return Organisation.objects.filter(
        path__startswith=f"/{root_id}/", kind=OrganisationKind.BOARD
    ).order_by("path")


def _check_board(plan: Plan, board: Organisation | None) -> None:
    if board is not None and not adopting_boards(plan).filter(pk=board.pk).exists():
        raise ValidationError(
            {
                "board": ValidationError(
                    _("Choose a board of %(organisation)s or of the organisations around it.")
                    % {"organisation": plan.organisation.name},
                    code="not_a_board",
                )
            }
        )


def _pending_request(plan: Plan) -> DecisionRequest | None:
    return (
        DecisionRequest.objects.select_related("sent_by", "board")
        .filter(plan=plan, state=DecisionRequestState.PENDING)
        .first()
    )


@transaction.atomic
def plan_send_for_decision(
    *,
    user,
    plan: Plan,
    board: Organisation | None = None,
    body: str = "",
    message: str = "",
) -> DecisionRequest:
    """Send a finished draft to a board for decision; the plan is locked until it is answered.

    The board is one of the plan's organisation tree (`board`), or a body named
    by `body` alone (the municipal assembly, say). The administrators of the
    plan's organisation and of the organisations above it are told by e-mail
    once the sending is saved.
    """
    require_editable(plan)
    _check_board(plan, board)
    request = DecisionRequest(
        plan=plan,
        board=board,
        body=clean_line(body or "") or (board.name if board is not None else ""),
        message=(message or "").strip(),
        sent_by=user,
    )
    request.full_clean()
    request.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=request)
    before = snapshot(plan)
    plan.awaiting_decision = True
    plan.version = F("version") + 1
    plan.save(update_fields=["awaiting_decision", "version", "updated_at"])
    plan.refresh_from_db()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=plan, data=before)
    recipients = [
        person for person in plan_administrators(plan) if person.pk != getattr(user, "pk", None)
    ]
    _notify(request, "sent", recipients)
    return request


@transaction.atomic
def plan_return_from_decision(*, user, plan: Plan, comment: str) -> DecisionRequest:
    """Send a plan back from decision to its editors with a comment; it is a draft again.

    The comment says what to change before it is sent again. The editor who
    sent the plan is told by e-mail.
    """
    plan.awaiting_decision = (
        Plan.objects.select_for_update().values_list("awaiting_decision", flat=True).get(pk=plan.pk)
    )
    request = _pending_request(plan)
    if not plan.awaiting_decision or request is None:
        raise ValidationError(
            _("The plan is not waiting for a decision."), code="not_awaiting_decision"
        )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Say what should be changed before the plan is sent again."),
                    code="required",
                )
            }
        )
    before = snapshot(request)
    request.state = DecisionRequestState.RETURNED
    request.return_comment = comment
    request.answered_by = user
    request.answered_at = timezone.now()
    request.full_clean()
    request.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=request, data=before)
    before = snapshot(plan)
    plan.awaiting_decision = False
    plan.version = F("version") + 1
    plan.save(update_fields=["awaiting_decision", "version", "updated_at"])
    plan.refresh_from_db()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=plan, data=before)
    _notify(request, "returned", [request.sent_by] if request.sent_by else [])
    return request


def plan_administrators(plan: Plan) -> list:
    """The active administrators of the plan's organisation and of those above it."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation_id__in=plan.organisation.ancestor_ids,
            role=Role.ADMIN,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__username", "pk")
    ]


def _notify(request: DecisionRequest, kind: str, recipients: Iterable) -> None:
    """E-mail each of `recipients` with an address about `request` once the change is saved."""
    from verksam.core.mail import absolute_url, mail_message, mail_send

    plan = request.plan
    subjects = {
        "sent": _("For decision: %(plan)s is sent to %(body)s"),
        "adopted": _("Adopted: %(plan)s"),
        "returned": _("Sent back from decision: %(plan)s"),
    }
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = subjects[kind] % {"plan": plan.title, "body": request.body}
    for person in recipients:
        if not person.email or not person.is_active:
            continue
        messages.append(
            mail_message(
                to=[person.email],
                subject=subject,
                template="plans/email/decision",
                context={
                    "kind": kind,
                    "name": person.get_full_name() or person.username,
                    "plan": plan,
                    "request": request,
                    "organisation": plan.organisation,
                    "plan_url": absolute_url(plan.get_absolute_url()),
                    "sender": request.sent_by.get_full_name() or request.sent_by.username
                    if request.sent_by
                    else "",
                },
            )
        )
    for message in messages:
        transaction.on_commit(lambda message=message: mail_send(message))


@transaction.atomic
def plan_adopt(
    *,
    user,
    plan: Plan,
    decided_on: datetime.date,
    board: Organisation | None = None,
    body: str = "",
    case_number: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> Decision:
    """Record the board's decision, adopt the plan and freeze its content; it never changes again.

    The deciding body is a board of the plan's organisation tree (`board`);
    its name is kept as the decision's `body`, which may also be given alone
    for a body that is not registered as an organisation. A `PlanSnapshot`
    of the whole plan is written with the decision. A decision cannot be dated
    after `today` (the local date if not given). A plan sent for decision is
    adopted the same way; its sending is answered and its sender told by e-mail.
    """
    from verksam.plans.versions import plan_version_data

    plan.status = Plan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft can be adopted."), code="not_draft")
    _check_board(plan, board)
    today = today or timezone.localdate()
    if decided_on and decided_on > today:
        raise ValidationError(
            {
                "decided_on": ValidationError(
                    _("The date of decision cannot be after today (%(today)s).")
                    % {"today": formats.date_format(today, "j F Y")},
                    code="future",
                )
            }
        )
    name = (body or "").strip() or (board.name if board is not None else "")
    decision = Decision(
        plan=plan,
        board=board,
        body=name,
        decided_on=decided_on,
        case_number=(case_number or "").strip(),
        note=note,
    )
    decision.full_clean()
    decision.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=decision)
    request = _pending_request(plan)
    if request is not None:
        before = snapshot(request)
        request.state = DecisionRequestState.ADOPTED
        request.decision = decision
        request.answered_by = user
        request.answered_at = timezone.now()
        request.save()
        change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=request, data=before)
    plan.status = PlanStatus.ADOPTED
    plan.awaiting_decision = False
    plan.version = F("version") + 1
    plan.save(update_fields=["status", "awaiting_decision", "version", "updated_at"])
    plan.refresh_from_db()
    PlanSnapshot.objects.create(plan=plan, decision=decision, data=plan_version_data(plan))
    change_record(user=user, action=ChangeRecord.Action.ADOPT, obj=plan)
    if request is not None and request.sent_by is not None:
        _notify(request, "adopted", [request.sent_by])
    return decision
