"""Reminder e-mails: who gets one, when, and that each is sent only once."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment, FollowUpRound, FollowUpSettings, ReminderSent
from verksam.followup.reminders import reminders_due, reminders_send
from verksam.followup.tests.builders import make_round
from verksam.organisations.choices import OrganisationKind, Role
from verksam.plans.choices import PlanStatus
from verksam.testing import make_item, make_member, make_organisation, make_plan, make_user

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 5, 15)
DAY = datetime.timedelta(days=1)
#: The round most tests remind of: the first tertial of 2026, due on DUE.
T1_2026 = {
    "name": "T1 2026",
    "period_start": datetime.date(2026, 1, 1),
    "period_end": datetime.date(2026, 4, 30),
    "due_date": DUE,
    "rhythm": Rhythm.TERTIAL,
}


def make_assessment(followup_round, item, state):
    return Assessment.objects.create(round=followup_round, item=item, state=state)


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("send_followup_reminders", *args, stdout=out, stderr=out)
    return out.getvalue()


def summary(reminders):
    """(username or None, kind, item titles) for each reminder, in order."""
    return [
        (
            reminder.user.username if reminder.user else None,
            reminder.kind,
            [item.title for item in reminder.items],
        )
        for reminder in reminders
    ]


@pytest.fixture
def library():
    return make_organisation("Kalmar stadsbibliotek")


@pytest.fixture
def plan(library):
    return make_plan(library, status=PlanStatus.ADOPTED, year=2026)


@pytest.fixture
def anna():
    return make_user("anna", first_name="Anna", last_name="Åberg")


@pytest.fixture
def nils():
    return make_user("nils")


@pytest.fixture
def two_items(plan, anna, nils):
    """A goal that Anna and Nils answer for, and an activity below it that only Anna does."""
    goal = make_item(plan, "Fler barn läser")
    activity = make_item(plan, "Bokprat på förskolorna", parent=goal)
    goal.responsible_people.add(anna, nils)
    activity.responsible_people.add(anna)
    return goal, activity


def test_it_sends_each_reminder_once_when_run_twice(plan, two_items, mailoutbox):
    make_round(plan, **T1_2026)

    first = run("--date", "2026-05-10")
    assert len(mailoutbox) == 2
    second = run("--date", "2026-05-10")
    assert len(mailoutbox) == 2

    assert sorted(message.to[0] for message in mailoutbox) == [
        "anna@example.org",
        "nils@example.org",
    ]
    assert "sent: 2" in first and "already sent: 0" in first
    assert "sent: 0" in second and "already sent: 2" in second
    assert ReminderSent.objects.count() == 2


def test_it_sends_the_overdue_reminder_besides_the_due_soon_one(plan, two_items, mailoutbox):
    make_round(plan, **T1_2026)

    reminders_send(today=DUE - 3 * DAY)
    reminders_send(today=DUE - 2 * DAY)
    reminders_send(today=DUE + DAY)
    reminders_send(today=DUE + 5 * DAY)

    assert len(mailoutbox) == 4
    assert sorted(ReminderSent.objects.values_list("user__username", "kind")) == [
        ("anna", "due_soon"),
        ("anna", "overdue"),
        ("nils", "due_soon"),
        ("nils", "overdue"),
    ]


def test_it_lists_all_of_a_persons_items_in_one_mail_with_links(
    plan, two_items, mailoutbox, settings
):
    settings.VERKSAM_BASE_URL = "https://verksam.example.se/"
    followup_round = make_round(plan, **T1_2026)
    goal, activity = two_items

    reminders_send(today=DUE - DAY)

    message = next(message for message in mailoutbox if message.to == ["anna@example.org"])
    for item in (goal, activity):
        url = "https://verksam.example.se" + reverse(
            "followup:assessment_edit", args=[plan.pk, followup_round.pk, item.pk]
        )
        assert item.title in message.body
        assert url in message.body
        html = message.alternatives[0][0]
        assert f'href="{url}"' in html
    assert message.body.index(goal.title) < message.body.index(activity.title)
    assert "Anna Åberg" in message.body
    assert plan.title in message.subject and "T1 2026" in message.subject
    round_url = "https://verksam.example.se" + followup_round.get_absolute_url()
    assert round_url in message.body
    # In the site's language: Swedish month names, whatever language is active.
    assert "15 maj 2026" in message.subject
    assert "15 maj 2026" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_it_reminds_when_due_soon_and_when_overdue_but_not_before(plan, two_items):
    make_round(plan, **T1_2026)

    def kinds(today):
        return {reminder.kind for reminder in reminders_due(today)}

    assert kinds(DUE - 8 * DAY) == set()
    assert kinds(DUE - 7 * DAY) == {ReminderSent.Kind.DUE_SOON}
    assert kinds(DUE) == {ReminderSent.Kind.DUE_SOON}
    assert kinds(DUE + DAY) == {ReminderSent.Kind.OVERDUE}
    assert kinds(DUE + 200 * DAY) == {ReminderSent.Kind.OVERDUE}


def test_it_reminds_only_of_items_not_submitted_or_approved(plan, anna):
    followup_round = make_round(plan, **T1_2026)
    states = {
        "Saknas": None,
        "Utkast": AssessmentState.DRAFT,
        "Återsänd": AssessmentState.RETURNED,
        "Inlämnad": AssessmentState.SUBMITTED,
        "Godkänd": AssessmentState.APPROVED,
    }
    for title, state in states.items():
        item = make_item(plan, title)
        item.responsible_people.add(anna)
        if state:
            make_assessment(followup_round, item, state)

    assert summary(reminders_due(DUE)) == [
        ("anna", ReminderSent.Kind.DUE_SOON, ["Saknas", "Utkast", "Återsänd"])
    ]


def test_it_leaves_closed_rounds_and_plans_that_are_not_adopted_alone(library, anna, mailoutbox):
    for status in (PlanStatus.DRAFT, PlanStatus.ARCHIVED):
        other = make_plan(library, title=f"Plan {status}", status=status)
        make_item(other, "Mål").responsible_people.add(anna)
        make_round(other, **T1_2026)
    adopted = make_plan(library, title="Antagen plan", status=PlanStatus.ADOPTED)
    make_item(adopted, "Mål").responsible_people.add(anna)
    make_round(adopted, **T1_2026, closed=True)

    assert reminders_due(DUE + DAY) == []
    assert reminders_send(today=DUE + DAY).sent == 0
    assert mailoutbox == []


def test_it_takes_the_days_before_from_the_nearest_organisation_with_settings(anna):
    region = make_organisation("Region Kalmar län", OrganisationKind.REGION)
    development = make_organisation("Biblioteksutveckling", parent=region)
    group = make_organisation("Nätverket", OrganisationKind.WORK_GROUP, parent=development)
    other_group = make_organisation("Fortbildning", OrganisationKind.WORK_GROUP, parent=development)
    FollowUpSettings.objects.create(organisation=region, reminder_days_before=21)
    FollowUpSettings.objects.create(organisation=other_group, reminder_days_before=3)
    for organisation in (group, other_group):
        plan = make_plan(organisation, title=organisation.name, status=PlanStatus.ADOPTED)
        make_item(plan, f"Mål för {organisation.name}").responsible_people.add(anna)
        make_round(plan, **T1_2026)

    def reminded(today):
        return [title for _user, _kind, titles in summary(reminders_due(today)) for title in titles]

    assert reminded(DUE - 22 * DAY) == []
    assert reminded(DUE - 21 * DAY) == ["Mål för Nätverket"]
    assert reminded(DUE - 4 * DAY) == ["Mål för Nätverket"]
    assert reminded(DUE - 3 * DAY) == ["Mål för Nätverket", "Mål för Fortbildning"]


def test_it_falls_back_to_the_reporters_of_the_responsible_organisation(plan, library):
    group = make_organisation("Barn och unga", OrganisationKind.WORK_GROUP, parent=library)
    make_member(group, Role.REPORTER, "group-reporter")
    make_member(group, Role.EDITOR, "group-editor")
    make_member(library, Role.REPORTER, "library-reporter")  # an ancestor's: not reminded
    away = make_member(group, Role.REPORTER, "away-reporter")
    away.is_active = False
    away.save()
    make_member(group, Role.REPORTER, "no-address")
    get_user_model().objects.filter(username="no-address").update(email="")
    make_item(plan, "Sagostunder", responsible_organisation=group)
    without_address = make_item(plan, "Läslov", responsible_organisation=group)
    without_address.responsible_people.add(make_user("old-address", email=""))
    with_people = make_item(plan, "Bokcirklar", responsible_organisation=group)
    with_people.responsible_people.add(make_user("anna"))
    make_round(plan, **T1_2026)

    assert summary(reminders_due(DUE)) == [
        ("anna", ReminderSent.Kind.DUE_SOON, ["Bokcirklar"]),
        ("group-reporter", ReminderSent.Kind.DUE_SOON, ["Sagostunder", "Läslov"]),
    ]


def test_it_lists_the_items_with_no_one_to_remind(plan, library, two_items, mailoutbox):
    make_item(plan, "Ingen ansvarig")
    group = make_organisation("Tom grupp", OrganisationKind.WORK_GROUP, parent=library)
    make_item(plan, "Gruppen utan rapportörer", responsible_organisation=group)
    make_round(plan, **T1_2026)

    output = run("--date", "2026-05-20")

    assert "sent: 2" in output
    assert "no one to remind: 2" in output
    assert f"{plan.title} – T1 2026 – Ingen ansvarig" in output
    assert "Gruppen utan rapportörer" in output
    assert len(mailoutbox) == 2


def _plan_with_rounds(organisation, index: int, *, items: int, rounds: int):
    plan = make_plan(organisation, title=f"Plan {index}", status=PlanStatus.ADOPTED)
    group = make_organisation(f"Grupp {index}", OrganisationKind.WORK_GROUP, parent=organisation)
    make_member(group, Role.REPORTER)
    person = make_user(f"ansvarig-{index}")
    parent = None
    for number in range(items):
        item = make_item(plan, f"Punkt {number}", parent=parent, responsible_organisation=group)
        if number % 2:
            item.responsible_people.add(person)
        parent = item if number % 3 == 0 else parent
    for number in range(rounds):
        month = 1 + number
        followup_round = make_round(
            plan,
            name=f"Omgång {number}",
            period_start=datetime.date(2026, month, 1),
            period_end=datetime.date(2026, month, 28),
            due_date=DUE - number * DAY * 10,
            rhythm=Rhythm.TERTIAL,
        )
        make_assessment(followup_round, plan.items.first(), AssessmentState.SUBMITTED)
    return plan


def test_it_finds_the_reminders_in_a_constant_number_of_queries():
    def queries(plans: int, items: int, rounds: int) -> int:
        region = make_organisation(f"Region {plans}", OrganisationKind.REGION)
        FollowUpSettings.objects.create(organisation=region, reminder_days_before=10)
        for index in range(plans):
            library = make_organisation(f"Bibliotek {plans}-{index}", parent=region)
            _plan_with_rounds(library, plans * 100 + index, items=items, rounds=rounds)
        with CaptureQueriesContext(connection) as context:
            due = reminders_due(DUE)
        assert due
        FollowUpRound.objects.all().delete()
        return len(context.captured_queries)

    small = queries(plans=1, items=3, rounds=1)
    large = queries(plans=6, items=40, rounds=4)

    assert small == large
    assert large <= 7


@pytest.mark.parametrize("value", ["15/05/2026", "2026-13-01", "igår", "20260515"])
def test_it_answers_a_bad_date_with_a_message_naming_the_option(value):
    with translation.override("en"), pytest.raises(CommandError, match="--date") as error:
        call_command("send_followup_reminders", "--date", value, stdout=StringIO())
    assert value in str(error.value)


# The worker closes the database connection between tasks, as it should in production;
# that ends a test's wrapping transaction on PostgreSQL, so this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_queues_the_task_for_the_worker(plan, two_items, mailoutbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_round(plan, **T1_2026)

    output = run("--date", "2026-05-10")

    assert "queued" in output and "db_worker" in output
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    assert len(mailoutbox) == 2


def test_it_sends_at_once_with_now_whatever_the_backend(plan, two_items, mailoutbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_round(plan, **T1_2026)

    output = run("--date", "2026-05-10", "--now")

    assert "sent: 2" in output
    assert len(mailoutbox) == 2


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_it_tries_a_reminder_that_failed_again_on_the_next_run(
    plan, two_items, mailoutbox, settings
):
    make_round(plan, **T1_2026)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    report = reminders_send(today=DUE)

    assert (report.sent, report.failed) == (0, 2)
    assert not ReminderSent.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = reminders_send(today=DUE)

    assert (report.sent, report.failed) == (2, 0)
    assert len(mailoutbox) == 2
