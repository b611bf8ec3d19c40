"""Validating a package's METS and PREMIS against the XML schemas Verksam ships.

The schemas are in ``schemas/`` beside this module (see its README.md for where each
comes from). Nothing is ever fetched over the network: an import that names a schema by
its address on the web is answered with the file of the same name in ``schemas/``.
"""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
#: The schema files a package carries in its schemas/ folder, so it can be checked anywhere.
SHIPPED_SCHEMAS = (
    "mets.xsd",
    "xlink.xsd",
    "DILCISExtensionMETS.xsd",
    "DILCISExtensionSIPMETS.xsd",
    "premis-v3-subset.xsd",
)


class _LocalSchemas(etree.Resolver):
    """Answer a schema import with the file of the same name in schemas/, or refuse it."""

    def resolve(self, system_url, public_id, context):
        name = (system_url or "").rsplit("/", 1)[-1]
        path = SCHEMA_DIR / name
        if name and path.is_file():
            return self.resolve_filename(str(path), context)
        return None


def _load(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name), parser))


@cache
def mets_schema() -> etree.XMLSchema:
    """METS 1.12 with the E-ARK CSIP and SIP extension attributes."""
    return _load("package-mets.xsd")


@cache
def premis_schema() -> etree.XMLSchema:
    """PREMIS 3.0, the part of it Verksam writes."""
    return _load("premis-v3-subset.xsd")


def schema_errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    """The schema's complaints about the XML document `data`; empty when it is valid."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    try:
        document = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return [str(error)]
    if schema.validate(document):
        return []
    return [f"line {entry.line}: {entry.message}" for entry in schema.error_log]
