"""Writes to the register of competence development, to staff's proposals, and to the
indicators counted from the register.

Every change to the trainings of a year counts that year's values of the
organisation's register indicators again (`register_values_recompute`), in the same
transaction, so an indicator never shows a count the register no longer holds.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.competence.choices import ProposalState, RegisterMeasure
from verksam.competence.models import Proposal, RegisterIndicator, Training
from verksam.competence.permissions import (
    can_decide,
    can_keep_register,
    can_propose,
    servable_items,
)
from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, snapshot
from verksam.indicators.choices import MeasurementSource
from verksam.indicators.models import Indicator, Measurement
from verksam.indicators.services import indicator_create
from verksam.organisations.models import Organisation
from verksam.plans.models import Item, Plan
from verksam.plans.services.items import item_create

TRAINING_FIELDS = {
    "title",
    "kind",
    "start_date",
    "end_date",
    "hours",
    "provider",
    "description",
    "other_participants",
}


def eligible_participants(organisation: Organisation) -> QuerySet:
    """The people who can be named as participants: members of the organisation or of
    one of its units, by name."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation__path__startswith=organisation.path, is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _check_links(*, user, organisation: Organisation, participants, items) -> None:
    """Refuse participants who are not members and items the organisation does not work by."""
    errors: dict[str, list] = {}
    participant_ids = {person.pk for person in participants}
    if participant_ids:
        allowed = set(
            eligible_participants(organisation)
            .filter(pk__in=participant_ids)
            .values_list("pk", flat=True)
        )
        if participant_ids - allowed:
            errors["participants"] = [
                _("Participants must be members of %(organisation)s.")
                % {"organisation": organisation.name}
            ]
    item_ids = {item.pk for item in items}
    if item_ids:
        allowed = set(
            servable_items(user, organisation).filter(pk__in=item_ids).values_list("pk", flat=True)
        )
        if item_ids - allowed:
            errors["items"] = [
                _("Choose goals and items of plans that %(organisation)s works by.")
                % {"organisation": organisation.name}
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_create(
    *,
    user,
    organisation: Organisation,
    title: str,
    start_date: datetime.date,
    kind: str = "course",
    end_date: datetime.date | None = None,
    hours: Decimal = Decimal(0),
    provider: str = "",
    description: str = "",
    other_participants: int = 0,
    participants: Iterable = (),
    items: Iterable[Item] = (),
) -> Training:
    """Register a training in the organisation's register, with its participants and the
    goals and items it serves; the year's register indicators are counted again."""
    if not can_keep_register(user, organisation):
        raise PermissionDenied
    participants, items = list(participants), list(items)
    training = Training(
        organisation=organisation,
        title=title,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        hours=hours,
        provider=provider,
        description=description,
        other_participants=other_participants,
        created_by=user if user.is_authenticated else None,
    )
    training.full_clean()
    _check_links(user=user, organisation=organisation, participants=participants, items=items)
    training.save()
    training.participants.set(participants)
    training.items.set(items)
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=training)
    register_values_recompute(organisation=organisation, years={training.year})
    return training


@transaction.atomic
def training_update(
    *,
    user,
    training: Training,
    expected_version: int | None = None,
    participants: Iterable | None = None,
    items: Iterable[Item] | None = None,
    **fields,
) -> Training:
    """Change a training; the register indicators of its old and new year are counted again.

    A change based on an older version than the saved one is refused (ConcurrentEdit).
    """
    if not can_keep_register(user, training.organisation):
        raise PermissionDenied
    unknown = set(fields) - TRAINING_FIELDS
    if unknown:
        raise TypeError(f"training_update got unexpected fields: {sorted(unknown)}")
    check_version(training, expected_version=expected_version)
    before = snapshot(training)
    old_year = training.year
    for name, value in fields.items():
        setattr(training, name, value)
    training.full_clean()
    participants = None if participants is None else list(participants)
    items = None if items is None else list(items)
    _check_links(
        user=user,
        organisation=training.organisation,
        participants=participants or [],
        items=items or [],
    )
    training.version = F("version") + 1
    training.save()
    training.refresh_from_db()
    if participants is not None:
        training.participants.set(participants)
    if items is not None:
        training.items.set(items)
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=training, data=before)
    register_values_recompute(organisation=training.organisation, years={old_year, training.year})
    return training


@transaction.atomic
def training_delete(*, user, training: Training) -> None:
    """Remove a training from the register; the change log keeps what it was."""
    if not can_keep_register(user, training.organisation):
        raise PermissionDenied
    organisation, year = training.organisation, training.year
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=training)
    training.delete()
    register_values_recompute(organisation=organisation, years={year})


# --- Proposals -----------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    user,
    organisation: Organisation,
    title: str,
    kind: str = "training",
    description: str = "",
    reason: str = "",
    goal: Item | None = None,
) -> Proposal:
    """Propose a training or a project to the organisation; any member may."""
    if not can_propose(user, organisation):
        raise PermissionDenied
    proposal = Proposal(
        organisation=organisation,
        kind=kind,
        title=title,
        description=description,
        reason=reason,
        goal=goal,
        proposed_by=user,
    )
    proposal.full_clean()
    if goal is not None and not servable_items(user, organisation).filter(pk=goal.pk).exists():
        raise ValidationError(
            {
                "goal": _("Choose a goal of a plan that %(organisation)s works by.")
                % {"organisation": organisation.name}
            }
        )
    proposal.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=proposal)
    return proposal


def _lock_undecided(proposal: Proposal) -> None:
    """Lock the proposal's row for the decision, and refuse one already decided."""
    state = Proposal.objects.select_for_update().values_list("state", flat=True).get(pk=proposal.pk)
    if state != ProposalState.PROPOSED:
        proposal.state = state
        raise ValidationError(
            _("This proposal has already been decided on."), code="already_decided"
        )


def item_text(proposal: Proposal) -> str:
    """The new item's description: what was proposed and why."""
    parts = [proposal.description.strip()]
    if proposal.reason.strip():
        parts.append(_("Why: %(reason)s") % {"reason": proposal.reason.strip()})
    return "\n\n".join(part for part in parts if part)


@transaction.atomic
def proposal_accept(
    *, user, proposal: Proposal, plan: Plan, parent: Item | None = None, comment: str = ""
) -> Item:
    """Take a proposal into a draft plan of its organisation as a new item (below
    `parent`, or at the top), linked to the proposal; made once only."""
    if not can_decide(user, proposal.organisation):
        raise PermissionDenied
    if plan.organisation_id != proposal.organisation_id:
        raise ValidationError(
            {
                "place": _("Choose a plan of %(organisation)s.")
                % {"organisation": proposal.organisation.name}
            }
        )
    _lock_undecided(proposal)
    item = item_create(
        user=user,
        plan=plan,
        title=proposal.title,
        parent=parent,
        description=item_text(proposal),
    )
    before = snapshot(proposal)
    proposal.state = ProposalState.ACCEPTED
    proposal.item = item
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment.strip()
    proposal.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=proposal, data=before)
    return item


@transaction.atomic
def proposal_decline(*, user, proposal: Proposal, comment: str) -> Proposal:
    """Decline a proposal with a comment to the proposer; made once only."""
    if not can_decide(user, proposal.organisation):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say why the proposal is declined; the proposer reads it.")}
        )
    _lock_undecided(proposal)
    before = snapshot(proposal)
    proposal.state = ProposalState.DECLINED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment.strip()
    proposal.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=proposal, data=before)
    return proposal


# --- Indicators counted from the register --------------------------------------------------

UNITS = {
    RegisterMeasure.TRAININGS: "utbildningar",
    RegisterMeasure.PARTICIPANTS: "deltagare",
    RegisterMeasure.HOURS: "timmar",
}


def _free_key(organisation: Organisation, measure: str) -> str:
    base = f"kompetens-{organisation.pk}-{measure}"
    keys = Indicator.objects.filter(key__istartswith=base).values_list("key", flat=True)
    taken = {key.lower() for key in keys}
    key, number = base, 1
    while key.lower() in taken:
        number += 1
        key = f"{base}-{number}"
    return key


@transaction.atomic
def register_indicator_create(
    *,
    user,
    organisation: Organisation,
    name: str,
    measure: str,
    item: Item | None = None,
    description: str = "",
) -> RegisterIndicator:
    """Make an indicator of the organisation's own whose yearly values are counted from
    its register (all trainings, or only those serving `item`), and count them now for
    every year the register holds."""
    if not can_keep_register(user, organisation):
        raise PermissionDenied
    if measure not in RegisterMeasure.values:
        raise ValidationError({"measure": _("Choose what the indicator counts.")})
    if item is not None and not servable_items(user, organisation).filter(pk=item.pk).exists():
        raise ValidationError(
            {
                "item": _("Choose a goal of a plan that %(organisation)s works by.")
                % {"organisation": organisation.name}
            }
        )
    indicator = indicator_create(
        user=user,
        key=_free_key(organisation, measure),
        name=name,
        unit=UNITS[RegisterMeasure(measure)],
        decimals=1 if measure == RegisterMeasure.HOURS else 0,
        description=description,
        organisation=organisation,
    )
    feed = RegisterIndicator(
        indicator=indicator, organisation=organisation, measure=measure, item=item
    )
    feed.full_clean()
    feed.save()
    years = {
        day.year
        for day in Training.objects.filter(organisation=organisation).dates("start_date", "year")
    }
    register_values_recompute(organisation=organisation, years=years)
    return feed


def register_value(feed: RegisterIndicator, year: int) -> Decimal:
    """What the register holds for the feed's measure in `year`: trainings started that year
    (serving the feed's item, when it has one), their participants, or their hours."""
    trainings = Training.objects.filter(organisation_id=feed.organisation_id, start_date__year=year)
    if feed.item_id is not None:
        trainings = trainings.filter(
            pk__in=Training.items.through.objects.filter(item_id=feed.item_id).values("training_id")
        )
    rows = trainings.annotate(named=Count("participants", distinct=True)).values_list(
        "named", "other_participants", "hours"
    )
    if feed.measure == RegisterMeasure.TRAININGS:
        return Decimal(len(rows))
    if feed.measure == RegisterMeasure.PARTICIPANTS:
        return Decimal(sum(named + others for named, others, _hours in rows))
    return sum((Decimal(named + others) * hours for named, others, hours in rows), Decimal(0))


def register_values_recompute(*, organisation: Organisation, years: Iterable[int]) -> int:
    """Count the organisation's register indicators again for `years`, writing each year's
    value as the indicator's measurement for the calendar year, marked as coming from the
    register. A value entered by hand for such a year is replaced: the register decides.
    Answers the number of values written."""
    years = sorted(set(years))
    if not years:
        return 0
    # One count at a time per organisation: a second writer waits here until the first
    # commits, then counts both trainings, so two trainings registered at once are not
    # each counted without the other.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    written = 0
    for feed in RegisterIndicator.objects.filter(organisation=organisation):
        for year in years:
            _store(feed, year, register_value(feed, year))
            written += 1
    return written


def _store(feed: RegisterIndicator, year: int, value: Decimal) -> None:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    measurement = (
        Measurement.objects.select_for_update()
        .filter(
            indicator_id=feed.indicator_id,
            organisation_id=feed.organisation_id,
            period_start=start,
            period_end=end,
        )
        .first()
    )
    if measurement is None:
        Measurement.objects.create(
            indicator_id=feed.indicator_id,
            organisation_id=feed.organisation_id,
            period_start=start,
            period_end=end,
            value=value,
            source=MeasurementSource.COMPETENCE,
        )
        return
    if measurement.value == value and measurement.source == MeasurementSource.COMPETENCE:
        return
    # Saved, not updated, so that the stored roll-up hears of the new value.
    measurement.value = value
    measurement.source = MeasurementSource.COMPETENCE
    measurement.measurement_import = None
    measurement.created_by = None
    measurement.version = F("version") + 1
    measurement.save()
