"""Reads of the register and the proposals, shaped for the pages, the API and documents,
each in a fixed number of queries whatever the number of trainings."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from verksam.competence.models import Proposal, RegisterIndicator, Training
from verksam.plans.models import Item


@dataclass(frozen=True)
class Totals:
    """What a set of trainings adds up to."""

    trainings: int
    participants: int
    hours: Decimal  # hours of competence development: each training's hours × participants


def with_counts(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """Trainings with `named` (their named participants), their participants and the items
    they serve (with their plans) read along."""
    return (
        trainings.select_related("organisation")
        .annotate(named=Count("participants", distinct=True))
        .prefetch_related(
            "participants",
            Prefetch(
                "items",
                queryset=Item.objects.select_related("plan").order_by("plan_id", "position"),
            ),
        )
    )


def participant_count(training: Training) -> int:
    """Named and other participants of a training read by `with_counts`."""
    return training.named + training.other_participants


def participant_hours(training: Training) -> Decimal:
    return training.hours * participant_count(training)


def totals(trainings: list[Training]) -> Totals:
    return Totals(
        trainings=len(trainings),
        participants=sum(participant_count(t) for t in trainings),
        hours=sum((participant_hours(t) for t in trainings), Decimal(0)),
    )


def register_years(organisation) -> list[int]:
    """The years the organisation's register holds trainings of, latest first."""
    days = Training.objects.filter(organisation=organisation).dates("start_date", "year")
    return sorted({day.year for day in days}, reverse=True)


def trainings_of(organisation, *, year: int | None = None) -> list[Training]:
    """The organisation's trainings (of one year, when given), latest first."""
    trainings = Training.objects.filter(organisation=organisation)
    if year is not None:
        trainings = trainings.filter(
            start_date__gte=datetime.date(year, 1, 1), start_date__lte=datetime.date(year, 12, 31)
        )
    return list(with_counts(trainings).order_by("-start_date", "-pk"))


def trainings_between(organisation, start: datetime.date, end: datetime.date) -> list[Training]:
    """The organisation's trainings that started within a period (a follow-up round's)."""
    trainings = Training.objects.filter(
        organisation=organisation, start_date__gte=start, start_date__lte=end
    )
    return list(with_counts(trainings).order_by("start_date", "pk"))


def proposals_of(organisation) -> list[Proposal]:
    return list(
        Proposal.objects.filter(organisation=organisation)
        .select_related("proposed_by", "decided_by", "goal__plan", "item__plan")
        .order_by("-created_at", "-pk")
    )


def register_indicators_of(organisation) -> list[RegisterIndicator]:
    return list(
        RegisterIndicator.objects.filter(organisation=organisation).select_related(
            "indicator", "item__plan"
        )
    )
