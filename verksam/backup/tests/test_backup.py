"""`verksam export` and `verksam import`: a round trip gives back exactly the same rows."""

import datetime
import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone, translation

from verksam.backup.selection import REFERENCE_MODELS, BackupError, backed_up_models
from verksam.backup.services import backup_import
from verksam.core.models import ApiToken
from verksam.core.services import change_record
from verksam.documents.content import DocumentFormat, DocumentKind
from verksam.documents.models import DocumentSettings, GeneratedDocument
from verksam.followup.choices import AssessmentState, Rhythm
from verksam.followup.models import Assessment, FollowUpRound, FollowUpSettings, ReminderSent
from verksam.indicators.models import (
    Indicator,
    ItemIndicator,
    Measurement,
    MeasurementImport,
    Target,
)
from verksam.lessons.search import INDEX_TABLE, NOTE_INDEX_TABLE
from verksam.lessons.selectors import lesson_search
from verksam.lessons.tests.builders import make_note
from verksam.organisations.models import Organisation
from verksam.plans.models import Contribution, Decision, Tag
from verksam.testing import make_tag


@pytest.fixture(autouse=True)
def in_english():
    """The messages are matched in English; the services speak the active language."""
    with translation.override("en"):
        yield


# A 1×1 PNG, as the bytes of a logo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def build_rich_data(personas):
    """Everything Verksam keeps, around the personas: follow-up, indicators, documents …"""
    p = personas
    plan = p.published_plan
    focus_area, goal = plan.items.order_by("depth")
    other_item = p.other_draft_plan.items.order_by("depth").first()

    goal.responsible_organisation = p.work_group
    goal.save()
    goal.tags.add(make_tag("Digital delaktighet"), Tag.objects.get(priority_group="children"))
    goal.responsible_people.add(p.editor)
    p.draft_plan.derived_from.add(plan)
    p.draft_plan.derived_from.add(p.other_draft_plan)
    Contribution.objects.create(source=goal, target=other_item)
    Decision.objects.create(
        plan=plan,
        body="Kultur- och fritidsnämnden",
        decided_on=datetime.date(2025, 1, 20),
        case_number="KFN 2025/12",
    )

    first = FollowUpRound.objects.create(
        plan=plan,
        name="T1",
        rhythm=Rhythm.TERTIAL,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 4, 30),
        due_date=datetime.date(2025, 5, 15),
    )
    Assessment.objects.create(
        round=first,
        item=goal,
        progress=40,
        done="Sagostunder på alla filialer.",
        results="Fler besök än väntat, ökning 12,5 %.",
        state=AssessmentState.APPROVED,
        author=p.reporter,
        submitted_at=timezone.now(),
        approved_by=p.admin,
        approved_at=timezone.now(),
    )
    ReminderSent.objects.create(round=first, user=p.reporter, kind=ReminderSent.Kind.DUE_SOON)
    FollowUpSettings.objects.create(organisation=p.home, reminder_days_before=10)

    shared = Indicator.objects.create(key="Besok01", name="Fysiska besök", unit="besök")
    own = Indicator.objects.create(key="Kalmar.ev", name="Evenemang", organisation=p.home)
    elsewhere = Indicator.objects.create(key="Uppsala.ut", name="Utlån", organisation=p.other)
    use = ItemIndicator.objects.create(
        item=goal, indicator=shared, organisation=p.home, baseline=Decimal("1234.5")
    )
    Target.objects.create(
        item_indicator=use,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        value=Decimal("1500.123456"),
    )
    upload = MeasurementImport.objects.create(
        user=p.editor,
        organisation=p.home,
        file_name="besok.csv",
        file_format="csv",
        content="nyckel;värde\nBesok01;1300\n".encode(),
        total_rows=1,
    )
    for indicator, organisation in [(shared, p.home), (own, p.work_group), (elsewhere, p.home)]:
        Measurement.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            value=Decimal("1300.25"),
            created_by=p.editor,
            measurement_import=upload if indicator is shared else None,
        )
    Measurement.objects.create(
        indicator=shared,
        organisation=p.other,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        value=Decimal("99"),
    )

    DocumentSettings.objects.create(
        organisation=p.home, logo=PNG, logo_name="logo.png", accent_colour="#1d4e89"
    )
    for document_plan in (plan, p.other_draft_plan):
        GeneratedDocument.objects.create(
            plan=document_plan,
            kind=DocumentKind.OPERATIONAL_PLAN,
            file_format=DocumentFormat.DOCX,
            language="sv",
            state="done",
            progress=100,
            content=b"PK\x03\x04" + document_plan.title.encode(),
            file_name=f"plan-{document_plan.pk}.docx",
            created_by=p.admin,
            finished_at=timezone.now(),
        )

    change_record(user=p.editor, action="update", obj=goal)
    change_record(user=p.outsider, action="update", obj=other_item)
    ApiToken.objects.create_for(user=p.editor, name="Statistikskriptet")
    statisticians = Group.objects.create(name="Statistiker")
    statisticians.permissions.add(Permission.objects.get(codename="view_plan"))
    p.editor.groups.add(statisticians)
    p.superuser.user_permissions.add(Permission.objects.get(codename="change_plan"))
    p.superuser.last_login = timezone.now()
    p.superuser.save()


def table_rows() -> dict[str, list[dict]]:
    """Every backed-up table's rows, as dicts of all their columns, ordered by key.

    References to content types and permissions are given by natural key, as
    their keys may differ in a database that `migrate` set up afresh.
    """
    tables = {}
    for model in backed_up_models():
        rows = []
        for obj in model._base_manager.order_by("pk"):
            row = {}
            for field in model._meta.local_concrete_fields:
                value = getattr(obj, field.attname)
                if (
                    field.is_relation
                    and value is not None
                    and field.related_model._meta.label_lower in REFERENCE_MODELS
                ):
                    value = getattr(obj, field.name).natural_key()
                if isinstance(value, memoryview):
                    value = bytes(value)
                row[field.attname] = value
            rows.append(row)
        tables[model._meta.label_lower] = rows
    return tables


def empty_database() -> None:
    # PostgreSQL cannot empty a table with foreign-key checks still pending.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


def row_count() -> int:
    return sum(model._base_manager.count() for model in backed_up_models())


def export(tmp_path, *args) -> str:
    path = tmp_path / "verksam.zip"
    call_command("export", "--output", str(path), *args, stdout=io.StringIO())
    return str(path)


def rewrite(path, member: str, change) -> None:
    """Change one member of an archive, and its checksum in the manifest to match."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[member] = change(members[member])
    manifest = json.loads(members["manifest.json"])
    manifest["files"][member]["sha256"] = hashlib.sha256(members[member]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_it_covers_every_model_of_the_project_and_the_users():
    covered = set(backed_up_models())
    user_model = get_user_model()
    for model in apps.get_models():
        if not getattr(model, "kept_in_backups", True):
            assert model not in covered  # derived tables, rebuilt by a restore
        elif model._meta.app_config.name.startswith("verksam.") or model is user_model:
            assert model in covered
            for many in model._meta.local_many_to_many:
                assert many.remote_field.through in covered


def test_it_restores_an_export_identically(personas, tmp_path):
    build_rich_data(personas)
    before = table_rows()
    assert all(before[label] for label in ("plans.item_tags", "documents.generateddocument"))
    path = export(tmp_path)
    empty_database()
    assert row_count() == 0

    output = io.StringIO()
    call_command("import", path, stdout=output)

    assert table_rows() == before
    assert "Restored" in output.getvalue() or "Återställde" in output.getvalue()
    newest = Organisation.objects.order_by("-pk").first()
    added = Organisation.objects.create(name="Ny filial", kind=newest.kind, parent=newest)
    assert added.pk > newest.pk
    assert added.path == f"{newest.path}{added.pk}/"


def test_it_refuses_a_database_that_is_not_empty(personas, tmp_path):
    path = export(tmp_path)
    before = row_count()
    with pytest.raises(CommandError, match="organisations.organisation"):
        call_command("import", path)
    assert row_count() == before


def test_it_refuses_a_truncated_archive(personas, tmp_path):
    path = export(tmp_path)
    with open(path, "rb") as archive:
        data = archive.read()
    with open(path, "wb") as archive:
        archive.write(data[: len(data) // 2])
    empty_database()
    with pytest.raises(BackupError, match="zip"):
        backup_import(path=path)
    assert row_count() == 0


def test_it_refuses_bad_json_naming_the_member_and_line_and_writes_nothing(personas, tmp_path):
    build_rich_data(personas)
    path = export(tmp_path)
    member = "data/plans.item.jsonl"
    rewrite(path, member, lambda data: data.replace(b"\n", b"\n{not json\n", 1))
    empty_database()
    with pytest.raises(BackupError, match=r"data/plans\.item\.jsonl, line 2 \(plans\.item\)"):
        backup_import(path=path)
    assert row_count() == 0


def test_it_refuses_a_row_of_another_model_in_a_member(personas, tmp_path):
    path = export(tmp_path)
    rewrite(
        path,
        "data/plans.decision.jsonl",
        lambda data: b'{"model": "plans.plan", "pk": 1, "fields": {}}\n',
    )
    empty_database()
    with pytest.raises(BackupError, match="plans.decision.jsonl, line 1"):
        backup_import(path=path)
    assert row_count() == 0


def test_it_refuses_a_member_whose_checksum_does_not_match(personas, tmp_path):
    path = export(tmp_path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["data/organisations.organisation.jsonl"] = members[
        "data/organisations.organisation.jsonl"
    ].replace(b"Kalmar", b"Kalmer")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    empty_database()
    with pytest.raises(CommandError, match="organisations.organisation.jsonl.*checksum"):
        call_command("import", path)
    assert row_count() == 0


def test_it_refuses_a_file_that_is_not_an_archive(db, tmp_path):
    path = tmp_path / "notes.zip"
    path.write_text("not a zip")
    with pytest.raises(BackupError, match="zip"):
        backup_import(path=path)
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(BackupError, match="manifest.json"):
        backup_import(path=empty)


def test_an_organisation_export_holds_only_its_subtree(personas, tmp_path):
    p = personas
    build_rich_data(p)
    path = export(tmp_path, "--organisation", str(p.home.pk))
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))

        def rows(label):
            data = archive.read(f"data/{label}.jsonl").decode()
            return [json.loads(line) for line in data.splitlines()]

        assert {row["pk"] for row in rows("organisations.organisation")} == {
            p.home.pk,
            p.work_group.pk,
        }
        plans = {row["pk"] for row in rows("plans.plan")}
        assert p.other_draft_plan.pk not in plans
        assert p.draft_plan.pk in plans
        assert all(row["fields"]["plan"] in plans for row in rows("plans.item"))
        users = {row["fields"]["username"]: row for row in rows("auth.user")}
        assert {"admin", "editor", "reporter", "reader"} <= set(users)
        assert "outsider" not in users
        assert all(row["fields"]["password"].startswith("!") for row in users.values())
        assert rows("core.apitoken") == []
        assert {row["fields"]["key"] for row in rows("indicators.indicator")} == {
            "Besok01",
            "Kalmar.ev",
            "Uppsala.ut",
        }
        assert all(
            row["fields"]["organisation"] in {p.home.pk, p.work_group.pk}
            for row in rows("indicators.measurement")
        )
        assert [row["fields"]["plan"] for row in rows("documents.generateddocument")] == [
            p.published_plan.pk
        ]
        assert len(rows("core.changerecord")) == 1
        assert not any(
            name.startswith("files/documents.generateddocument/")
            and name.split("/")[2] != str(GeneratedDocument.objects.get(plan=p.published_plan).pk)
            for name in archive.namelist()
        )

    assert manifest["organisation"]["pk"] == p.home.pk
    assert manifest["password_hashes"] is False
    outside = {(ref["model"], ref["field"], ref["kept"]) for ref in manifest["outside_references"]}
    assert ("organisations.organisation", "parent", "emptied") in outside
    assert ("plans.contribution", "target", "row left out") in outside
    assert ("plans.plan_derived_from", "to_plan", "row left out") in outside
    assert ("indicators.indicator", "organisation", "emptied") in outside

    empty_database()
    call_command("import", path, stdout=io.StringIO())
    restored_home = Organisation.objects.get(pk=p.home.pk)
    assert restored_home.parent_id is None
    assert restored_home.path == p.home.path
    assert not get_user_model().objects.get(username="editor").has_usable_password()
    assert Tag.objects.filter(priority_group="children").exists()


def test_it_answers_option_errors_clearly(personas, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        call_command("export")
    path = tmp_path / "existing.zip"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="already exists"):
        call_command("export", "--output", str(path))
    with pytest.raises(CommandError, match="abc"):
        call_command("export", "--output", str(tmp_path / "a.zip"), "--organisation", "abc")
    with pytest.raises(CommandError, match="999999"):
        call_command("export", "--output", str(tmp_path / "a.zip"), "--organisation", "999999")
    with pytest.raises(CommandError, match="missing.zip"):
        call_command("import", str(tmp_path / "missing.zip"))
    assert not (tmp_path / "a.zip").exists()


def test_it_rebuilds_the_stored_roll_up_that_archives_leave_out(personas, tmp_path):
    from verksam.followup.models import ItemStatus
    from verksam.followup.stored import rollup_rebuild

    build_rich_data(personas)
    rollup_rebuild()  # the test's transaction never commits, so store them now
    stored = set(ItemStatus.objects.values_list("item_id", "round_id", "status"))
    assert stored
    path = export(tmp_path)
    empty_database()
    call_command("import", path, stdout=io.StringIO())
    assert set(ItemStatus.objects.values_list("item_id", "round_id", "status")) == stored


def test_it_rebuilds_the_lessons_search_index_it_does_not_hold(personas, tmp_path):
    make_note(personas.home, title="Bokprat i skolan", text="Läsfrämjandet når fler barn.")
    path = export(tmp_path)
    empty_database()
    if connection.vendor == "sqlite":
        # The full-text tables are not models: `flush` leaves them, a new database has none.
        with connection.cursor() as cursor:
            for table in (INDEX_TABLE, NOTE_INDEX_TABLE):
                cursor.execute(f"DELETE FROM {table}")

    call_command("import", path, stdout=io.StringIO())

    found = lesson_search(user=personas.outsider, query="läsfrämjande")
    assert [hit.note.title for hit in found] == ["Bokprat i skolan"]
