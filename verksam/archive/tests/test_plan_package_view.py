"""The e-archive button: administrators make and download a validated package, others
are not shown it; a package that does not validate is refused with the reason."""

import hashlib

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.archive import services
from verksam.archive.models import PackageRecord
from verksam.archive.services import archive_verify
from verksam.organisations.choices import Role
from verksam.testing import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(adopted_plan):
    return make_member(adopted_plan.organisation, Role.ADMIN)


def test_it_makes_a_package_that_validates_and_records_its_checksum(
    client, adopted_plan, admin, tmp_path
):
    client.force_login(admin)
    url = reverse("archive:plan_package", args=[adopted_plan.pk])
    assert url in client.get(adopted_plan.get_absolute_url()).text

    response = client.post(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    record = PackageRecord.objects.get()
    assert record.plan == adopted_plan and record.made_by == admin
    assert record.sha256 == hashlib.sha256(response.content).hexdigest()
    path = tmp_path / record.file_name
    path.write_bytes(response.content)
    assert archive_verify(path=path) == []
    assert record.package_id in client.get(url).text


def test_it_shows_the_button_to_administrators_only(client, adopted_plan, admin):
    url = reverse("archive:plan_package", args=[adopted_plan.pk])
    editor = make_member(adopted_plan.organisation, Role.EDITOR)
    client.force_login(editor)

    assert url not in client.get(adopted_plan.get_absolute_url()).text
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert PackageRecord.objects.count() == 0


def test_it_refuses_a_package_that_does_not_validate_with_the_reason(
    client, adopted_plan, admin, monkeypatch
):
    monkeypatch.setattr(
        services, "schema_errors", lambda schema, data: ["line 3: element mets:file not expected"]
    )
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse("archive:plan_package", args=[adopted_plan.pk]))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "does not validate against the schemas" in response.text
    assert "element mets:file not expected" in response.text
    assert PackageRecord.objects.count() == 0


def test_it_refuses_to_archive_a_draft(client, personas):
    client.force_login(personas.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("archive:plan_package", args=[personas.draft_plan.pk])

    assert "Only an adopted plan can be archived" in client.get(url).text
    response = client.post(url)

    assert response.status_code == 400
    assert "Only an adopted plan can be archived" in response.text
    assert PackageRecord.objects.count() == 0


def test_it_lists_many_packages_in_as_many_queries_as_one(client, adopted_plan, admin):
    url = reverse("archive:plan_package", args=[adopted_plan.pk])
    client.force_login(admin)

    def record(number):
        PackageRecord.objects.create(
            plan=adopted_plan,
            package_id=f"uuid-{number}",
            file_name="paket.zip",
            sha256="0" * 64,
            size=10,
            made_by=make_member(adopted_plan.organisation, Role.ADMIN),
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    record(1)
    one = queries()
    for number in range(2, 30):
        record(number)
    assert queries() == one
