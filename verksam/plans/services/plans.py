"""Writes to plans: creating, changing, publishing, archiving, revising and continuing them;
and the one lock of plans (`require_editable`).
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, snapshot
from verksam.organisations.models import Organisation
from verksam.plans import restore
from verksam.plans.choices import PlanStatus, SectionKind
from verksam.plans.models import (
    Contribution,
    Item,
    Plan,
    PlanSection,
)


def require_editable(plan: Plan) -> None:
    """Refuse changes to a plan that is locked: adopted, archived, or sent for decision.

    The one lock of plans, read from the database as it is now. The row is
    locked for the rest of the transaction, so a plan cannot be adopted or sent
    for decision between this check and the change.
    """
    plan.status, plan.awaiting_decision = (
        Plan.objects.select_for_update().values_list("status", "awaiting_decision").get(pk=plan.pk)
    )
    if not plan.is_editable:
        raise ValidationError(plan.lock_message, code="locked")


@transaction.atomic
def plan_create(
    *,
    user,
    organisation: Organisation,
    kind: str,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    level_names: Sequence[str],
    summary: str = "",
    derived_from: Iterable[Plan] = (),
    copy_sections_from: Plan | None = None,
) -> Plan:
    """Create a draft plan, optionally derived from other plans.

    A plan derived from another starts with that plan's text sections when
    `copy_sections_from` is given, so an annual plan can restate the vision and
    purpose of the library plan it follows.
    """
    plan = Plan(
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        summary=summary,
        period_start=period_start,
        period_end=period_end,
        level_names=[name.strip() for name in level_names],
        status=PlanStatus.DRAFT,
    )
    plan.full_clean()
    plan.save()
    plan.derived_from.set(derived_from)
    if copy_sections_from is not None:
        PlanSection.objects.bulk_create(
            PlanSection(
                plan=plan,
                kind=section.kind,
                title=section.title,
                body=section.body,
                position=section.position,
            )
            for section in copy_sections_from.sections.all()
        )
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=plan)
    return plan


@transaction.atomic
def plan_update(
    *,
    user,
    plan: Plan,
    expected_version: int | None = None,
    derived_from: Iterable[Plan] | None = None,
    **fields,
) -> Plan:
    """Change a draft plan's settings: title, kind, period, levels, summary, derivation."""
    require_editable(plan)
    check_version(plan, expected_version=expected_version)
    before = snapshot(plan)
    allowed = {"kind", "title", "summary", "period_start", "period_end", "level_names"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"plan_update got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(plan, name, value)
    if "level_names" in fields:
        deepest = plan.items.aggregate(deepest=Max("depth"))["deepest"]
        if deepest is not None and deepest >= len(plan.level_names):
            raise ValidationError(
                {
                    "level_names": _(
                        "The plan has items on %(count)d levels; it needs at least that many "
                        "level names."
                    )
                    % {"count": deepest + 1}
                }
            )
    plan.full_clean()
    plan.version = F("version") + 1
    plan.save(update_fields=[*fields, "version", "updated_at"])
    plan.refresh_from_db()
    if derived_from is not None:
        derived = list(derived_from)
        if plan in derived:
            raise ValidationError({"derived_from": _("A plan cannot be derived from itself.")})
        plan.derived_from.set(derived)
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=plan, data=before)
    return plan


@transaction.atomic
def plan_sections_save(
    *, user, plan: Plan, sections: Sequence[dict], expected_version: int | None = None
) -> list[PlanSection]:
    """Replace the plan's text sections with `sections` (dicts of kind, title, body), in order."""
    require_editable(plan)
    check_version(plan, expected_version=expected_version)
    before = {"sections": [snapshot(section) for section in plan.sections.all()]}
    plan.sections.all().delete()
    saved = []
    for position, data in enumerate(sections):
        kind = data.get("kind") or SectionKind.OTHER
        title = (data.get("title") or "").strip() or str(SectionKind(kind).label)
        section = PlanSection(
            plan=plan, kind=kind, title=title, body=data.get("body", ""), position=position
        )
        section.full_clean()
        section.save()
        saved.append(section)
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    after = {"sections": [snapshot(section) for section in saved]}
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=plan, data=before, after=after)
    return saved


@transaction.atomic
def plan_set_published(*, user, plan: Plan, is_published: bool) -> Plan:
    """Publish an adopted or archived plan for everyone, or withdraw it."""
    before = snapshot(plan)
    plan.is_published = is_published
    plan.full_clean()
    plan.save(update_fields=["is_published", "updated_at"])
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=plan, data=before)
    return plan


@transaction.atomic
def plan_archive(*, user, plan: Plan) -> Plan:
    """Archive an adopted plan whose period is over; it stays readable as it was."""
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError(_("Only an adopted plan can be archived."), code="not_adopted")
    before = snapshot(plan)
    plan.status = PlanStatus.ARCHIVED
    plan.save(update_fields=["status", "updated_at"])
    change_record(user=user, action=ChangeRecord.Action.ARCHIVE, obj=plan, data=before)
    return plan


@transaction.atomic
def plan_revise(*, user, plan: Plan) -> Plan:
    """Start a new draft version of an adopted plan: a copy of its sections, items and links.

    The adopted plan stays exactly as it was decided; the copy points back to it.
    """
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError(_("A draft can be changed directly."), code="is_draft")
    copy = Plan.objects.create(
        organisation=plan.organisation,
        kind=plan.kind,
        title=plan.title,
        summary=plan.summary,
        period_start=plan.period_start,
        period_end=plan.period_end,
        level_names=list(plan.level_names),
        status=PlanStatus.DRAFT,
        previous_version=plan,
    )
    copy.derived_from.set(plan.derived_from.all())
    PlanSection.objects.bulk_create(
        PlanSection(plan=copy, kind=s.kind, title=s.title, body=s.body, position=s.position)
        for s in plan.sections.all()
    )
    copies = _copy_items(plan, copy)
    restore.items_copied(plan, copies)
    change_record(user=user, action=ChangeRecord.Action.REVISE, obj=copy)
    return copy


def _copy_items(
    plan: Plan,
    copy: Plan,
    *,
    only: set[int] | None = None,
    carried_from_year: dict[int, int] | None = None,
    links: set[int] | None = None,
) -> dict[int, Item]:
    """Copy the plan's items, with their tags, people and contributes-to links, into `copy`.

    With `only`, just those items (by id) whose parent is copied too; with `links`,
    just those links (by id). `carried_from_year` marks copies as carried over from
    a year (by the original's id); otherwise a copy keeps the original's mark.
    Answers the copies by the id of the item each was copied from.
    """
    originals = list(
        plan.items.order_by("depth", "position", "id").prefetch_related(
            "tags", "responsible_people"
        )
    )
    carried_from_year = carried_from_year or {}
    copies: dict[int, Item] = {}
    for original in originals:
        if only is not None and original.pk not in only:
            continue
        if original.parent_id and original.parent_id not in copies:
            continue
        item = Item.objects.create(
            plan=copy,
            parent=copies[original.parent_id] if original.parent_id else None,
            depth=original.depth,
            position=original.position,
            title=original.title,
            description=original.description,
            responsible_organisation_id=original.responsible_organisation_id,
            start_date=original.start_date,
            end_date=original.end_date,
            origin=original,
            carried_from_year=carried_from_year.get(original.pk, original.carried_from_year),
        )
        item.tags.set(original.tags.all())
        item.responsible_people.set(original.responsible_people.all())
        copies[original.pk] = item
    Contribution.objects.bulk_create(
        Contribution(source=copies[link.source_id], target_id=link.target_id)
        for link in Contribution.objects.filter(source__plan=plan).order_by("pk")
        if link.source_id in copies and (links is None or link.pk in links)
    )
    return copies


def next_period(plan: Plan) -> tuple[datetime.date, datetime.date]:
    """The period after the plan's, as long as it: 2026 after 2025, 2028–2031 after 2024–2027."""
    years = plan.period_end.year - plan.period_start.year + 1
    return (
        _shift_year(plan.period_start, years),
        _shift_year(plan.period_end, years),
    )


def next_period_title(plan: Plan) -> str:
    """The plan's title with its period's years moved to the next period.

    "Verksamhetsplan 2026" becomes "Verksamhetsplan 2027"; a title without the
    period's years gets the next period added.
    """
    start, end = next_period(plan)
    return period_title(
        plan.title,
        old=(plan.period_start.year, plan.period_end.year),
        new=(start.year, end.year),
    )


def period_title(title: str, *, old: tuple[int, int], new: tuple[int, int]) -> str:
    """`title` with the years of the period `old` (first and last year) moved to `new`.

    A title that names neither year gets the new period added: "2026" or "2026–2029".
    """
    moves = dict(zip(old, new, strict=True))
    found = [year for year in dict.fromkeys(old) if str(year) in title]
    if not found:
        label = str(new[0]) if new[0] == new[1] else f"{new[0]}–{new[1]}"
        return f"{title} {label}"
    # Through placeholders, so that 2025–2026 → 2026–2027 does not move a year twice.
    for index, year in enumerate(found):
        title = title.replace(str(year), f"\x00{index}\x00")
    for index, year in enumerate(found):
        title = title.replace(f"\x00{index}\x00", str(moves[year]))
    return title


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def plan_continue(
    *,
    user,
    plan: Plan,
    items: Iterable[int] | None = None,
    carried: Iterable[int] = (),
    links: Iterable[int] | None = None,
) -> Plan:
    """Start the plan for the next period (next year's operational plan) as a draft.

    The draft is a new plan made with `plan_create`, not a version of this one:
    it covers the period after this plan's, takes its title with the years
    moved on, is derived from the same plans, and starts with a copy of this
    plan's text sections, items and links. Indicators and targets are not
    copied here, because targets belong to the period they were set for (the
    roll-over in verksam.followup.rollover copies indicators with their
    baselines moved on).

    `items` chooses which items are copied, by id (all when None); an item is
    copied only together with the item it is part of. The copies of the items
    in `carried` are marked as carried over from this plan's last year.
    `links` chooses which contributes-to links of the plan are kept, by the
    link's id (all when None).
    """
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("An archived plan cannot be continued."), code="archived")
    start, end = next_period(plan)
    copy = plan_create(
        user=user,
        organisation=plan.organisation,
        kind=plan.kind,
        title=next_period_title(plan),
        period_start=start,
        period_end=end,
        level_names=list(plan.level_names),
        summary=plan.summary,
        derived_from=plan.derived_from.all(),
        copy_sections_from=plan,
    )
    if plan.activity_from_level is not None:
        Plan.objects.filter(pk=copy.pk).update(activity_from_level=plan.activity_from_level)
        copy.activity_from_level = plan.activity_from_level
    _copy_items(
        plan,
        copy,
        only=None if items is None else set(items),
        carried_from_year=dict.fromkeys(carried, plan.period_end.year),
        links=None if links is None else set(links),
    )
    return copy
