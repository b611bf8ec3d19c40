"""Making and checking a package of an adopted plan for delivery to an e-archive.

`archive_package` gathers the plan's records (the plan and each decision as PDF/A,
the reports a board approved with their approvals, the approved follow-up as CSV
with a description), describes them in METS, PREMIS and a Dublin Core record, and
validates the METS and PREMIS against the schemas Verksam ships. `archive_write`
writes the package only when all of that succeeded. `archive_verify` checks a
package later: every file there, every checksum right, nothing added.
`archive_deliver` makes it for an administrator's download and records that it was made.
"""

import csv
import datetime
import hashlib
import io
import os
import posixpath
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from importlib import metadata as package_metadata
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from verksam.archive import metadata as xml
from verksam.archive.models import PackageRecord
from verksam.archive.validation import (
    SCHEMA_DIR,
    SHIPPED_SCHEMAS,
    mets_schema,
    premis_schema,
    schema_errors,
)
from verksam.core.downloads import file_name_of
from verksam.documents.content import (
    DocumentContent,
    DocumentKind,
    Fact,
    FactList,
    FrontPage,
    Paragraph,
)
from verksam.documents.models import DocumentApproval, DocumentState
from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Plan
from verksam.plans.permissions import can_administer_plan

#: The PDF/A part and conformance level of the plan's and the decisions' PDFs.
PDF_VARIANT = "pdf/a-2b"
DATA = "representations/rep1/data"
FORMATS = {
    "pdf": ("application/pdf", "Acrobat PDF/A - Portable Document Format", ""),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Microsoft Word for Windows",
        "2007 onwards",
    ),
    "html": ("text/html", "Hypertext Markup Language", "5"),
    "csv": ("text/csv", "Comma Separated Values", ""),
    "txt": ("text/plain", "Plain Text File", ""),
    "xsd": ("application/xml", "XML Schema Definition", "1.0"),
    "xml": ("application/xml", "Extensible Markup Language", "1.0"),
}


class ArchiveError(Exception):
    """A package cannot be made or does not hold up; the message says why."""


@dataclass
class Package:
    """A finished, validated package: its zip file's bytes and its name."""

    package_id: str
    file_name: str
    data: bytes


# Making the package ----------------------------------------------------------------------


def archive_package(
    *, plan: Plan, language: str = "sv", now: datetime.datetime | None = None
) -> Package:
    """The package of an adopted plan, validated; raises ArchiveError when it is not valid.

    Made in memory: nothing is written anywhere until `archive_write`.
    """
    if plan.status == PlanStatus.DRAFT:
        raise ArchiveError(_("Only an adopted plan can be archived; this plan is a draft."))
    now = now or timezone.now()
    package_id = f"uuid-{uuid.uuid4()}"
    with translation.override(language):
        files = _content_files(plan)
        description = _description(plan, package_id=package_id, now=now, language=language)
    files += _schema_files()
    descriptive = _package_file(xml.DESCRIPTIVE_PATH, xml.descriptive_record(description))
    premis = _package_file(xml.PREMIS_PATH, xml.premis_record(files + [descriptive], description))
    mets = xml.mets_document(files=files, metadata=[descriptive, premis], description=description)
    problems = [f"METS.xml, {error}" for error in schema_errors(mets_schema(), mets)]
    problems += [f"premis.xml, {error}" for error in schema_errors(premis_schema(), premis.data)]
    if problems:
        raise ArchiveError(
            _("The package does not validate against the schemas: %(problems)s")
            % {"problems": "; ".join(problems)}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{package_id}/METS.xml", mets)
        for package_file in [descriptive, premis, *files]:
            archive.writestr(f"{package_id}/{package_file.path}", package_file.data)
    name = file_name_of(plan.title, plan.organisation.name, extension="zip", empty="package")
    return Package(package_id=package_id, file_name=name, data=buffer.getvalue())


def archive_write(*, plan: Plan, path: Path | None = None, language: str = "sv") -> Package:
    """Make the package and write it to `path` (by default its own name in the current
    folder); on any failure nothing is written."""
    package = archive_package(plan=plan, language=language)
    path = Path(path if path is not None else package.file_name)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".archive-", suffix=".zip")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(package.data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return package


def _software_version() -> str:
    try:
        return package_metadata.version("verksam")
    except package_metadata.PackageNotFoundError:
        return "unknown"


def _package_file(path: str, data: bytes, label: str = "") -> xml.PackageFile:
    extension = path.rsplit(".", 1)[-1].lower()
    mime_type, format_name, version = FORMATS.get(
        extension, ("application/octet-stream", "Unknown", "")
    )
    if extension == "pdf" and not data.startswith(b"%PDF"):
        raise ArchiveError(f"{path} is not a PDF file")
    return xml.PackageFile(
        path=path,
        data=data,
        mime_type=mime_type,
        format_name=format_name,
        format_version=version,
        label=label,
    )


def _schema_files() -> list[xml.PackageFile]:
    return [
        _package_file(f"schemas/{name}", (SCHEMA_DIR / name).read_bytes())
        for name in SHIPPED_SCHEMAS
    ]


def _description(
    plan: Plan, *, package_id: str, now: datetime.datetime, language: str
) -> xml.Description:
    organisation = plan.organisation
    codes = []
    if organisation.municipality_code:
        codes.append(f"kommunkod {organisation.municipality_code}")
    if organisation.county_code:
        codes.append(f"länskod {organisation.county_code}")
    decisions = list(plan.decisions.select_related("board").order_by("decided_on", "pk"))
    approvals = _approvals(plan)
    boards = {decision.board.name if decision.board else decision.body for decision in decisions}
    boards |= {approval.board.name if approval.board else approval.body for approval in approvals}
    case_numbers = [d.case_number for d in decisions if d.case_number]
    case_numbers += [a.case_number for a in approvals if a.case_number]
    return xml.Description(
        package_id=package_id,
        title=str(plan),
        organisation=organisation.name,
        organisation_codes=codes,
        period=f"{plan.period_start.isoformat()}/{plan.period_end.isoformat()}",
        created=now,
        software_version=_software_version(),
        language=language,
        summary=plan.summary,
        decisions=[_decision_text(decision) for decision in decisions]
        + [_approval_text(approval) for approval in approvals],
        case_numbers=list(dict.fromkeys(case_numbers)),
        boards=sorted(boards),
    )


def _decision_text(decision) -> str:
    number = f", {_('case number')} {decision.case_number}" if decision.case_number else ""
    return f"{_('Decision')}: {decision.body} {decision.decided_on.isoformat()}{number}"


def _approval_text(approval: DocumentApproval) -> str:
    number = f", {_('case number')} {approval.case_number}" if approval.case_number else ""
    return (
        f"{_('Approval')}: {approval.document.file_name}, {approval.body} "
        f"{approval.decided_on.isoformat()}{number}"
    )


def _approvals(plan: Plan) -> list[DocumentApproval]:
    return list(
        DocumentApproval.objects.filter(document__plan=plan, document__state=DocumentState.DONE)
        .select_related("document", "board")
        .order_by("decided_on", "pk")
    )


def _content_files(plan: Plan) -> list[xml.PackageFile]:
    from verksam.documents.builders import build_document
    from verksam.documents.services import style_for

    style = style_for(plan.organisation)
    files = [
        _package_file(
            f"{DATA}/plan.pdf",
            render_pdf_a(build_document(plan=plan, kind=DocumentKind.OPERATIONAL_PLAN), style),
            label=str(plan),
        )
    ]
    for number, decision in enumerate(
        plan.decisions.select_related("board").order_by("decided_on", "pk"), start=1
    ):
        files.append(
            _package_file(
                f"{DATA}/decisions/decision-{number}.pdf",
                render_pdf_a(_decision_content(plan, decision), style),
                label=str(decision),
            )
        )
    approvals = _approvals(plan)
    used: set[str] = set()
    for approval in approvals:
        document = approval.document
        name = posixpath.basename(document.file_name.replace("\\", "/")).strip(". ")
        if not name:
            name = f"report-{document.pk}.{document.file_format}"
        if name in used:
            name = f"{document.pk}-{name}"
        used.add(name)
        files.append(_package_file(f"{DATA}/reports/{name}", bytes(document.content or b"")))
    if approvals:
        files.append(_package_file(f"{DATA}/reports/approvals.csv", _approvals_csv(approvals)))
    files.append(_package_file(f"{DATA}/followup.csv", _followup_csv(plan)))
    files.append(_package_file("documentation/followup-description.txt", _followup_description()))
    return files


def render_pdf_a(content: DocumentContent, style) -> bytes:
    """The document as PDF/A-2b, laid out as its PDF is (documents.render_html.render_pdf)."""
    from verksam.documents.render_html import render_pdf

    try:
        return render_pdf(content, style, pdf_variant=PDF_VARIANT)
    except FileNotFoundError as error:  # the stylesheet is missing from the static files
        raise ArchiveError(str(error)) from error


def _decision_content(plan: Plan, decision) -> DocumentContent:
    facts = [
        Fact(_("Plan"), str(plan)),
        Fact(_("Decided by"), decision.body),
        Fact(_("Date of decision"), decision.decided_on.isoformat()),
    ]
    if decision.board:
        facts.append(Fact(_("Board"), decision.board.name))
    if decision.case_number:
        facts.append(Fact(_("Case number"), decision.case_number))
    title = _("Decision on %(plan)s") % {"plan": plan.title}
    blocks = [FactList(facts)]
    if decision.note:
        blocks.append(Paragraph(decision.note))
    return DocumentContent(
        kind=str(DocumentKind.OPERATIONAL_PLAN),
        language=translation.get_language() or "sv",
        front_page=FrontPage(
            organisation=plan.organisation.name,
            title=title,
            kind_label=_("Decision"),
            subtitle=str(plan),
            facts=facts,
            case_number=decision.case_number,
        ),
        blocks=blocks,
        header_text=f"{plan.organisation.name} – {title}",
        made_at=timezone.now(),
    )


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _approvals_csv(approvals: list[DocumentApproval]) -> bytes:
    return _csv(
        ["file", "kind", "approved_by", "board", "decided_on", "case_number", "note"],
        [
            [
                approval.document.file_name,
                approval.document.get_kind_display(),
                approval.body,
                approval.board.name if approval.board else "",
                approval.decided_on.isoformat(),
                approval.case_number,
                approval.note,
            ]
            for approval in approvals
        ],
    )


FOLLOWUP_COLUMNS = [
    ("round", "the follow-up round's name"),
    ("period_start", "first day of the round's period (ISO 8601)"),
    ("period_end", "last day of the round's period (ISO 8601)"),
    ("item_id", "the item's number in Verksam"),
    ("level", "the item's level in the plan"),
    ("item", "the item's title"),
    (
        "status",
        "the status code: met, partly_met, not_met, not_assessed for goals; "
        "not_started, ongoing, done, stopped for activities",
    ),
    ("status_text", "the status in words"),
    ("forecast", "the forecast for the rest of the period, a status code, may be empty"),
    ("progress", "per cent done, may be empty"),
    ("done", "what was done"),
    ("results", "results and analysis"),
    ("improvements", "improvements and next steps"),
    ("approved_at", "when the follow-up was approved (ISO 8601, UTC)"),
]


def _followup_csv(plan: Plan) -> bytes:
    assessments = (
        Assessment.objects.filter(round__plan=plan, state=AssessmentState.APPROVED)
        .select_related("round", "item")
        .order_by(
            "round__period_start",
            "round__period_end",
            "round__pk",
            "item__depth",
            "item__position",
            "item__pk",
        )
    )
    rows = []
    for assessment in assessments:
        rows.append(
            [
                assessment.round.name,
                assessment.round.period_start.isoformat(),
                assessment.round.period_end.isoformat(),
                assessment.item_id,
                plan.level_name(assessment.item.depth),
                assessment.item.title,
                assessment.status,
                assessment.get_status_display() if assessment.status else "",
                assessment.forecast,
                "" if assessment.progress is None else assessment.progress,
                assessment.done,
                assessment.results,
                assessment.improvements,
                assessment.approved_at.isoformat() if assessment.approved_at else "",
            ]
        )
    return _csv([name for name, _text in FOLLOWUP_COLUMNS], rows)


def _followup_description() -> bytes:
    lines = [
        "followup.csv: the approved follow-up of the plan's items, one row per item and round.",
        "Encoding UTF-8, comma-separated, fields quoted where needed (RFC 4180), first row",
        "the column names. Only follow-up that was approved is included.",
        "",
        "Columns:",
    ]
    lines += [f"  {name}: {text}" for name, text in FOLLOWUP_COLUMNS]
    lines += [
        "",
        "reports/approvals.csv (when present): each approved report in reports/ with the",
        "body that approved it, the date of the decision and the case number.",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# Checking a package -------------------------------------------------------------------


def archive_verify(*, path: Path) -> list[str]:
    """What is wrong with the package at `path`: files missing, added or changed, METS or
    PREMIS not valid. An empty list means the package is as it was made."""
    problems: list[str] = []
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        return [f"not a readable zip file: {error}"]
    with archive:
        names = [name for name in archive.namelist() if not name.endswith("/")]
        roots = {name.split("/", 1)[0] for name in names}
        if len(roots) != 1:
            return ["the package must hold exactly one folder"]
        root = roots.pop()
        members = {name[len(root) + 1 :]: name for name in names}
        if "METS.xml" not in members:
            return ["METS.xml is missing"]
        mets = archive.read(members["METS.xml"])
        problems += [f"METS.xml, {error}" for error in schema_errors(mets_schema(), mets)]
        if problems:
            return problems
        document = etree.fromstring(mets, etree.XMLParser(no_network=True, resolve_entities=False))
        if document.get("OBJID") != root:
            problems.append("the package folder is not named after the METS OBJID")
        listed: dict[str, tuple[str, str]] = {}
        for element in document.iter(f"{{{xml.METS}}}file", f"{{{xml.METS}}}mdRef"):
            location = (
                element if element.tag.endswith("mdRef") else element.find(f"{{{xml.METS}}}FLocat")
            )
            href = location.get(f"{{{xml.XLINK}}}href")
            listed[href] = (element.get("CHECKSUM"), element.get("SIZE"))
        for href, (checksum, size) in listed.items():
            if href not in members:
                problems.append(f"{href}: listed in METS.xml but missing")
                continue
            data = archive.read(members[href])
            if hashlib.sha256(data).hexdigest() != checksum or str(len(data)) != size:
                problems.append(f"{href}: checksum does not match METS.xml")
        for name in sorted(set(members) - set(listed) - {"METS.xml"}):
            problems.append(f"{name}: in the package but not listed in METS.xml")
        if xml.PREMIS_PATH in members and xml.PREMIS_PATH in listed:
            premis = archive.read(members[xml.PREMIS_PATH])
            problems += [f"premis.xml, {e}" for e in schema_errors(premis_schema(), premis)]
            problems += _premis_fixity_problems(premis, listed, archive, members)
    return problems


def _premis_fixity_problems(premis: bytes, listed, archive, members) -> list[str]:
    problems = []
    try:
        document = etree.fromstring(premis, etree.XMLParser(no_network=True))
    except etree.XMLSyntaxError:
        return []
    namespace = {"p": xml.PREMIS}
    for obj in document.findall("p:object", namespace):
        path = obj.findtext("p:objectIdentifier/p:objectIdentifierValue", namespaces=namespace)
        digest = obj.findtext(
            "p:objectCharacteristics/p:fixity/p:messageDigest", namespaces=namespace
        )
        if path not in members:
            problems.append(f"{path}: named in premis.xml but missing")
            continue
        if hashlib.sha256(archive.read(members[path])).hexdigest() != digest:
            problems.append(f"{path}: checksum does not match premis.xml")
    return problems


# Making a package for a person ---------------------------------------------------------


@transaction.atomic
def archive_deliver(*, user, plan: Plan, language: str = "sv") -> Package:
    """Make the plan's package for an administrator to download, and record that it was
    made (PackageRecord: its id, file name and checksum). Raises ArchiveError, recording
    nothing, when the package cannot be made or does not validate."""
    if not can_administer_plan(user, plan):
        raise PermissionDenied
    package = archive_package(plan=plan, language=language)
    record = PackageRecord(
        plan=plan,
        package_id=package.package_id,
        file_name=package.file_name,
        sha256=hashlib.sha256(package.data).hexdigest(),
        size=len(package.data),
        made_by=user,
    )
    record.full_clean()
    record.save()
    return package
