"""Import files kept for the tests, and the set-up they expect (see README.md here)."""

from dataclasses import dataclass
from pathlib import Path

from verksam.indicators.models import Indicator
from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.testing import Personas, make_organisation

FILES = Path(__file__).resolve().parent


@dataclass
class ImportWorld:
    """The personas plus the branch and the indicators that the files name."""

    personas: Personas
    branch: Organisation
    visits: Indicator
    loans: Indicator
    satisfied: Indicator

    @property
    def organisation(self) -> Organisation:
        """The organisation every test import is made for."""
        return self.personas.home


def build_import_world(personas: Personas) -> ImportWorld:
    """Add what README.md describes to the standard personas."""
    branch = make_organisation(
        "Lindsdals bibliotek",
        OrganisationKind.BRANCH,
        parent=personas.home,
        library_statistics_id="21234",
    )
    return ImportWorld(
        personas=personas,
        branch=branch,
        visits=Indicator.objects.create(key="Besok01", name="Fysiska besök", unit="besök"),
        loans=Indicator.objects.create(key="Utlan01", name="Utlån", unit="lån"),
        satisfied=Indicator.objects.create(
            key="Nojd01", name="Andel nöjda besökare", unit="%", decimals=1
        ),
    )


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def file_format(name: str) -> str:
    """The format the upload page would give the file (by its content)."""
    return "xlsx" if read(name).startswith(b"PK\x03\x04") else "csv"
