"""Sweden's areas: the country, its 21 counties (regions) and 290 municipalities.

The official list with Statistics Sweden's codes ships in ``data/areas.json``,
with the date it holds from and how to update it, so statistics can be attached
to any area whether or not it has users in Verksam. It is read once per
process; it changes only when the country's municipal map does.

Codes are always text: ``00`` for the country, two digits for a county, four
for a municipality. Spreadsheets often turn them into numbers and drop the
leading zero (``180`` for Stockholm, ``8`` for Kalmar County): `normalise_code`
pads them back. Organisations link to their area through the codes they already
hold (`Organisation.municipality_code`, or `county_code` for a region); see
`area_for_organisation`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from verksam.organisations.models import Organisation

AREAS_FILE = Path(__file__).resolve().parent / "data" / "areas.json"
COUNTRY_CODE = "00"


class AreaKind:
    COUNTRY = "country"
    COUNTY = "county"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Area:
    """One area of the official list: its code, Swedish name, kind and county."""

    code: str
    name: str
    kind: str
    county_code: str

    @property
    def is_municipality(self) -> bool:
        return self.kind == AreaKind.MUNICIPALITY


@dataclass(frozen=True)
class AreaList:
    valid_from: str
    source: str
    how_to_update: str
    areas: dict[str, Area]


class AreaCodeError(ValueError):
    """A value that cannot be read as an area code of the official list."""


@cache
def area_list() -> AreaList:
    """The shipped list, read once per process."""
    data = json.loads(AREAS_FILE.read_text(encoding="utf-8"))
    areas = {}
    for entry in data["areas"]:
        code = entry["code"]
        county = entry.get("county", code if entry["kind"] == AreaKind.COUNTY else "")
        areas[code] = Area(code=code, name=entry["name"], kind=entry["kind"], county_code=county)
    return AreaList(
        valid_from=data["valid_from"],
        source=data["source"],
        how_to_update=data["how_to_update"],
        areas=areas,
    )


def all_areas() -> list[Area]:
    return list(area_list().areas.values())


def get_area(code: str) -> Area | None:
    return area_list().areas.get(code)


def area_name(code: str) -> str:
    area = get_area(code)
    return area.name if area else code


def normalise_code(value: object) -> str:
    """The area code a cell or argument means, as text, padded back; raises AreaCodeError.

    Accepts ``"0180"``, ``180``, ``180.0``, ``"08"``, ``8``, ``"0800"`` and ``800``
    (a county written the way the survey exports write it), ``0`` and ``"0000"``
    (the country). The result is checked against the official list.
    """
    if value is None or isinstance(value, bool):
        raise AreaCodeError(_("No area code."))
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation as error:
            raise AreaCodeError(_("“%(value)s” is not an area code.") % {"value": value}) from error
        if number != number.to_integral_value() or number < 0:
            raise AreaCodeError(_("“%(value)s” is not an area code.") % {"value": value})
        text = str(int(number))
    else:
        text = str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
    if not text.isdigit() or len(text) > 4:
        raise AreaCodeError(_("“%(value)s” is not an area code.") % {"value": value})
    code = text.zfill(2) if len(text) <= 2 else text.zfill(4)
    if len(code) == 4 and code.endswith("00"):
        code = code[:2]
    if get_area(code) is None:
        raise AreaCodeError(
            _("%(code)s is not a municipality or county code of Statistics Sweden.")
            % {"code": code}
        )
    return code


def area_for_organisation(organisation) -> Area | None:
    """The area an organisation's statistics belong to: its municipality, else its county.

    A library or branch without codes of its own belongs to the area of the
    nearest organisation above it that has one (one query for the ancestors).
    """

    def own(candidate) -> Area | None:
        for code in (candidate.municipality_code, candidate.county_code):
            if code and get_area(code) is not None:
                return get_area(code)
        return None

    found = own(organisation)
    if found is not None or not organisation.parent_id:
        return found
    ancestor_ids = [pk for pk in organisation.ancestor_ids if pk != organisation.pk]
    ancestors = {
        ancestor.pk: ancestor
        for ancestor in Organisation.objects.filter(pk__in=ancestor_ids).only(
            "municipality_code", "county_code"
        )
    }
    for pk in reversed(ancestor_ids):
        if pk in ancestors and (found := own(ancestors[pk])) is not None:
            return found
    return None


def comparison_areas(area: Area) -> list[Area]:
    """The area, its county (for a municipality) and the country, in that order."""
    areas = [area]
    if area.is_municipality and area.county_code:
        areas.append(get_area(area.county_code))
    if area.code != COUNTRY_CODE:
        areas.append(get_area(COUNTRY_CODE))
    return areas
