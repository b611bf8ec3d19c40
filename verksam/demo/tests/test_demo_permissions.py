"""On the demo data: an editor in Uppsala can change nothing of Region Kalmar's, and
anonymous visitors reach no draft."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from verksam.organisations.models import Organisation
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db

PLAN_WRITE_URLS = [
    ("plans:plan_edit", "get"),
    ("plans:plan_edit", "post"),
    ("plans:plan_sections_edit", "post"),
    ("plans:plan_adopt", "post"),
    ("plans:plan_publish", "post"),
    ("plans:plan_archive", "post"),
    ("plans:plan_revise", "post"),
    ("plans:item_create", "post"),
]
ITEM_WRITE_URLS = [
    ("plans:item_edit", "post"),
    ("plans:item_move", "post"),
    ("plans:item_shift", "post"),
    ("plans:item_delete", "post"),
    ("plans:item_links", "post"),
]


@pytest.fixture
def demo():
    call_command("demo", allow_without_debug=True, stdout=StringIO())


def _row_counts_and_versions():
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    versions = list(Plan.objects.order_by("pk").values_list("pk", "version", "status"))
    return counts, versions


def _kalmar_plans():
    region = Organisation.objects.get(name="Region Kalmar län")
    municipality = Organisation.objects.get(name="Kalmar kommun")
    return Plan.objects.filter(organisation__path__startswith=region.path) | Plan.objects.filter(
        organisation__path__startswith=municipality.path
    )


def test_it_lets_an_uppsala_editor_change_nothing_of_kalmars(client, demo):
    client.login(username="uppsala-editor", password="demo-verksam")
    kalmar_plans = list(_kalmar_plans().prefetch_related("items"))
    assert len(kalmar_plans) >= 4
    assert any(plan.status == "draft" for plan in kalmar_plans)
    before = _row_counts_and_versions()
    requests = 0
    for plan in kalmar_plans:
        for name, method in PLAN_WRITE_URLS:
            url = reverse(name, args=[plan.pk])
            response = getattr(client, method)(url, {"title": "Ändrad", "publish": "1"})
            assert response.status_code == 404, (url, method)
            requests += 1
        for item in plan.items.all():
            for name, method in ITEM_WRITE_URLS:
                url = reverse(name, args=[plan.pk, item.pk])
                response = getattr(client, method)(url, {"title": "Ändrad", "direction": "up"})
                assert response.status_code == 404, (url, method)
                requests += 1
    kalmar_root = Organisation.objects.get(name="Region Kalmar län")
    response = client.get(reverse("plans:plan_create", args=[kalmar_root.pk]))
    assert response.status_code == 404
    assert requests > 50
    assert _row_counts_and_versions() == before


def test_it_lets_the_kalmar_editor_change_kalmars_drafts(client, demo):
    """The same requests succeed for the right person, so the 404s above are not accidental."""
    draft = Plan.objects.get(title="Biblioteksplan för Kalmar kommun 2025–2028")
    client.login(username="kalmarkommun-editor", password="demo-verksam")
    response = client.post(reverse("plans:item_create", args=[draft.pk]), {"title": "Nytt mål"})
    assert response.status_code == 302
    assert draft.items.filter(title="Nytt mål").exists()


def test_it_shows_anonymous_visitors_no_draft_of_the_demo(client, demo):
    drafts = list(Plan.objects.filter(status="draft"))
    assert len(drafts) >= 2
    for plan in drafts:
        assert client.get(plan.get_absolute_url()).status_code == 404
        for item in plan.items.all():
            assert client.get(item.get_absolute_url()).status_code == 404
    page = client.get("/").content.decode()
    for plan in drafts:
        assert plan.title not in page
    for organisation in {plan.organisation for plan in drafts}:
        page = client.get(organisation.get_absolute_url()).content.decode()
        for plan in drafts:
            assert plan.title not in page
