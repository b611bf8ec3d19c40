"""The e-archive package: valid METS and PREMIS, PDF/A, checksums, and tampering found."""

import hashlib
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from lxml import etree
from pypdf import PdfReader

from verksam.archive import metadata as xml
from verksam.archive import services
from verksam.archive.services import ArchiveError, archive_package, archive_verify, archive_write
from verksam.archive.validation import mets_schema, premis_schema, schema_errors
from verksam.documents.models import GeneratedDocument
from verksam.plans.choices import PlanStatus

pytestmark = pytest.mark.django_db

NS = {"mets": xml.METS, "xlink": xml.XLINK}


def _members(package_data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package_data)) as archive:
        return {
            name.split("/", 1)[1]: archive.read(name)
            for name in archive.namelist()
            if not name.endswith("/")
        }


def test_it_makes_a_package_whose_mets_and_premis_validate(adopted_plan):
    package = archive_package(plan=adopted_plan)
    members = _members(package.data)

    assert schema_errors(mets_schema(), members["METS.xml"]) == []
    assert schema_errors(premis_schema(), members[xml.PREMIS_PATH]) == []
    mets = etree.fromstring(members["METS.xml"])
    assert mets.get("OBJID") == package.package_id
    assert mets.get("PROFILE") == xml.SIP_PROFILE
    assert mets.find("mets:structMap", NS).get("LABEL") == "CSIP"


def test_it_lists_every_file_with_a_matching_sha256(adopted_plan):
    members = _members(archive_package(plan=adopted_plan).data)
    mets = etree.fromstring(members["METS.xml"])
    listed = {}
    for location in mets.iterfind(".//mets:FLocat", NS):
        listed[location.get(f"{{{xml.XLINK}}}href")] = location.getparent().get("CHECKSUM")
    for reference in mets.iterfind(".//mets:mdRef", NS):
        listed[reference.get(f"{{{xml.XLINK}}}href")] = reference.get("CHECKSUM")

    assert set(listed) == set(members) - {"METS.xml"}
    for path, checksum in listed.items():
        assert hashlib.sha256(members[path]).hexdigest() == checksum, path
    premis = members[xml.PREMIS_PATH].decode()
    assert hashlib.sha256(members["representations/rep1/data/plan.pdf"]).hexdigest() in premis


def test_it_holds_the_plan_the_decision_the_approved_report_and_the_followup(adopted_plan):
    members = _members(archive_package(plan=adopted_plan).data)

    assert "representations/rep1/data/plan.pdf" in members
    assert "representations/rep1/data/decisions/decision-1.pdf" in members
    assert members["representations/rep1/data/reports/Verksamhetsberattelse-2025.pdf"] == (
        b"%PDF-1.7 report"
    )
    approvals = members["representations/rep1/data/reports/approvals.csv"].decode()
    assert "RUN 2026/0042" in approvals
    followup = members["representations/rep1/data/followup.csv"].decode()
    assert "Utlåningen till barn ökade med 12 procent." in followup
    assert "Utkast" not in followup  # not approved, not archived
    assert "followup.csv" in members["documentation/followup-description.txt"].decode()
    description = members[xml.DESCRIPTIVE_PATH].decode()
    assert "RUN 2024/0123" in description
    assert "Regionala utvecklingsnämnden" in description
    assert "Regionbiblioteket Kalmar" in description


PDFA_ID = "http://www.aiim.org/pdfa/ns/id/"


def pdfa_identification(data: bytes) -> tuple[list[str], list[str]]:
    """The PDF/A part and conformance a PDF declares in its XMP metadata (as elements or as
    attributes); asserts that it has an output intent and XMP metadata at all."""
    reader = PdfReader(io.BytesIO(data))
    assert "/OutputIntents" in reader.trailer["/Root"].get_object()
    xmp = reader.xmp_metadata
    assert xmp is not None

    def declared(name: str) -> list[str]:
        return [
            node.firstChild.data for node in xmp.rdf_root.getElementsByTagNameNS(PDFA_ID, name)
        ] or [
            node.getAttributeNS(PDFA_ID, name)
            for node in xmp.rdf_root.getElementsByTagNameNS("*", "Description")
            if node.hasAttributeNS(PDFA_ID, name)
        ]

    return declared("part"), declared("conformance")


def test_it_writes_the_plan_and_decisions_as_pdf_a(adopted_plan):
    members = _members(archive_package(plan=adopted_plan).data)

    for path in (
        "representations/rep1/data/plan.pdf",
        "representations/rep1/data/decisions/decision-1.pdf",
    ):
        assert pdfa_identification(members[path]) == (["2"], ["B"]), path


def test_it_finds_an_untouched_package_sound(adopted_plan, tmp_path):
    path = tmp_path / "package.zip"
    archive_write(plan=adopted_plan, path=path)

    assert archive_verify(path=path) == []


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for name in original.namelist():
            data = change(name, original.read(name))
            if data is not None:
                copy.writestr(name, data)


def test_it_detects_a_changed_file(adopted_plan, tmp_path):
    path, tampered = tmp_path / "package.zip", tmp_path / "tampered.zip"
    archive_write(plan=adopted_plan, path=path)

    def change(name, data):
        return data.replace(b"12 procent", b"99 procent") if name.endswith("followup.csv") else data

    _rewrite(path, tampered, change)

    problems = archive_verify(path=tampered)
    assert any("followup.csv: checksum does not match" in problem for problem in problems)


def test_it_detects_a_missing_file(adopted_plan, tmp_path):
    path, tampered = tmp_path / "package.zip", tmp_path / "tampered.zip"
    archive_write(plan=adopted_plan, path=path)
    _rewrite(path, tampered, lambda name, data: None if "decision-1.pdf" in name else data)

    problems = archive_verify(path=tampered)
    assert any("decision-1.pdf: listed in METS.xml but missing" in p for p in problems)


def test_it_writes_nothing_when_the_package_does_not_validate(adopted_plan, tmp_path, monkeypatch):
    make_mets = xml.mets_document

    def without_struct_map(**arguments):
        # A METS document without its required structMap: the schema refuses it.
        document = etree.fromstring(make_mets(**arguments))
        document.remove(document.find("mets:structMap", NS))
        return etree.tostring(document)

    monkeypatch.setattr(services.xml, "mets_document", without_struct_map)
    path = tmp_path / "package.zip"

    with pytest.raises(ArchiveError, match="METS.xml, line"):
        archive_write(plan=adopted_plan, path=path)
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_a_draft_plan(adopted_plan, tmp_path):
    adopted_plan.status = PlanStatus.DRAFT
    path = tmp_path / "package.zip"

    with pytest.raises(ArchiveError):
        archive_write(plan=adopted_plan, path=path)
    assert not path.exists()


def test_it_archives_and_verifies_from_the_command_line(adopted_plan, tmp_path, capsys):
    path = tmp_path / "kalmar.zip"
    call_command("archive", "--plan", str(adopted_plan.pk), "--output", str(path))
    call_command("archive", "verify", str(path))

    assert path.is_file()
    assert "in order" in capsys.readouterr().out


def test_it_detects_a_file_added_to_the_package(adopted_plan, tmp_path):
    path, tampered = tmp_path / "package.zip", tmp_path / "tampered.zip"
    package = archive_write(plan=adopted_plan, path=path)
    _rewrite(path, tampered, lambda name, data: data)
    with zipfile.ZipFile(tampered, "a") as archive:
        archive.writestr(f"{package.package_id}/representations/rep1/data/extra.txt", b"added")

    assert archive_verify(path=tampered) == [
        "representations/rep1/data/extra.txt: in the package but not listed in METS.xml"
    ]


def test_it_fails_the_verify_command_on_a_tampered_package(adopted_plan, tmp_path, capsys):
    path, tampered = tmp_path / "package.zip", tmp_path / "tampered.zip"
    archive_write(plan=adopted_plan, path=path)
    _rewrite(path, tampered, lambda name, data: None if name.endswith("plan.pdf") else data)

    with pytest.raises(CommandError, match="not intact"):
        call_command("archive", "--verify", str(tampered))
    assert "plan.pdf: listed in METS.xml but missing" in capsys.readouterr().err


def test_it_keeps_a_report_file_name_inside_the_reports_folder(adopted_plan):
    report = GeneratedDocument.objects.get(plan=adopted_plan)
    report.file_name = "../../METS.xml"
    report.save()

    members = _members(archive_package(plan=adopted_plan).data)

    assert "representations/rep1/data/reports/METS.xml" in members
    assert schema_errors(mets_schema(), members["METS.xml"]) == []
