"""Writes of follow-up: rounds from a rhythm, and assessments from draft to approval."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, full_row, snapshot
from verksam.followup.choices import ActivityStatus, AssessmentState, GoalStatus, Rhythm
from verksam.followup.models import Assessment, FollowUpRound
from verksam.plans.models import Item, Plan
from verksam.plans.restore import write_rows

#: Days from the end of a round's period to its due date, unless chosen otherwise.
DEFAULT_DAYS_TO_DUE = 15


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def rhythm_periods(rhythm: str, year: int) -> list[tuple[str, datetime.date, datetime.date, bool]]:
    """The rounds of one year for a rhythm: (name, period start, period end, is year-end)."""
    january_1, december_31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    whole_year = (_("Year %(year)d") % {"year": year}, january_1, december_31, True)
    if rhythm == Rhythm.TERTIAL:
        return [
            (f"T1 {year}", january_1, _month_end(year, 4), False),
            (f"T2 {year}", datetime.date(year, 5, 1), _month_end(year, 8), False),
            whole_year,
        ]
    if rhythm == Rhythm.HALF_YEAR:
        return [(f"H1 {year}", january_1, _month_end(year, 6), False), whole_year]
    if rhythm == Rhythm.ANNUAL:
        return [whole_year]
    if rhythm == Rhythm.MONTHLY:
        return [
            (
                f"{year}-{month:02d}",
                datetime.date(year, month, 1),
                _month_end(year, month),
                month == 12,
            )
            for month in range(1, 13)
        ]
    raise ValueError(f"No fixed periods for the rhythm {rhythm!r}")


@transaction.atomic
def rounds_create_from_rhythm(
    *,
    user,
    plan: Plan,
    rhythm: str,
    years: list[int] | None = None,
    days_to_due: int = DEFAULT_DAYS_TO_DUE,
) -> list[FollowUpRound]:
    """Create a plan's rounds for a rhythm in one step, for the given years or the whole period.

    Rounds that already exist for the same period are kept as they are, so the
    step can be repeated safely.
    """
    if rhythm == Rhythm.CUSTOM:
        raise ValidationError({"rhythm": _("A custom round is created with its own dates.")})
    if days_to_due < 0 or days_to_due > 365:
        raise ValidationError({"days_to_due": _("Give a number of days from 0 to 365.")})
    plan_years = list(range(plan.period_start.year, plan.period_end.year + 1))
    years = years or plan_years
    outside = [year for year in years if year not in plan_years]
    if outside:
        raise ValidationError(
            {
                "years": _("%(year)d is outside the plan's period %(period)s.")
                % {"year": outside[0], "period": plan.period_label}
            }
        )
    existing = set(plan.rounds.values_list("period_start", "period_end"))
    created = []
    for year in years:
        for name, start, end, is_year_end in rhythm_periods(rhythm, year):
            if (start, end) in existing:
                continue
            followup_round = FollowUpRound(
                plan=plan,
                name=name,
                rhythm=rhythm,
                period_start=start,
                period_end=end,
                due_date=end + datetime.timedelta(days=days_to_due),
                is_year_end=is_year_end,
            )
            followup_round.full_clean()
            followup_round.save()
            change_record(user=user, action=ChangeRecord.Action.CREATE, obj=followup_round)
            created.append(followup_round)
    return created


@transaction.atomic
def round_create(
    *,
    user,
    plan: Plan,
    name: str,
    period_start: datetime.date,
    period_end: datetime.date,
    due_date: datetime.date,
    is_year_end: bool = False,
) -> FollowUpRound:
    """Create one round with its own period, e.g. a follow-up before a board meeting."""
    followup_round = FollowUpRound(
        plan=plan,
        name=name.strip(),
        rhythm=Rhythm.CUSTOM,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        is_year_end=is_year_end,
    )
    followup_round.full_clean()
    if plan.rounds.filter(period_start=period_start, period_end=period_end).exists():
        raise ValidationError({"period_start": _("The plan already has a round for this period.")})
    followup_round.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=followup_round)
    return followup_round


@transaction.atomic
def round_close(*, user, followup_round: FollowUpRound) -> FollowUpRound:
    """Close a round: it takes no more reports until an administrator reopens it."""
    followup_round.is_closed = True
    followup_round.save(update_fields=["is_closed", "updated_at"])
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=followup_round)
    return followup_round


@transaction.atomic
def round_reopen(*, user, followup_round: FollowUpRound) -> FollowUpRound:
    followup_round.is_closed = False
    followup_round.save(update_fields=["is_closed", "updated_at"])
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=followup_round)
    return followup_round


def status_choices_for(item: Item) -> list[tuple[str, str]]:
    """The status scale of an item: activities' or goals', as its plan says."""
    if item.plan.is_activity_level(item.depth):
        return list(ActivityStatus.choices)
    return list(GoalStatus.choices)


def _lock_round(followup_round: FollowUpRound) -> None:
    is_closed = (
        FollowUpRound.objects.select_for_update()
        .values_list("is_closed", flat=True)
        .get(pk=followup_round.pk)
    )
    if is_closed:
        raise ValidationError(
            _("The round %(round)s is closed; an administrator can reopen it.")
            % {"round": followup_round.name},
            code="closed",
        )


def _locked_assessment(followup_round: FollowUpRound, item: Item) -> Assessment | None:
    return Assessment.objects.select_for_update().filter(round=followup_round, item=item).first()


@transaction.atomic
def assessment_save(
    *,
    user,
    followup_round: FollowUpRound,
    item: Item,
    status: str,
    forecast: str = "",
    progress: int | None = None,
    done: str = "",
    results: str = "",
    improvements: str = "",
    expected_version: int | None = None,
    require_version: bool = False,
    submit: bool = False,
) -> Assessment:
    """Save the follow-up of an item in a round as a draft, or submit it for approval.

    Reporting after the due date is allowed and marked late. Submitted and
    approved assessments are locked: they change only after being returned or
    reopened by the plan's leadership. A save based on an older version than
    the saved one is refused (`expected_version` 0: the form was loaded before
    there was an assessment); `require_version` refuses a change without one.
    """
    if item.plan_id != followup_round.plan_id:
        raise ValidationError(_("The item does not belong to the round's plan."), code="other_plan")
    _lock_round(followup_round)
    assessment = _locked_assessment(followup_round, item)
    if assessment is None:
        assessment = Assessment(round=followup_round, item=item)
        before = None
    else:
        if assessment.is_locked:
            raise ValidationError(
                _("The follow-up is %(state)s and locked; it can be changed after it is returned.")
                % {"state": assessment.get_state_display()},
                code="locked",
            )
        check_version(assessment, expected_version=expected_version, required=require_version)
        before = snapshot(assessment)
    allowed_statuses = {value for value, _label in status_choices_for(item)}
    errors = {}
    if status not in allowed_statuses:
        errors["status"] = [_("Choose a status of the scale shown.")]
    if forecast and forecast not in allowed_statuses:
        errors["forecast"] = [_("Choose a forecast of the scale shown.")]
    if forecast and followup_round.is_year_end:
        errors["forecast"] = [_("The year-end round takes no forecast.")]
    if errors:
        raise ValidationError(errors)
    assessment.status = status
    assessment.forecast = forecast
    assessment.progress = progress
    assessment.done = done
    assessment.results = results
    assessment.improvements = improvements
    assessment.author = user
    if submit:
        assessment.state = AssessmentState.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.is_late = timezone.localdate() > followup_round.due_date
    elif assessment.state != AssessmentState.RETURNED:
        assessment.state = AssessmentState.DRAFT
    assessment.full_clean()
    if assessment.pk:
        assessment.version = F("version") + 1
    assessment.save()
    assessment.refresh_from_db()
    change_record(
        user=user,
        action=ChangeRecord.Action.CREATE if before is None else ChangeRecord.Action.UPDATE,
        obj=assessment,
        data=before,
    )
    return assessment


def _review(
    *, user, assessment: Assessment, expected_state: set[str], new_state: str, comment: str
) -> Assessment:
    _lock_round(assessment.round)
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.state not in expected_state:
        raise ValidationError(
            _("The follow-up is %(state)s; this cannot be done now.")
            % {"state": current.get_state_display()},
            code="wrong_state",
        )
    before = snapshot(current)
    current.state = new_state
    current.reviewer_comment = comment
    if new_state == AssessmentState.APPROVED:
        current.approved_by = user
        current.approved_at = timezone.now()
    else:
        current.approved_by = None
        current.approved_at = None
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=current, data=before)
    return current


@transaction.atomic
def assessment_approve(*, user, assessment: Assessment, comment: str = "") -> Assessment:
    """Approve a submitted follow-up; from now on it counts in the roll-up and is locked."""
    return _review(
        user=user,
        assessment=assessment,
        expected_state={AssessmentState.SUBMITTED},
        new_state=AssessmentState.APPROVED,
        comment=comment,
    )


@transaction.atomic
def assessment_return(*, user, assessment: Assessment, comment: str) -> Assessment:
    """Send a submitted follow-up back to its reporters with a comment on what to change."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be changed.")})
    return _review(
        user=user,
        assessment=assessment,
        expected_state={AssessmentState.SUBMITTED},
        new_state=AssessmentState.RETURNED,
        comment=comment,
    )


@transaction.atomic
def assessment_reopen(*, user, assessment: Assessment, comment: str = "") -> Assessment:
    """Unlock an approved follow-up so that it can be corrected; it no longer counts."""
    return _review(
        user=user,
        assessment=assessment,
        expected_state={AssessmentState.APPROVED},
        new_state=AssessmentState.RETURNED,
        comment=comment,
    )


# Kept with items: deleted and restored with them --------------------------------------------


def assessments_kept(ids: list[int]) -> dict[str, list[dict]]:
    """The assessments of the items `ids`, as a deletion keeps them."""
    return {
        "assessments": [
            full_row(row) for row in Assessment.objects.filter(item_id__in=ids).order_by("id")
        ]
    }


def assessments_write_back(plan: Plan, content: dict, item_ids: dict[int, int]) -> None:
    """Write the kept assessments of restored items back, leaving out removed rounds'."""
    rounds = set(plan.rounds.values_list("pk", flat=True))
    write_rows(
        Assessment,
        [row for row in content["assessments"] if row["round_id"] in rounds],
        {"item_id": item_ids},
    )
