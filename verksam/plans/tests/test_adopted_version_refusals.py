"""An adopted version never changes: every way of changing plan content refuses it.

The services refuse (with a message naming the status), and so do the pages
(a POST changes nothing and explains why), the admin (no change or delete,
bulk delete lists the objects as protected, adding to an adopted plan fails
validation), the measurement import (which writes measurements only, never
plan content) and the API (which has no route that writes plan content; its
writes are follow-up: measurements and assessments). Measurements stay
writable for adopted plans: they are follow-up, not plan content.
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from verksam.core.models import ChangeRecord
from verksam.core.tests.api_support import bearer, make_key
from verksam.indicators import services as indicator_services
from verksam.indicators.choices import ImportState
from verksam.indicators.imports import services as import_services
from verksam.indicators.models import ItemIndicator, Measurement, Target
from verksam.indicators.tests.builders import make_indicator, make_item_indicator, make_target
from verksam.plans import services
from verksam.plans.models import Contribution, Item, Plan, PlanSection
from verksam.testing import make_plan

LOCKED = "can no longer be changed"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def adopted(personas):
    """An adopted plan with a section, two items, a link, an indicator and a target."""
    plan = personas.adopted_unpublished_plan
    PlanSection.objects.create(plan=plan, kind="vision", title="Vision", body="Alla läser.")
    focus_area = plan.items.get(depth=0)
    goal = plan.items.get(depth=1)
    link = Contribution.objects.create(source=goal, target=personas.published_plan.items.first())
    use = make_item_indicator(goal, make_indicator("Fysiska besök", key="Besok01"))
    target = make_target(use, 100, year=2024)
    return {
        "plan": plan,
        "focus_area": focus_area,
        "goal": goal,
        "link": link,
        "use": use,
        "target": target,
    }


def _content(plan: Plan) -> tuple:
    """Everything that is plan content, to compare before and after."""
    return (
        Plan.objects.filter(pk=plan.pk).values_list("title", "summary", "level_names").get(),
        list(plan.sections.values_list("kind", "title", "body", "position")),
        list(
            Item.objects.filter(plan=plan)
            .order_by("pk")
            .values_list("pk", "parent_id", "position", "depth", "title", "description")
        ),
        list(Contribution.objects.filter(source__plan=plan).values_list("source_id", "target_id")),
        list(
            ItemIndicator.objects.filter(item__plan=plan).values_list(
                "pk", "indicator_id", "baseline", "baseline_label"
            )
        ),
        list(
            Target.objects.filter(item_indicator__item__plan=plan).values_list(
                "pk", "period_start", "value"
            )
        ),
    )


# Services -------------------------------------------------------------------------------


def _service_calls(personas, a):
    user = personas.editor
    other_indicator = make_indicator("Utlån", key="Utlan01")
    year = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    return {
        "plan_update": lambda: services.plan_update(user=user, plan=a["plan"], title="Ny titel"),
        "plan_sections_save": lambda: services.plan_sections_save(
            user=user, plan=a["plan"], sections=[{"kind": "vision", "title": "V", "body": "x"}]
        ),
        "item_create": lambda: services.item_create(user=user, plan=a["plan"], title="Ny"),
        "item_update": lambda: services.item_update(user=user, item=a["goal"], title="Nytt"),
        "item_move": lambda: services.item_move(user=user, item=a["goal"], parent=None),
        "item_shift": lambda: services.item_shift(user=user, item=a["focus_area"], steps=1),
        "item_delete": lambda: services.item_delete(user=user, item=a["goal"]),
        "contribution_add": lambda: services.contribution_add(
            user=user, source=a["focus_area"], target=personas.published_plan.items.first()
        ),
        "contribution_remove": lambda: services.contribution_remove(
            user=user, source=a["goal"], target=a["link"].target
        ),
        "item_indicator_add": lambda: indicator_services.item_indicator_add(
            user=user, item=a["goal"], indicator=other_indicator
        ),
        "item_indicator_update": lambda: indicator_services.item_indicator_update(
            user=user, item_indicator=a["use"], baseline=Decimal(5)
        ),
        "item_indicator_remove": lambda: indicator_services.item_indicator_remove(
            user=user, item_indicator=a["use"]
        ),
        "target_set": lambda: indicator_services.target_set(
            user=user,
            item_indicator=a["use"],
            period_start=year[0],
            period_end=year[1],
            value=Decimal(200),
        ),
        "target_remove": lambda: indicator_services.target_remove(user=user, target=a["target"]),
    }


SERVICES = [
    "plan_update",
    "plan_sections_save",
    "item_create",
    "item_update",
    "item_move",
    "item_shift",
    "item_delete",
    "contribution_add",
    "contribution_remove",
    "item_indicator_add",
    "item_indicator_update",
    "item_indicator_remove",
    "target_set",
    "target_remove",
]


@pytest.mark.parametrize("name", SERVICES)
def test_it_refuses_every_service_change_of_an_adopted_plan(personas, adopted, name):
    before, records = _content(adopted["plan"]), ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as caught:
        _service_calls(personas, adopted)[name]()
    assert caught.value.code == "locked"
    assert "The plan is adopted and can no longer be changed." in caught.value.messages[0]
    assert _content(adopted["plan"]) == before
    assert ChangeRecord.objects.count() == records


def test_it_refuses_changes_to_an_archived_plan_too(personas):
    plan = make_plan(personas.home, title="Verksamhetsplan 2023", year=2023, status="archived")
    with pytest.raises(ValidationError, match="archived and can no longer be changed"):
        services.item_create(user=personas.editor, plan=plan, title="Ny")


def test_it_still_takes_measurements_for_an_adopted_plans_indicators(personas, adopted):
    measurement = indicator_services.measurement_save(
        user=personas.editor,
        indicator=adopted["use"].indicator,
        organisation=personas.home,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        value=Decimal(1234),
    )
    stored = Measurement.objects.get(pk=measurement.pk)
    assert (stored.indicator, stored.organisation, stored.value) == (
        adopted["use"].indicator,
        personas.home,
        Decimal(1234),
    )
    assert (stored.period_start, stored.period_end) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )


# Pages -----------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, personas):
    client.force_login(personas.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page_posts(personas, a) -> dict[str, tuple[str, dict]]:
    plan, goal, focus_area = a["plan"], a["goal"], a["focus_area"]
    item_args = {"plan_pk": plan.pk, "pk": goal.pk}
    indicator_page = reverse("indicators:item_indicators", args=[plan.pk, goal.pk])
    return {
        "plan_edit": (reverse("plans:plan_edit", args=[plan.pk]), {"title": "Ny titel"}),
        "plan_sections_edit": (
            reverse("plans:plan_sections_edit", args=[plan.pk]),
            {"sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"},
        ),
        "item_create": (reverse("plans:item_create", args=[plan.pk]), {"title": "Ny"}),
        "item_edit": (reverse("plans:item_edit", kwargs=item_args), {"title": "Nytt"}),
        "item_move": (reverse("plans:item_move", kwargs=item_args), {"parent": ""}),
        "item_shift": (
            reverse("plans:item_shift", kwargs={"plan_pk": plan.pk, "pk": focus_area.pk}),
            {"direction": "down"},
        ),
        "item_delete": (reverse("plans:item_delete", kwargs=item_args), {}),
        "item_links": (
            reverse("plans:item_links", kwargs=item_args),
            {"target": personas.published_plan.items.get(depth=1).pk},
        ),
        "item_link_remove": (
            reverse(
                "plans:item_link_remove",
                kwargs={**item_args, "target_pk": a["link"].target_id},
            ),
            {},
        ),
        "item_indicator_add": (
            indicator_page,
            {"action": "add", "indicator": make_indicator("Utlån", key="Utlan01").pk},
        ),
        "target_set": (
            indicator_page,
            {
                "action": "target",
                "item_indicator": a["use"].pk,
                f"target-{a['use'].pk}-value": "300",
            },
        ),
        "item_indicator_remove": (
            reverse("indicators:item_indicator_remove", args=[plan.pk, goal.pk, a["use"].pk]),
            {},
        ),
        "target_remove": (reverse("indicators:target_remove", args=[a["target"].pk]), {}),
    }


PAGES = [
    "plan_edit",
    "plan_sections_edit",
    "item_create",
    "item_edit",
    "item_move",
    "item_shift",
    "item_delete",
    "item_links",
    "item_link_remove",
    "item_indicator_add",
    "target_set",
    "item_indicator_remove",
    "target_remove",
]


@pytest.mark.parametrize("name", PAGES)
def test_it_refuses_every_form_post_to_an_adopted_plan(editor_client, personas, adopted, name):
    url, data = _page_posts(personas, adopted)[name]
    before, records = _content(adopted["plan"]), ChangeRecord.objects.count()
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert _content(adopted["plan"]) == before
    assert ChangeRecord.objects.count() == records


# The admin -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    "model, key",
    [("plans/item", "goal"), ("plans/contribution", "link"), ("indicators/itemindicator", "use")],
)
def test_it_refuses_admin_changes_and_deletes_of_adopted_content(admin_client, adopted, model, key):
    obj = adopted[key]
    before = _content(adopted["plan"])
    change_url = f"/admin/{model}/{obj.pk}/change/"
    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # shown read-only
    assert admin_client.post(change_url, {"title": "Ändrat"}).status_code == 403
    assert admin_client.post(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert _content(adopted["plan"]) == before


@pytest.mark.parametrize(
    "model, key",
    [("plans/item", "goal"), ("plans/contribution", "link"), ("indicators/itemindicator", "use")],
)
def test_it_refuses_the_admin_bulk_delete_action_on_adopted_content(
    admin_client, adopted, model, key
):
    obj = adopted[key]
    before = _content(adopted["plan"])
    response = admin_client.post(
        f"/admin/{model}/",
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert response.status_code == 200  # the confirmation page says it cannot delete
    assert "Cannot delete" in response.content.decode()
    assert _content(adopted["plan"]) == before


def test_it_refuses_adding_an_item_to_an_adopted_plan_in_the_admin(admin_client, adopted):
    plan = adopted["plan"]
    response = admin_client.post(
        "/admin/plans/item/add/",
        {
            "plan": plan.pk,
            "title": "Smugglad punkt",
            "position": 5,
            "outgoing_contributions-TOTAL_FORMS": "0",
            "outgoing_contributions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not Item.objects.filter(title="Smugglad punkt").exists()


def test_it_refuses_adding_a_link_from_an_adopted_plan_in_the_admin(
    admin_client, personas, adopted
):
    target = personas.draft_plan.items.first()
    response = admin_client.post(
        "/admin/plans/contribution/add/",
        {"source": adopted["focus_area"].pk, "target": target.pk},
    )
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not Contribution.objects.filter(target=target).exists()


def test_it_still_lets_the_admin_change_a_draft(admin_client, personas):
    item = personas.draft_plan.items.get(depth=0)
    page = admin_client.get(f"/admin/plans/item/{item.pk}/change/")
    assert 'name="_save"' in page.content.decode()


# The measurement import ------------------------------------------------------------------


def test_an_import_writes_measurements_only_and_leaves_an_adopted_plan_as_it_was(personas, adopted):
    before = _content(adopted["plan"])
    content = "organisation;indikator;period;värde\nKalmar stadsbibliotek;Besok01;2024;5000\n"
    measurement_import = import_services.import_create(
        user=personas.editor,
        organisation=personas.home,
        file_name="besok.csv",
        content=content.encode(),
        file_format="csv",
    )
    validation = import_services.import_validate(measurement_import=measurement_import)
    assert validation.is_valid, validation.errors_as_data()
    import_services.import_start(measurement_import=measurement_import, user=personas.editor)
    measurement_import.refresh_from_db()
    assert measurement_import.state == ImportState.DONE
    assert Measurement.objects.get(indicator=adopted["use"].indicator).value == 5000
    # The import has no column for targets, baselines or items: the plan is untouched.
    assert _content(adopted["plan"]) == before
    assert "target" not in import_services.export_headers()


# The API ---------------------------------------------------------------------------------


#: The API's writes: follow-up, and what sits beside a plan's content without changing it
#: (the discussion of an item, the register of trainings, staff's proposals).
WRITES_BESIDE_PLAN_CONTENT = (
    "/api/v1/measurements",
    "/api/v1/rounds/",
    "/api/v1/items/{item_id}/comments",
    "/api/v1/trainings",
    "/api/v1/proposals",
)


def test_the_api_has_no_route_that_writes_plan_content(client):
    schema = client.get("/api/v1/openapi.json").json()
    writes = [
        path
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    ]
    assert writes, "the API has write routes"
    assert all(path.startswith(WRITES_BESIDE_PLAN_CONTENT) for path in writes), writes


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_refuses_writes_to_an_adopted_plan_and_its_items(client, personas, method):
    plan = personas.published_plan
    item = plan.items.get(depth=1)
    key = make_key(personas.admin)
    before = _content(plan)
    for url in (f"/api/v1/plans/{plan.pk}", f"/api/v1/items/{item.pk}"):
        response = getattr(client, method)(
            url, {"title": "Ändrat"}, content_type="application/json", **bearer(key)
        )
        assert response.status_code == 405, (url, response.content)
    assert _content(plan) == before


def test_the_api_answers_422_with_the_message_when_a_service_refuses(personas, adopted):
    """The API turns a service's refusal into 422 with its message, whatever the route."""
    from verksam.api import api

    handler = api._exception_handlers[ValidationError]
    request = RequestFactory().post("/api/v1/items")
    try:
        services.item_create(user=personas.editor, plan=adopted["plan"], title="Ny")
    except ValidationError as error:
        response = handler(request, error)
    assert response.status_code == 422
    assert LOCKED in response.content.decode()


def test_the_api_takes_measurements_for_an_adopted_plans_indicators(client, personas, adopted):
    response = client.post(
        "/api/v1/measurements",
        {
            "indicator": adopted["use"].indicator_id,
            "organisation": personas.home.pk,
            "period": "2024",
            "value": "4321",
        },
        content_type="application/json",
        **bearer(make_key(personas.editor)),
    )
    assert response.status_code == 201, response.content
