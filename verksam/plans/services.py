"""Writes to plans and items. Views, the admin actions, commands and the demo all use these."""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, snapshot
from verksam.core.text import clean_line
from verksam.organisations.choices import OrganisationKind, Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans import restore
from verksam.plans.choices import DecisionRequestState, PlanKind, PlanStatus, SectionKind
from verksam.plans.models import (
    Contribution,
    Decision,
    DecisionRequest,
    Item,
    Plan,
    PlanSection,
    PlanSnapshot,
    Tag,
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


_require_editable = require_editable


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
    _require_editable(plan)
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
    _require_editable(plan)
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


def _copy_items(plan: Plan, copy: Plan) -> dict[int, Item]:
    """Copy the plan's items, with their tags, people and contributes-to links, into `copy`.

    Answers the copies by the id of the item each was copied from.
    """
    originals = list(
        plan.items.order_by("depth", "position", "id").prefetch_related(
            "tags", "responsible_people"
        )
    )
    copies: dict[int, Item] = {}
    for original in originals:
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
        )
        item.tags.set(original.tags.all())
        item.responsible_people.set(original.responsible_people.all())
        copies[original.pk] = item
    Contribution.objects.bulk_create(
        Contribution(source=copies[link.source_id], target_id=link.target_id)
        for link in Contribution.objects.filter(source__plan=plan)
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
def plan_continue(*, user, plan: Plan) -> Plan:
    """Start the plan for the next period (next year's operational plan) as a draft.

    The draft is a new plan made with `plan_create`, not a version of this one:
    it covers the period after this plan's, takes its title with the years
    moved on, is derived from the same plans, and starts with a copy of this
    plan's text sections, items and links. Indicators and targets are not
    copied, because targets belong to the period they were set for.
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
    _copy_items(plan, copy)
    return copy


def _next_position(plan: Plan, parent: Item | None) -> int:
    last = plan.items.filter(parent=parent).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _check_depth(plan: Plan, depth: int) -> None:
    if depth >= len(plan.level_names):
        raise ValidationError(
            {
                "parent": _("The plan's levels are %(levels)s; there is no level below %(last)s.")
                % {"levels": plan.structure_label, "last": plan.level_names[-1]}
            }
        )


@transaction.atomic
def item_create(
    *,
    user,
    plan: Plan,
    title: str,
    parent: Item | None = None,
    description: str = "",
    responsible_organisation: Organisation | None = None,
    responsible_people: Iterable = (),
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    tags: Iterable[Tag] = (),
    position: int | None = None,
    check_locked: bool = True,
) -> Item:
    """Add an item to a draft plan, last among its siblings unless a position is given."""
    if check_locked:
        _require_editable(plan)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(
            {"parent": _("An item can only be placed under an item of the same plan.")}
        )
    depth = 0 if parent is None else parent.depth + 1
    _check_depth(plan, depth)
    item = Item(
        plan=plan,
        parent=parent,
        depth=depth,
        title=title.strip(),
        description=description,
        responsible_organisation=responsible_organisation,
        start_date=start_date,
        end_date=end_date,
        position=_next_position(plan, parent) if position is None else position,
    )
    item.full_clean()
    if position is not None:
        plan.items.filter(parent=parent, position__gte=position).update(position=F("position") + 1)
    item.save()
    item.tags.set(tags)
    item.responsible_people.set(responsible_people)
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=item)
    return item


@transaction.atomic
def item_update(
    *,
    user,
    item: Item,
    expected_version: int | None = None,
    tags: Iterable[Tag] | None = None,
    responsible_people: Iterable | None = None,
    **fields,
) -> Item:
    """Change an item's title, description, responsibility, dates and tags."""
    _require_editable(item.plan)
    check_version(item, expected_version=expected_version)
    before = snapshot(item)
    allowed = {"title", "description", "responsible_organisation", "start_date", "end_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"item_update got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(item, name, value.strip() if name == "title" else value)
    item.full_clean()
    item.version = F("version") + 1
    item.save()
    item.refresh_from_db()
    if tags is not None:
        item.tags.set(tags)
    if responsible_people is not None:
        item.responsible_people.set(responsible_people)
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=item, data=before)
    return item


def _subtree(item: Item) -> list[Item]:
    """The item and all items below it, read with one query of the plan's items."""
    by_parent: dict[int | None, list[Item]] = {}
    for other in Item.objects.filter(plan_id=item.plan_id).only("id", "parent_id", "depth"):
        by_parent.setdefault(other.parent_id, []).append(other)
    found, stack = [], [item]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(by_parent.get(current.pk, []))
    return found


@transaction.atomic
def item_move(
    *,
    user,
    item: Item,
    parent: Item | None,
    position: int | None = None,
    expected_version: int | None = None,
) -> Item:
    """Move an item, with everything below it, under another parent of the same plan.

    `position` counts from 0 among the new siblings; without it the item goes last.
    """
    plan = item.plan
    _require_editable(plan)
    check_version(item, expected_version=expected_version)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("An item can only be moved within its own plan."), code="other_plan"
                )
            }
        )
    subtree = _subtree(item)
    if parent is not None and parent.pk in {node.pk for node in subtree}:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("An item cannot be moved under itself or under one of its own items."),
                    code="cycle",
                )
            }
        )
    new_depth = 0 if parent is None else parent.depth + 1
    shift = new_depth - item.depth
    deepest = max(node.depth for node in subtree) + shift
    _check_depth(plan, deepest)
    before = snapshot(item)

    siblings = list(plan.items.filter(parent=parent).exclude(pk=item.pk).order_by("position", "id"))
    if position is None or position > len(siblings):
        position = len(siblings)
    if position < 0:
        position = 0
    siblings.insert(position, item)
    for index, sibling in enumerate(siblings):
        if sibling.pk == item.pk:
            continue
        if sibling.position != index:
            Item.objects.filter(pk=sibling.pk).update(position=index)
    old_parent_id = item.parent_id
    item.parent = parent
    item.position = position
    item.depth = new_depth
    item.version = F("version") + 1
    item.save(update_fields=["parent", "position", "depth", "version", "updated_at"])
    item.refresh_from_db()
    if old_parent_id != item.parent_id:
        _renumber(plan, old_parent_id)
    if shift:
        descendant_ids = [node.pk for node in subtree if node.pk != item.pk]
        Item.objects.filter(pk__in=descendant_ids).update(depth=F("depth") + shift)
    change_record(user=user, action=ChangeRecord.Action.MOVE, obj=item, data=before)
    return item


def item_shift(*, user, item: Item, steps: int) -> Item:
    """Move an item up (negative steps) or down among its siblings."""
    siblings = list(item.plan.items.filter(parent_id=item.parent_id).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    return item_move(user=user, item=item, parent=item.parent, position=max(0, index + steps))


@transaction.atomic
def item_delete(*, user, item: Item) -> None:
    """Delete an item and the items below it; the change log keeps what they were.

    The record of the deleted item keeps the whole subtree, exactly as it was
    (rows, tags, responsible people, links both ways, indicators, targets and
    assessments), so that `item_restore` can put it back.
    """
    _require_editable(item.plan)
    subtree = _subtree(item)
    ids = [node.pk for node in subtree]
    content = restore.subtree_content(ids)
    nodes = {node.pk: node for node in Item.objects.filter(pk__in=ids)}
    links = Contribution.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    for link in links.select_related("source", "target"):
        change_record(user=user, action=ChangeRecord.Action.UNLINK, obj=link)
    for node_id in reversed(ids):  # the deleted item's own record last, so it shows first
        data = snapshot(nodes[node_id])
        if node_id == item.pk:
            data["subtree"] = content
        change_record(user=user, action=ChangeRecord.Action.DELETE, obj=nodes[node_id], data=data)
    parent_id, plan = item.parent_id, item.plan
    item.delete()
    _renumber(plan, parent_id)


def _renumber(plan: Plan, parent_id: int | None) -> None:
    """Number the children of `parent_id` 0, 1, 2 … without gaps, keeping their order."""
    for index, sibling in enumerate(
        plan.items.filter(parent_id=parent_id).order_by("position", "id")
    ):
        if sibling.position != index:
            Item.objects.filter(pk=sibling.pk).update(position=index)


@transaction.atomic
def contribution_add(*, user, source: Item, target: Item) -> Contribution:
    """Record that `source` contributes to `target`, an item of another plan."""
    _require_editable(source.plan)
    if Contribution.objects.filter(source=source, target=target).exists():
        raise ValidationError(
            {"target": _("%(item)s already contributes to this.") % {"item": source.title}}
        )
    link = Contribution(source=source, target=target)
    link.full_clean()
    link.save()
    change_record(user=user, action=ChangeRecord.Action.LINK, obj=link)
    return link


@transaction.atomic
def contribution_remove(*, user, source: Item, target: Item) -> None:
    _require_editable(source.plan)
    for link in Contribution.objects.filter(source=source, target=target):
        change_record(user=user, action=ChangeRecord.Action.UNLINK, obj=link)
        link.delete()


DEFAULT_LEVELS = {
    PlanKind.LIBRARY_PLAN: ["Målområde", "Mål"],
    PlanKind.REGIONAL_LIBRARY_PLAN: ["Fokusområde", "Mål"],
    PlanKind.DEVELOPMENT_STRATEGY: ["Strategiskt område", "Mål"],
    PlanKind.OPERATIONAL_PLAN: ["Fokusområde", "Mål", "Aktivitet"],
    PlanKind.ASSIGNMENT_PLAN: ["Uppdrag", "Mål"],
    PlanKind.GROUP_PLAN: ["Mål", "Aktivitet"],
}


@transaction.atomic
def item_restore(*, user, plan: Plan, item_id: int) -> Item:
    """Put a deleted item of a draft plan back, with everything that was deleted with it.

    The items come back with their ids (new ones where an id has been taken
    since), at the same position among the siblings, with their tags,
    responsible people, links, indicators, targets and assessments. An item
    whose parent has been deleted is refused: restore the parent first. Links
    to items that no longer exist, and assessments of removed rounds, are left out.
    """
    _require_editable(plan)
    record = restore.restorable_delete(plan, item_id)
    if record is None:
        raise ValidationError(
            _("There is no deleted item to restore here; it may have been restored already."),
            code="nothing_to_restore",
        )
    content = record.data["subtree"]
    rows = content["items"]
    root = next(row for row in rows if row["id"] == item_id)
    parent = None
    if root["parent_id"] is not None:
        parent = plan.items.filter(pk=root["parent_id"]).first()
        if parent is None:
            gone = (
                ChangeRecord.objects.filter(
                    object_type=Item._meta.label_lower, object_id=root["parent_id"]
                )
                .values_list("object_repr", flat=True)
                .first()
            )
            raise ValidationError(
                _(
                    "“%(title)s” was placed under “%(parent)s”, which has been deleted too. "
                    "Restore that first, then this."
                )
                % {"title": root["title"], "parent": gone or root["parent_id"]},
                code="parent_gone",
            )
    shift = (0 if parent is None else parent.depth + 1) - root["depth"]
    _check_depth(plan, max(row["depth"] for row in rows) + shift)
    for row in rows:
        row["depth"] += shift
    plan.items.filter(parent=parent, position__gte=root["position"]).update(
        position=F("position") + 1
    )
    item_ids: dict[int, int] = {}
    restore.subtree_write(plan, content, item_ids=item_ids)
    _renumber(plan, root["parent_id"])
    restored = Item.objects.select_related("plan").get(pk=item_ids[item_id])
    change_record(
        user=user,
        action=ChangeRecord.Action.RESTORE,
        obj=restored,
        data={"restored_from": record.pk, "items": len(item_ids)},
    )
    return restored
