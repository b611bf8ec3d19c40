"""The change log records who changed what, before and after; the history pages show it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from verksam.core.models import ChangeRecord
from verksam.core.tests.api_support import count_queries
from verksam.followup import services as followup_services
from verksam.followup.tests.builders import make_round
from verksam.indicators import services as indicator_services
from verksam.indicators.tests.builders import make_indicator
from verksam.organisations.choices import Role
from verksam.plans import services
from verksam.testing import make_member, make_tag


def _last(object_type: str) -> ChangeRecord:
    return ChangeRecord.objects.filter(object_type=object_type).latest("id")


def test_it_records_an_item_change_before_and_after(personas):
    item = personas.draft_plan.items.get(depth=1)
    services.item_update(user=personas.editor, item=item, title="Alla barn läser")
    record = _last("plans.item")
    assert (record.action, record.user) == ("update", personas.editor)
    assert (record.data["title"], record.after["title"]) == ("Fler barn läser", "Alla barn läser")
    assert (record.plan_id, record.item_id) == (personas.draft_plan.pk, item.pk)


def test_it_records_text_sections_decisions_links_and_indicators(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    services.plan_sections_save(
        user=personas.editor, plan=plan, sections=[{"kind": "vision", "body": "Läsning för alla"}]
    )
    sections = _last("plans.plan")
    assert sections.data == {"sections": []}
    assert sections.after["sections"][0]["body"] == "Läsning för alla"

    target = personas.published_plan.items.get(depth=0)
    services.contribution_add(user=personas.editor, source=item, target=target)
    services.contribution_remove(user=personas.editor, source=item, target=target)
    link_actions = list(
        ChangeRecord.objects.filter(object_type="plans.contribution", item_id=item.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert link_actions == ["link", "unlink"]

    use = indicator_services.item_indicator_add(
        user=personas.editor, item=item, indicator=make_indicator(organisation=personas.home)
    )
    indicator_services.target_set(
        user=personas.editor,
        item_indicator=use,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        value=Decimal(10),
    )
    indicator_services.target_set(
        user=personas.editor,
        item_indicator=use,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        value=Decimal(12),
    )
    target_change = _last("indicators.target")
    assert (Decimal(target_change.data["value"]), Decimal(target_change.after["value"])) == (10, 12)
    assert (target_change.plan_id, target_change.item_id) == (plan.pk, item.pk)

    services.plan_adopt(
        user=personas.admin, plan=plan, body="Kulturnämnden", decided_on=datetime.date(2026, 2, 1)
    )
    decision = _last("plans.decision")
    assert (decision.action, decision.plan_id, decision.after["body"]) == (
        "create",
        plan.pk,
        "Kulturnämnden",
    )

    client.force_login(personas.reader)
    page = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    assert "Läsning för alla" in page and "Kulturnämnden" in page


def test_it_records_assessments_and_measurements_before_and_after(personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    followup_round = make_round(plan, is_year_end=True)
    first = followup_services.assessment_save(
        user=personas.reporter, followup_round=followup_round, item=item, status="met", done="A"
    )
    followup_services.assessment_save(
        user=personas.editor,
        followup_round=followup_round,
        item=item,
        status="met",
        done="B",
        expected_version=first.version,
    )
    change = _last("followup.assessment")
    assert (change.user, change.data["done"], change.after["done"]) == (personas.editor, "A", "B")
    assert (change.plan_id, change.item_id) == (plan.pk, item.pk)

    values = {
        "indicator": make_indicator(organisation=personas.home),
        "organisation": personas.home,
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
    }
    made = indicator_services.measurement_save(user=personas.reporter, value=Decimal(5), **values)
    changed = indicator_services.measurement_save(
        user=personas.reporter, value=Decimal(7), expected_version=made.version, **values
    )
    assert changed.version == made.version + 1
    record = _last("indicators.measurement")
    assert (Decimal(record.data["value"]), Decimal(record.after["value"])) == (5, 7)


def test_the_plan_history_shows_who_what_and_the_fields_before_and_after(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    services.item_update(
        user=personas.editor,
        item=item,
        title="Alla barn läser",
        responsible_organisation=personas.work_group,
    )
    client.force_login(personas.reader)
    page = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    assert "editor" in page
    assert "Fler barn läser" in page and "Alla barn läser" in page
    assert "Barn och unga" in page  # the organisation's name, not its id
    assert "Title" in page or "Titel" in page  # the field's own name
    assert reverse("plans:item_history", args=[plan.pk, item.pk]) in page


def test_the_item_history_shows_a_deleted_item(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    item_id = item.pk
    services.item_delete(user=personas.editor, item=item)
    client.force_login(personas.reader)
    response = client.get(reverse("plans:item_history", args=[plan.pk, item_id]))
    assert response.status_code == 200
    assert "Fler barn läser" in response.content.decode()
    missing = reverse("plans:item_history", args=[plan.pk, 999999])
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("where", ["work_group", "outsider"])
def test_history_is_hidden_from_those_outside_the_plans_organisation(client, personas, where):
    """A member of a unit below reads the plan, but its history is the organisation's own."""
    user = (
        make_member(personas.work_group, Role.ADMIN)
        if where == "work_group"
        else (personas.outsider)
    )
    client.force_login(user)
    plan = personas.draft_plan
    if where == "work_group":
        assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("plans:plan_history", args=[plan.pk])).status_code == 404


def test_history_of_a_published_plan_needs_a_login(client, personas):
    plan = personas.published_plan
    response = client.get(reverse("plans:plan_history", args=[plan.pk]))
    assert response.status_code == 302
    assert "historik" not in client.get(plan.get_absolute_url()).content.decode()


def _changes(personas, count: int) -> None:
    """`count` changes of an item, touching names the page looks up: organisations, tags, people."""
    item = personas.draft_plan.items.get(depth=1)
    tag = make_tag(f"Tema {count}")
    for number in range(count):
        services.item_update(
            user=personas.editor if number % 2 else personas.admin,
            item=item,
            title=f"Mål {number}",
            responsible_organisation=personas.work_group if number % 2 else personas.home,
            tags=[tag] if number % 2 else [],
            responsible_people=[personas.reporter] if number % 2 else [personas.editor],
        )


def test_the_history_pages_run_the_same_queries_for_few_and_many_changes(client, personas):
    plan = personas.draft_plan
    item = plan.items.get(depth=1)
    client.force_login(personas.reader)
    urls = [
        reverse("plans:plan_history", args=[plan.pk]),
        reverse("plans:item_history", args=[plan.pk, item.pk]),
    ]
    _changes(personas, 3)
    few = [count_queries(client, url) for url in urls]
    _changes(personas, 25)
    many = [count_queries(client, url) for url in urls]
    assert few == many


def test_the_history_comes_in_pages(client, personas):
    plan = personas.draft_plan
    _changes(personas, 35)
    client.force_login(personas.reader)
    url = reverse("plans:plan_history", args=[plan.pk])
    first = client.get(url).content.decode()
    assert "?sida=2" in first and "Mål 34" in first and "Mål 0<" not in first
    second = client.get(url, {"sida": 2}).content.decode()
    assert "Mål 0" in second
