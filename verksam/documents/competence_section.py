"""The annual report's chapter on competence development, from the organisation's register.

The trainings that started within the report's round (the year, for an annual report),
their participants and hours of competence development, and what they served among the
plan's goals and items. Counts and titles only: the register names staff, a report
does not. The register's own reads are in verksam.competence.selectors, which the
pages and the API use too.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verksam.competence.selectors import (
    participant_count,
    participant_hours,
    totals,
    trainings_between,
)
from verksam.documents.content import Heading, Paragraph, Table
from verksam.documents.formatting import format_date, format_number, period_text


def _hours(value: Decimal) -> str:
    return format_number(value, 0 if value == value.to_integral_value() else 1)


def _dates(training) -> str:
    if training.end_date and training.end_date != training.start_date:
        return f"{format_date(training.start_date)} – {format_date(training.end_date)}"
    return format_date(training.start_date)


def competence_blocks(reading) -> list:
    """A chapter on the year's competence development; empty without a round or trainings.

    `reading` is the document's PlanReading: the plan, its round and its items in
    reading order. Two queries (the trainings with their counts, their items).
    """
    followup_round = reading.followup_round
    if followup_round is None:
        return []
    plan = reading.plan
    trainings = trainings_between(
        plan.organisation, followup_round.period_start, followup_round.period_end
    )
    if not trainings:
        return []
    summed = totals(trainings)
    period = period_text(followup_round.period_start, followup_round.period_end)
    lead = ngettext(
        "In %(period)s the staff took part in %(count)s training or other competence "
        "development: %(participants)s participants and %(hours)s hours in all.",
        "In %(period)s the staff took part in %(count)s trainings and other competence "
        "development: %(participants)s participants and %(hours)s hours in all.",
        summed.trainings,
    ) % {
        "period": period,
        "count": summed.trainings,
        "participants": format_number(summed.participants),
        "hours": _hours(summed.hours),
    }
    blocks: list = [
        Heading(_("Competence development"), 1),
        Paragraph(lead, style="lead"),
        Table(
            caption=_("Trainings %(period)s") % {"period": period},
            header=[_("Training"), _("Kind"), _("Date"), _("Participants"), _("Hours")],
            rows=[
                [
                    training.title,
                    str(training.get_kind_display()),
                    _dates(training),
                    format_number(participant_count(training)),
                    _hours(participant_hours(training)),
                ]
                for training in trainings
            ],
            numeric=[3, 4],
        ),
    ]
    served = _per_item(reading, trainings)
    if served:
        blocks.append(
            Table(
                caption=_("Competence development per goal"),
                header=[
                    _("Goal or item"),
                    _("Trainings"),
                    _("Participants"),
                    _("Hours"),
                ],
                rows=served,
                numeric=[1, 2, 3],
            )
        )
    blocks.append(
        Paragraph(
            _(
                "Hours are each training's hours times its participants. Source: the "
                "organisation's register of competence development."
            ),
            style="muted",
        )
    )
    return blocks


def _per_item(reading, trainings) -> list[list[str]]:
    """One row per item of the plan that trainings served, in the plan's reading order;
    a training serving several items counts for each of them."""
    by_item: dict[int, list] = {}
    for training in trainings:
        for item in training.items.all():
            by_item.setdefault(item.pk, []).append(training)
    rows = []
    for item in reading.items:
        served = by_item.get(item.pk)
        if not served:
            continue
        summed = totals(served)
        rows.append(
            [
                item.title,
                format_number(summed.trainings),
                format_number(summed.participants),
                _hours(summed.hours),
            ]
        )
    return rows
