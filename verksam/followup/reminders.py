"""Reminder e-mails about follow-up: who is to be reminded of which round, and sending them.

The rule, also described for operators in docs/reminders.md:

- Only open rounds (not closed) of adopted plans are reminded of: drafts are not
  followed up, and archived plans are done with.
- **Due soon**: from ``reminder_days_before`` days before the round's due date up
  to and including the due date. The number of days comes from the follow-up
  settings of the plan's organisation, or of its nearest ancestor that has
  settings; 7 when none has.
- **Overdue**: every day after the due date, until the round is closed.
- An item is reminded of while its assessment in the round is missing, a draft
  or returned for changes; a submitted or approved one needs nothing more.
- Recipients: the item's responsible people who are active and have an e-mail
  address. When there are none, the active members with the role reporter
  (exactly that role) of the item's responsible organisation (not of its
  ancestors) who have an address. Otherwise no one, and the item is reported as
  "no one to remind".
- One e-mail per person, round and kind lists all of that person's items in the
  round.
- Each reminder is sent once: a ReminderSent row (unique for round, person and
  kind) is created in the same transaction in which the e-mail is handed to the
  mail backend, and a reminder whose row exists is skipped. Running the
  command twice on a day therefore sends nothing the second time. When sending
  fails the row is rolled back, so the next run tries again.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from verksam.core.mail import absolute_url, mail_message
from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment, FollowUpRound, FollowUpSettings, ReminderSent
from verksam.organisations.choices import Role
from verksam.organisations.models import Membership
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item

logger = logging.getLogger(__name__)

#: Days before the due date when no organisation up the tree has follow-up settings.
DEFAULT_REMINDER_DAYS_BEFORE: int = FollowUpSettings._meta.get_field("reminder_days_before").default

#: Assessments in these states need no reminder.
_REPORTED = (AssessmentState.SUBMITTED, AssessmentState.APPROVED)


@dataclass
class Reminder:
    """One e-mail to be sent: the items of one round that one person is reminded of.

    `user` is None for the items nobody can be reminded of (no responsible
    people and no reporter with an e-mail address); those are listed by the
    command, never mailed. The round's `plan` and the plan's `organisation`
    are loaded.
    """

    followup_round: FollowUpRound
    kind: str
    user: Any | None
    items: list[Item] = field(default_factory=list)

    @property
    def plan(self):
        return self.followup_round.plan


@dataclass
class ReminderReport:
    """What one run did: e-mails sent, already sent before, failed, and items with no one."""

    today: datetime.date
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    no_one_to_remind: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-friendly data, which a background task can return."""
        return {
            "date": self.today.isoformat(),
            "sent": self.sent,
            "already_sent": self.already_sent,
            "failed": self.failed,
            "no_one_to_remind": list(self.no_one_to_remind),
        }


def reminders_due(today: datetime.date) -> list[Reminder]:
    """Every reminder due on `today`, sent or not; see the module's docstring for the rule.

    At most seven queries, however many plans, rounds, items and people there
    are. Reminders come in the order of the rounds' due dates, then by
    username; the items of each in the plan's tree order.
    """
    longest = FollowUpSettings.objects.aggregate(longest=Max("reminder_days_before"))["longest"]
    horizon = today + datetime.timedelta(days=max(longest or 0, DEFAULT_REMINDER_DAYS_BEFORE))
    rounds = list(
        FollowUpRound.objects.filter(
            is_closed=False, plan__status=PlanStatus.ADOPTED, due_date__lte=horizon
        )
        .select_related("plan__organisation")
        .order_by("due_date", "plan_id", "period_start", "pk")
    )
    if not rounds:
        return []

    days_before = _days_before_by_organisation({r.plan.organisation for r in rounds})
    due: list[tuple[FollowUpRound, str]] = []
    for followup_round in rounds:
        if today > followup_round.due_date:
            due.append((followup_round, ReminderSent.Kind.OVERDUE))
        elif today >= followup_round.due_date - datetime.timedelta(
            days=days_before[followup_round.plan.organisation_id]
        ):
            due.append((followup_round, ReminderSent.Kind.DUE_SOON))
    if not due:
        return []

    plan_ids = {followup_round.plan_id for followup_round, _kind in due}
    items_of_plan = _items_in_tree_order(plan_ids)
    reported = set(
        Assessment.objects.filter(
            round_id__in=[followup_round.pk for followup_round, _kind in due], state__in=_REPORTED
        ).values_list("round_id", "item_id")
    )
    people = _responsible_people(plan_ids)
    reporters = _reporters(
        {
            item.responsible_organisation_id
            for items in items_of_plan.values()
            for item in items
            if item.responsible_organisation_id and not people.get(item.pk)
        }
    )

    reminders: list[Reminder] = []
    for followup_round, kind in due:
        by_user: dict[int, Reminder] = {}
        nobody = Reminder(followup_round=followup_round, kind=kind, user=None)
        for item in items_of_plan.get(followup_round.plan_id, []):
            if (followup_round.pk, item.pk) in reported:
                continue
            recipients = people.get(item.pk) or reporters.get(item.responsible_organisation_id)
            if not recipients:
                nobody.items.append(item)
                continue
            for user in recipients:
                reminder = by_user.get(user.pk)
                if reminder is None:
                    reminder = by_user[user.pk] = Reminder(
                        followup_round=followup_round, kind=kind, user=user
                    )
                reminder.items.append(item)
        reminders.extend(sorted(by_user.values(), key=lambda r: (r.user.username, r.user.pk)))
        if nobody.items:
            reminders.append(nobody)
    return reminders


def _days_before_by_organisation(organisations) -> dict[int, int]:
    """{organisation id: reminder days} from the nearest organisation up the tree with settings."""
    ancestor_ids = {pk for organisation in organisations for pk in organisation.ancestor_ids}
    configured = dict(
        FollowUpSettings.objects.filter(organisation_id__in=ancestor_ids).values_list(
            "organisation_id", "reminder_days_before"
        )
    )
    result = {}
    for organisation in organisations:
        result[organisation.pk] = next(
            (configured[pk] for pk in reversed(organisation.ancestor_ids) if pk in configured),
            DEFAULT_REMINDER_DAYS_BEFORE,
        )
    return result


def _items_in_tree_order(plan_ids: set[int]) -> dict[int, list[Item]]:
    """The plans' items, each plan's depth first in the order the plan shows them."""
    children: dict[tuple[int, int | None], list[Item]] = defaultdict(list)
    for item in (
        Item.objects.filter(plan_id__in=plan_ids)
        .only(
            "id", "plan_id", "parent_id", "depth", "position", "title", "responsible_organisation"
        )
        .order_by("position", "id")
    ):
        children[item.plan_id, item.parent_id].append(item)
    result: dict[int, list[Item]] = {}
    for plan_id in plan_ids:
        ordered: list[Item] = []
        stack = list(reversed(children.get((plan_id, None), [])))
        while stack:
            item = stack.pop()
            ordered.append(item)
            stack.extend(reversed(children.get((plan_id, item.pk), [])))
        result[plan_id] = ordered
    return result


def _responsible_people(plan_ids: set[int]) -> dict[int, list]:
    """{item id: its responsible people who can be e-mailed}, for the items of the plans."""
    links = (
        Item.responsible_people.through.objects.filter(
            item__plan_id__in=plan_ids, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username", "pk")
    )
    result: dict[int, list] = defaultdict(list)
    for link in links:
        result[link.item_id].append(link.user)
    return result


def _reporters(organisation_ids: set[int]) -> dict[int, list]:
    """{organisation id: its members with the role reporter who can be e-mailed}."""
    if not organisation_ids:
        return {}
    memberships = (
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role=Role.REPORTER, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username", "pk")
    )
    result: dict[int, list] = defaultdict(list)
    for membership in memberships:
        result[membership.organisation_id].append(membership.user)
    return result


def reminders_send(*, today: datetime.date | None = None) -> ReminderReport:
    """Send every reminder due on `today` (the local date if not given) that was not sent yet.

    Each e-mail is sent in a transaction of its own together with the
    ReminderSent row that records it: an e-mail that the mail backend refuses
    is counted as failed, logged, and tried again on the next run.
    """
    today = today or timezone.localdate()
    report = ReminderReport(today=today)
    due = reminders_due(today)
    sent_before = set(
        ReminderSent.objects.filter(
            round_id__in={reminder.followup_round.pk for reminder in due}
        ).values_list("round_id", "user_id", "kind")
    )
    for reminder in due:
        if reminder.user is None:
            report.no_one_to_remind.extend(
                f"{reminder.plan.title} – {reminder.followup_round.name} – {item.title}"
                for item in reminder.items
            )
            continue
        if (reminder.followup_round.pk, reminder.user.pk, reminder.kind) in sent_before:
            report.already_sent += 1
            continue
        try:
            with transaction.atomic():
                _record, created = ReminderSent.objects.get_or_create(
                    round=reminder.followup_round, user=reminder.user, kind=reminder.kind
                )
                if not created:  # another run got there first
                    report.already_sent += 1
                    continue
                reminder_message(reminder).send()
        except OSError:  # smtplib.SMTPException and connection errors are OSErrors
            logger.exception(
                "Could not send the %s reminder of round %s to user %s; it is tried again "
                "on the next run.",
                reminder.kind,
                reminder.followup_round.pk,
                reminder.user.pk,
            )
            report.failed += 1
        else:
            report.sent += 1
    return report


def reminder_message(reminder: Reminder) -> EmailMultiAlternatives:
    """The e-mail of one reminder, as text and HTML, in the site's language (Swedish)."""
    if reminder.user is None:
        raise ValueError("A reminder without a recipient cannot be sent.")
    followup_round, plan = reminder.followup_round, reminder.plan
    with translation.override(settings.LANGUAGE_CODE):
        due_date = formats.date_format(followup_round.due_date, "j F Y")
        values = {"round": followup_round.name, "plan": plan.title, "date": due_date}
        if reminder.kind == ReminderSent.Kind.OVERDUE:
            subject = _("Overdue: the follow-up %(round)s of %(plan)s was due on %(date)s") % values
        else:
            subject = _("Reminder: the follow-up %(round)s of %(plan)s is due on %(date)s") % values
    context = {
        "user": reminder.user,
        "name": reminder.user.get_full_name() or reminder.user.username,
        "plan": plan,
        "organisation": plan.organisation,
        "round": followup_round,
        "due_date": due_date,
        "is_overdue": reminder.kind == ReminderSent.Kind.OVERDUE,
        "round_url": absolute_url(followup_round.get_absolute_url()),
        "items": [
            {
                "title": item.title,
                "url": absolute_url(
                    reverse(
                        "followup:assessment_edit",
                        args=[plan.pk, followup_round.pk, item.pk],
                    )
                ),
            }
            for item in reminder.items
        ],
    }
    return mail_message(
        to=[reminder.user.email],
        subject=subject,
        template="followup/email/reminder",
        context=context,
    )
