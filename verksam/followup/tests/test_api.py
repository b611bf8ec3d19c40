"""The API of follow-up: rounds, assessments, writing them, and a plan's download."""

import csv
import io

import pytest
from django.urls import reverse

from verksam.core.models import ApiToken
from verksam.core.tests.api_support import (
    bearer,
    count_queries,
    make_followup,
    make_key,
)
from verksam.followup.models import Assessment
from verksam.followup.permissions import can_report_on, can_see_unapproved, visible_assessments
from verksam.followup.tests.builders import make_round
from verksam.organisations.choices import Role
from verksam.plans.permissions import can_read_plan
from verksam.testing import make_member, make_plan, make_plan_tree, make_user

# Rounds and assessments -------------------------------------------------------------------


def test_it_lists_the_rounds_of_readable_plans(client, personas):
    shown = make_round(personas.published_plan, is_year_end=True)
    make_round(personas.draft_plan, is_year_end=True)
    ids = [row["id"] for row in client.get(reverse("api:round_list")).json()["items"]]
    assert ids == [shown.pk]
    client.force_login(personas.reader)
    assert client.get(reverse("api:round_list")).json()["count"] == 2
    only = client.get(reverse("api:round_list"), {"plan": personas.draft_plan.pk}).json()
    assert only["count"] == 1


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_shows_outsiders_approved_assessments_only(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    data = make_followup(personas)
    rows = client.get(reverse("api:assessment_list")).json()["items"]
    assert [row["id"] for row in rows] == [data.approved.pk]
    assert rows[0]["done"] == "Godkänt arbete"
    assert rows[0]["plan_id"] == personas.published_plan.pk


def test_it_shows_members_every_assessment(client, personas):
    data = make_followup(personas)
    client.force_login(personas.reader)
    rows = client.get(reverse("api:assessment_list")).json()["items"]
    assert {row["id"] for row in rows} == {data.approved.pk, data.submitted.pk}
    url = reverse("api:assessment_list")
    assert client.get(url, {"state": "submitted"}).json()["count"] == 1
    assert client.get(url, {"status": "met"}).json()["count"] == 1
    assert client.get(url, {"item": data.submitted.item_id}).json()["count"] == 1
    assert client.get(url, {"round": data.round.pk}).json()["count"] == 2
    assert client.get(url, {"plan": personas.draft_plan.pk}).json()["count"] == 0
    assert client.get(url, {"status": "fine"}).status_code == 422


def test_it_decides_which_assessments_are_shown_as_the_permission_functions_do(personas):
    """visible_assessments is one query for the rules of can_read_plan,
    can_see_unapproved and can_report_on: every persona, every assessment."""
    p = personas
    make_followup(p)
    other_reporter = make_member(p.other, Role.REPORTER, "other-reporter")
    responsible = make_user("responsible")
    published_plan = make_plan(p.other, title="Regionens plan", status="adopted", is_published=True)
    items = make_plan_tree(published_plan, 3)
    items[0].responsible_organisation = p.home
    items[0].save()
    items[1].responsible_people.add(responsible)
    followup_round = make_round(published_plan, is_year_end=True)
    for state, item in zip(("submitted", "draft", "returned"), items, strict=True):
        Assessment.objects.create(round=followup_round, item=item, status="met", state=state)
    for plan in (p.draft_plan, p.other_draft_plan, p.adopted_unpublished_plan):
        draft_round = make_round(plan, is_year_end=True)
        for state, item in zip(("approved", "submitted"), plan.items.all(), strict=True):
            Assessment.objects.create(round=draft_round, item=item, status="met", state=state)

    users = [p.user(name) for name in p.USER_NAMES] + [other_reporter, responsible]
    for user in users:
        shown = set(visible_assessments(user).values_list("pk", flat=True))
        for assessment in Assessment.objects.select_related("round__plan__organisation", "item"):
            plan = assessment.round.plan
            item = assessment.item
            item.plan = plan
            expected = can_read_plan(user, plan) and (
                assessment.state == "approved"
                or can_see_unapproved(user, plan)
                or can_report_on(user, item)
            )
            assert (assessment.pk in shown) == expected, (user, assessment, assessment.state)


# Writing assessments ----------------------------------------------------------------------


@pytest.fixture
def reporting(personas):
    """The published plan's year-end round and its goal item, with the reporter's key."""
    plan = personas.published_plan
    return {
        "round": make_round(plan, is_year_end=True),
        "item": plan.items.get(depth=1),
        "key": make_key(personas.reporter),
    }


def _url(reporting, name: str = "api:assessment_save") -> str:
    return reverse(name, args=[reporting["round"].pk, reporting["item"].pk])


def _put(client, reporting, body: dict, key=None):
    return client.put(
        _url(reporting),
        body,
        content_type="application/json",
        **bearer(key or reporting["key"]),
    )


def test_it_saves_a_draft_and_submits_it(client, personas, reporting):
    response = _put(
        client, reporting, {"status": "partly_met", "progress": 40, "done": "Sagostunder"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["state"], data["status"], data["version"]) == ("draft", "partly_met", 1)

    changed = _put(client, reporting, {"status": "met", "version": data["version"], "submit": True})
    assert changed.status_code == 200, changed.content
    assessment = Assessment.objects.get()
    assert (assessment.state, assessment.status, assessment.author) == (
        "submitted",
        "met",
        personas.reporter,
    )


def test_it_submits_a_saved_draft(client, personas, reporting):
    _put(client, reporting, {"status": "met", "done": "Klart"})
    response = client.post(
        _url(reporting, "api:assessment_submit"),
        {"version": 1},
        content_type="application/json",
        **bearer(reporting["key"]),
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"
    assert Assessment.objects.get().done == "Klart"


def test_it_answers_404_when_submitting_nothing(client, personas, reporting):
    response = client.post(
        _url(reporting, "api:assessment_submit"),
        {},
        content_type="application/json",
        **bearer(reporting["key"]),
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "done"}, "status"),  # the activity scale, for a goal
        ({"status": "met", "forecast": "met"}, "forecast"),  # a year-end round
        ({"status": "met", "progress": 101}, "progress"),
        ({"status": "splendid"}, "status"),
        ({"progress": 10}, "status"),
    ],
)
def test_it_names_the_field_of_bad_input(client, reporting, body, field):
    response = _put(client, reporting, body)
    assert response.status_code == 422, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not Assessment.objects.exists()


def test_it_refuses_changes_to_a_submitted_assessment_and_in_a_closed_round(client, reporting):
    _put(client, reporting, {"status": "met", "submit": True})
    locked = _put(client, reporting, {"status": "not_met"})
    assert locked.status_code == 422
    assert locked.json()["errors"][0]["field"] == "__all__"
    assert Assessment.objects.get().status == "met"

    reporting["round"].is_closed = True
    reporting["round"].save()
    reporting["item"] = reporting["item"].parent
    closed = _put(client, reporting, {"status": "met"})
    assert closed.status_code == 422
    assert reporting["round"].name in closed.json()["errors"][0]["message"]
    assert Assessment.objects.count() == 1


def test_it_refuses_a_stale_version_with_both_versions(client, reporting):
    _put(client, reporting, {"status": "met"})
    _put(client, reporting, {"status": "partly_met", "done": "Sparat först", "version": 1})
    stale = _put(client, reporting, {"status": "not_met", "done": "Mitt utkast", "version": 1})
    assert stale.status_code == 409, stale.content
    body = stale.json()
    assert (body["code"], body["your_version"], body["current_version"]) == (
        "concurrent_edit",
        1,
        2,
    )
    assert body["yours"]["done"] == "Mitt utkast"
    assert (body["current"]["done"], body["current"]["version"]) == ("Sparat först", 2)
    assert Assessment.objects.get().status == "partly_met"


def test_it_takes_the_version_from_if_match(client, reporting):
    _put(client, reporting, {"status": "met"})
    headers = {"Authorization": f"Bearer {reporting['key']}", "If-Match": '"1"'}

    def put(body):
        return client.put(_url(reporting), body, content_type="application/json", headers=headers)

    changed = put({"status": "partly_met"})
    assert changed.status_code == 200, changed.content
    stale = put({"status": "not_met"})
    assert stale.status_code == 412
    assert stale.json()["current"]["status"] == "partly_met"
    assert Assessment.objects.get().status == "partly_met"


def test_it_needs_a_version_to_change_but_not_to_create(client, reporting):
    assert _put(client, reporting, {"status": "met"}).status_code == 200
    missing = _put(client, reporting, {"status": "not_met"})
    assert missing.status_code == 428
    assert missing.json()["current_version"] == 1
    assert Assessment.objects.get().status == "met"


@pytest.mark.parametrize("persona", ["reader", "outsider"])
def test_it_answers_404_to_those_who_may_not_report(client, personas, reporting, persona):
    key = make_key(personas.user(persona))
    assert _put(client, reporting, {"status": "met"}, key=key).status_code == 404
    assert not Assessment.objects.exists()


def test_it_needs_a_valid_key_to_report(client, personas, reporting):
    anonymous = client.put(_url(reporting), {"status": "met"}, content_type="application/json")
    assert anonymous.status_code == 401
    ApiToken.objects.filter(user=personas.reporter).update(revoked_at="2026-01-01T00:00Z")
    assert _put(client, reporting, {"status": "met"}).status_code == 401
    assert _put(client, reporting, {"status": "met"}, key="vks_wrong").status_code == 401


def test_it_answers_404_for_an_item_of_another_plan(client, personas, reporting):
    reporting["item"] = personas.draft_plan.items.first()
    assert _put(client, reporting, {"status": "met"}).status_code == 404


def test_it_lets_a_responsible_person_report(client, personas, reporting):
    person = make_member(personas.other, Role.READER, "ansvarig")
    reporting["item"].responsible_people.add(person)
    response = _put(client, reporting, {"status": "met"}, key=make_key(person))
    assert response.status_code == 200, response.content
    assessment = Assessment.objects.get()
    assert (assessment.item, assessment.status, assessment.author) == (
        reporting["item"],
        "met",
        person,
    )


# Downloads --------------------------------------------------------------------------------


def _csv_rows(response) -> list[dict]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content[1:]), delimiter=";"))


def test_it_downloads_a_plan_and_its_approved_follow_up_as_json(client, personas):
    data = make_followup(personas)
    url = reverse("api:plan_download_json", args=[personas.published_plan.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.json()
    assert body["plan"]["title"] == "Verksamhetsplan 2025"
    assert [r["id"] for r in body["rounds"]] == [data.round.pk]
    top, child = body["items"]
    assert (top["outline"], child["outline"]) == ("1", "1.1")
    assert top["followup"][0]["status"] == "met"
    assert top["followup"][0]["derived_from"] == "assessment"
    # The submitted assessment is internal; its item's rolled-up status comes from the
    # indicator (1200 of a target of 1000): met.
    assert child["followup"][0]["state"] is None
    assert child["followup"][0]["done"] == ""
    assert child["followup"][0]["derived_status"] == "met"

    client.force_login(personas.reader)
    child = client.get(url).json()["items"][1]
    assert child["followup"][0]["state"] == "submitted"
    assert child["followup"][0]["done"] == "Inskickat men inte godkänt"


def test_it_downloads_a_plan_and_its_follow_up_as_csv(client, personas):
    make_followup(personas)
    item = personas.published_plan.items.get(depth=1)
    item.description = '=HYPERLINK("x")'
    item.save()
    url = reverse("api:plan_download_csv", args=[personas.published_plan.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(response)
    assert len(rows) == 2
    top, child = rows
    assert top["plan_title"] == "Verksamhetsplan 2025"
    assert top["item_title"] == "Läsfrämjande"
    assert top["item_outline"] == "1"
    assert top["round1_name"] == "Helår"
    assert top["round1_status"] == "met"
    assert top["round1_progress"] == "100"
    assert child["round1_state"] == ""  # submitted, not approved: not shown
    assert child["round1_derived_status"] == "met"
    assert child["item_description"] == '\'=HYPERLINK("x")'

    client.force_login(personas.reader)
    assert _csv_rows(client.get(url))[1]["round1_state"] == "submitted"


@pytest.mark.parametrize("name", ["api:plan_download_json", "api:plan_download_csv"])
def test_it_answers_404_for_the_download_of_a_hidden_plan(client, personas, name):
    assert client.get(reverse(name, args=[personas.draft_plan.pk])).status_code == 404
    client.force_login(personas.reader)
    assert client.get(reverse(name, args=[personas.draft_plan.pk])).status_code == 200


def _followed_plan(personas, items: int, rounds: int, title: str):
    plan = make_plan(personas.home, title=title, status="adopted", is_published=True)
    tree = make_plan_tree(plan, items)
    for index in range(rounds):
        followup_round = make_round(
            plan,
            name=f"Omgång {index}",
            period_start=plan.period_start.replace(month=1 + index),
            is_year_end=True,
        )
        for item in tree:
            Assessment.objects.create(
                round=followup_round,
                item=item,
                status="met",
                state="approved" if item.pk % 2 else "submitted",
            )
    for item in tree:
        item.responsible_people.add(personas.editor)
    return plan


@pytest.mark.parametrize("persona", ["anonymous", "reader"])
def test_it_downloads_in_constant_queries(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    small = _followed_plan(personas, 2, 1, "Liten")
    large = _followed_plan(personas, 60, 3, "Stor")
    for name in ("api:plan_download_json", "api:plan_download_csv"):
        assert count_queries(client, reverse(name, args=[small.pk])) == count_queries(
            client, reverse(name, args=[large.pk])
        )


@pytest.mark.parametrize("persona", ["anonymous", "reader"])
def test_it_lists_rounds_and_assessments_in_constant_queries(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    urls = [reverse("api:round_list"), reverse("api:assessment_list")]
    _followed_plan(personas, 1, 1, "Plan 0")
    one = [count_queries(client, url) for url in urls]
    for index in range(1, 6):
        _followed_plan(personas, 8, 2, f"Plan {index}")
    many = [count_queries(client, url) for url in urls]
    assert one == many
