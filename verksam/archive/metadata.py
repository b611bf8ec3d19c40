"""The XML of an e-archive package: METS.xml, PREMIS and the descriptive record.

The METS follows E-ARK CSIP 2.1 and E-ARK SIP 2.1, which together are FGS
Paketstruktur 2.0 (docs/archive.md lists the requirements relied on). Every
file of the package is listed with its SHA-256 checksum, size, type and date:
the content in fileSec, the metadata files in their dmdSec and amdSec.
"""

import datetime
from dataclasses import dataclass, field

from lxml import etree

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"

#: The METS profile the package declares: E-ARK SIP 2.1, which builds on CSIP 2.1.
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
#: The CSIP vocabulary's word for a package whose content is of more than one kind.
CONTENT_CATEGORY = "Mixed"
DESCRIPTIVE_PATH = "metadata/descriptive/dc.xml"
PREMIS_PATH = "metadata/preservation/premis.xml"


@dataclass
class PackageFile:
    """One file of the package: where it lies, what it is, and its bytes."""

    path: str  # inside the package folder, e.g. "representations/rep1/data/plan.pdf"
    data: bytes
    mime_type: str
    format_name: str
    label: str = ""
    format_version: str = ""

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.data).hexdigest()

    @property
    def group(self) -> str:
        """The CSIP file group: Documentation, Schemas or the representation's data."""
        if self.path.startswith("documentation/"):
            return "Documentation"
        if self.path.startswith("schemas/"):
            return "Schemas"
        return "Representations/rep1/Data"


@dataclass
class Description:
    """What the descriptive record and the METS header say about the package."""

    package_id: str
    title: str
    organisation: str
    organisation_codes: list[str]
    period: str
    created: datetime.datetime
    software_version: str
    language: str
    summary: str = ""
    decisions: list[str] = field(default_factory=list)  # "body date, case number"
    case_numbers: list[str] = field(default_factory=list)
    boards: list[str] = field(default_factory=list)


def _to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _timestamp(moment: datetime.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def descriptive_record(description: Description) -> bytes:
    """A Dublin Core record (oai_dc) for the package: the title, the organisation that
    made the records, the period, the decisions with their boards and case numbers."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})

    def add(name: str, text: str) -> None:
        if text:
            etree.SubElement(root, f"{{{DC}}}{name}").text = text

    add("title", description.title)
    add("creator", description.organisation)
    for board in description.boards:
        add("contributor", board)
    add("description", description.summary)
    for decision in description.decisions:
        add("description", decision)
    add("date", description.created.date().isoformat())
    add("coverage", description.period)
    add("type", "Text")
    add("identifier", description.package_id)
    for case_number in description.case_numbers:
        add("identifier", case_number)
    for code in description.organisation_codes:
        add("relation", code)
    add("language", description.language)
    return _to_bytes(root)


def premis_record(files: list[PackageFile], description: Description) -> bytes:
    """PREMIS 3.0: each file as an object with its SHA-256 fixity, size and format, the
    package's creation as an event, and Verksam and the organisation as its agents."""
    root = etree.Element(f"{{{PREMIS}}}premis", nsmap={"premis": PREMIS, "xsi": XSI}, version="3.0")

    def sub(parent, name: str, text: str | None = None, **attributes):
        element = etree.SubElement(parent, f"{{{PREMIS}}}{name}", **attributes)
        if text is not None:
            element.text = text
        return element

    event_id = f"{description.package_id}-creation"
    for package_file in files:
        obj = sub(root, "object", **{f"{{{XSI}}}type": "premis:file"})
        identifier = sub(obj, "objectIdentifier")
        sub(identifier, "objectIdentifierType", "local")
        sub(identifier, "objectIdentifierValue", package_file.path)
        characteristics = sub(obj, "objectCharacteristics")
        sub(characteristics, "compositionLevel", "0")
        fixity = sub(characteristics, "fixity")
        sub(fixity, "messageDigestAlgorithm", "SHA-256")
        sub(fixity, "messageDigest", package_file.sha256)
        sub(fixity, "messageDigestOriginator", "Verksam")
        sub(characteristics, "size", str(len(package_file.data)))
        file_format = sub(characteristics, "format")
        designation = sub(file_format, "formatDesignation")
        sub(designation, "formatName", package_file.format_name)
        if package_file.format_version:
            sub(designation, "formatVersion", package_file.format_version)
        sub(obj, "originalName", package_file.path.rsplit("/", 1)[-1])
        link = sub(obj, "linkingEventIdentifier")
        sub(link, "linkingEventIdentifierType", "local")
        sub(link, "linkingEventIdentifierValue", event_id)

    event = sub(root, "event")
    event_identifier = sub(event, "eventIdentifier")
    sub(event_identifier, "eventIdentifierType", "local")
    sub(event_identifier, "eventIdentifierValue", event_id)
    sub(event, "eventType", "creation")
    sub(event, "eventDateTime", _timestamp(description.created))
    detail = sub(event, "eventDetailInformation")
    sub(
        detail,
        "eventDetail",
        f"Package for an e-archive made by Verksam {description.software_version}",
    )
    outcome = sub(event, "eventOutcomeInformation")
    sub(outcome, "eventOutcome", "success")
    for agent_id, role in (("verksam", "executing program"), ("organisation", "archival creator")):
        agent_link = sub(event, "linkingAgentIdentifier")
        sub(agent_link, "linkingAgentIdentifierType", "local")
        sub(agent_link, "linkingAgentIdentifierValue", agent_id)
        sub(agent_link, "linkingAgentRole", role)

    for agent_id, name, kind, version in (
        ("verksam", "Verksam", "software", description.software_version),
        ("organisation", description.organisation, "organization", ""),
    ):
        agent = sub(root, "agent")
        agent_identifier = sub(agent, "agentIdentifier")
        sub(agent_identifier, "agentIdentifierType", "local")
        sub(agent_identifier, "agentIdentifierValue", agent_id)
        sub(agent, "agentName", name)
        sub(agent, "agentType", kind)
        if version:
            sub(agent, "agentVersion", version)
    return _to_bytes(root)


def mets_document(
    *, files: list[PackageFile], metadata: list[PackageFile], description: Description
) -> bytes:
    """The package's METS.xml (E-ARK CSIP 2.1 / SIP 2.1, that is FGS Paketstruktur 2.0).

    `metadata` is the descriptive record and the PREMIS file, referred to from dmdSec
    and amdSec; `files` is everything else, listed in fileSec by group and mapped in
    the structMap that CSIP requires (TYPE PHYSICAL, LABEL CSIP).
    """
    created = _timestamp(description.created)
    root = etree.Element(
        f"{{{METS}}}mets",
        nsmap={"mets": METS, "xlink": XLINK, "csip": CSIP, "sip": SIP, "xsi": XSI},
        OBJID=description.package_id,
        LABEL=description.title,
        TYPE=CONTENT_CATEGORY,
        PROFILE=SIP_PROFILE,
    )
    root.set(f"{{{CSIP}}}CONTENTINFORMATIONTYPE", "MIXED")

    def sub(parent, name: str, text: str | None = None, **attributes):
        element = etree.SubElement(parent, f"{{{METS}}}{name}")
        for key, value in attributes.items():
            element.set(key, value)
        if text is not None:
            element.text = text
        return element

    header = sub(root, "metsHdr", CREATEDATE=created, RECORDSTATUS="NEW")
    header.set(f"{{{CSIP}}}OAISPACKAGETYPE", "SIP")
    software = sub(header, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    sub(software, "name", "Verksam")
    note = sub(software, "note", description.software_version)
    note.set(f"{{{CSIP}}}NOTETYPE", "SOFTWARE VERSION")
    archivist = sub(header, "agent", ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    sub(archivist, "name", description.organisation)
    for code in description.organisation_codes:
        code_note = sub(archivist, "note", code)
        code_note.set(f"{{{CSIP}}}NOTETYPE", "IDENTIFICATIONCODE")
    creator = sub(header, "agent", ROLE="CREATOR", TYPE="ORGANIZATION")
    sub(creator, "name", description.organisation)

    def md_ref(parent, package_file: PackageFile, md_type: str, **extra):
        ref = sub(
            parent,
            "mdRef",
            LOCTYPE="URL",
            MDTYPE=md_type,
            MIMETYPE=package_file.mime_type,
            SIZE=str(len(package_file.data)),
            CREATED=created,
            CHECKSUM=package_file.sha256,
            CHECKSUMTYPE="SHA-256",
            **extra,
        )
        ref.set(f"{{{XLINK}}}type", "simple")
        ref.set(f"{{{XLINK}}}href", package_file.path)
        return ref

    by_path = {package_file.path: package_file for package_file in metadata}
    dmd = sub(root, "dmdSec", ID="dmd-1", CREATED=created, STATUS="CURRENT")
    md_ref(dmd, by_path[DESCRIPTIVE_PATH], "DC")
    amd = sub(root, "amdSec", ID="amd-1")
    digiprov = sub(amd, "digiprovMD", ID="digiprov-1", CREATED=created, STATUS="CURRENT")
    md_ref(digiprov, by_path[PREMIS_PATH], "PREMIS")

    file_sec = sub(root, "fileSec", ID="filesec-1")
    file_ids: dict[str, list[str]] = {}
    groups: dict[str, etree._Element] = {}
    for number, package_file in enumerate(files, start=1):
        group = package_file.group
        if group not in groups:
            groups[group] = sub(file_sec, "fileGrp", ID=f"grp-{len(groups) + 1}", USE=group)
        file_id = f"file-{number}"
        element = sub(
            groups[group],
            "file",
            ID=file_id,
            MIMETYPE=package_file.mime_type,
            SIZE=str(len(package_file.data)),
            CREATED=created,
            CHECKSUM=package_file.sha256,
            CHECKSUMTYPE="SHA-256",
        )
        element.set(f"{{{SIP}}}FILEFORMATNAME", package_file.format_name)
        if package_file.format_version:
            element.set(f"{{{SIP}}}FILEFORMATVERSION", package_file.format_version)
        location = sub(element, "FLocat", LOCTYPE="URL")
        location.set(f"{{{XLINK}}}type", "simple")
        location.set(f"{{{XLINK}}}href", package_file.path)
        file_ids.setdefault(group, []).append(file_id)

    struct_map = sub(root, "structMap", ID="structmap-1", TYPE="PHYSICAL", LABEL="CSIP")
    package_div = sub(struct_map, "div", ID="div-package", LABEL=description.package_id)
    sub(package_div, "div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-1", ADMID="digiprov-1")
    for number, (group, ids) in enumerate(file_ids.items(), start=1):
        label = "Representations/rep1" if group.startswith("Representations") else group
        group_div = sub(package_div, "div", ID=f"div-{number}", LABEL=label)
        for file_id in ids:
            sub(group_div, "fptr", FILEID=file_id)
    return _to_bytes(root)
