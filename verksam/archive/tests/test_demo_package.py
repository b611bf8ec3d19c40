"""`verksam archive` on the demo as `make run` loads it: the adopted Kalmar plan's package
validates, declares PDF/A, holds matching checksums, and a tampered copy is caught."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from verksam.archive import metadata as xml
from verksam.archive.tests.test_package import _members, pdfa_identification
from verksam.archive.validation import mets_schema, premis_schema, schema_errors
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_it_archives_the_demos_adopted_kalmar_plan(settings, tmp_path, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", allow_without_debug=True, stdout=io.StringIO())
    plan = Plan.objects.get(
        organisation__name="Biblioteksutveckling Region Kalmar län",
        title=f"Verksamhetsplan {timezone.localdate().year}",
    )
    assert plan.status == PlanStatus.ADOPTED
    path = tmp_path / "kalmar.zip"

    call_command("archive", "--plan", str(plan.pk), "--output", str(path))
    call_command("archive", "--verify", str(path))

    assert "in order" in capsys.readouterr().out
    members = _members(path.read_bytes())
    assert schema_errors(mets_schema(), members["METS.xml"]) == []
    assert schema_errors(premis_schema(), members[xml.PREMIS_PATH]) == []
    pdfs = [name for name in members if name.endswith(".pdf")]
    assert "representations/rep1/data/plan.pdf" in pdfs
    for name in pdfs:
        if name.startswith("representations/rep1/data/decisions/") or name.endswith("plan.pdf"):
            assert pdfa_identification(members[name]) == (["2"], ["B"]), name

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(tampered, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            copy.writestr(name, data + b" " if name.endswith("plan.pdf") else data)
    with pytest.raises(CommandError, match="not intact"):
        call_command("archive", "--verify", str(tampered))
