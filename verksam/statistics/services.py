"""Writes of statistics: storing values, importing survey workbooks, peer groups, and
choosing a catalogue term for a plan item.

Every path that stores values (the workbook import, both connectors, the demo)
goes through `values_store`, which replaces a term's value for an area and year
rather than adding a second one, so running an import or a fetch again changes
nothing, and which writes all of its rows or none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, snapshot
from verksam.indicators import services as indicator_services
from verksam.indicators.models import Indicator, ItemIndicator
from verksam.organisations.areas import AreaCodeError, get_area, normalise_code
from verksam.organisations.models import Organisation
from verksam.plans.models import Item
from verksam.statistics.catalogue import Entry
from verksam.statistics.choices import PeerGroupKind, Scale, ValueSource
from verksam.statistics.models import IndicatorTerm, PeerGroup, StatisticValue
from verksam.statistics.workbook import read_workbook

CC0 = "CC0 1.0 (Kungliga biblioteket, Sveriges biblioteksstatistik)"
KOLADA_TERMS = "Kolada (RKA): fri användning, källa anges som ”Källa: Kolada”"


@dataclass(frozen=True)
class NewValue:
    term: str
    area_code: str
    year: int
    value: Decimal
    library_name: str = ""


@dataclass
class StoreReport:
    """What a store did: values new, changed, and the same as before."""

    created: int = 0
    replaced: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.created + self.replaced


@transaction.atomic
def values_store(
    *,
    values: Iterable[NewValue],
    source: str,
    origin: str,
    licence: str,
    retrieved_at: datetime.datetime | None = None,
) -> StoreReport:
    """Store values, replacing those of the same term, area and year; all or nothing.

    Reads the values already stored in one query and writes with two bulk
    statements, so a workbook of every municipality does not take a query per cell.
    """
    values = list(values)
    report = StoreReport()
    if not values:
        return report
    retrieved_at = retrieved_at or timezone.now()
    ValueSource(source)
    keys = {(value.term, value.area_code, value.year) for value in values}
    if len(keys) != len(values):
        raise ValidationError(_("The same term, area and year is given twice."))
    terms = {value.term for value in values}
    codes = {value.area_code for value in values}
    years = {value.year for value in values}
    existing = {
        (row.term, row.area_code, row.year): row
        for row in StatisticValue.objects.select_for_update().filter(
            term__in=terms, area_code__in=codes, year__in=years
        )
    }
    to_create, to_update = [], []
    for value in values:
        if get_area(value.area_code) is None:
            raise ValidationError(
                _("%(code)s is not an area code of the official list.") % {"code": value.area_code}
            )
        row = existing.get((value.term, value.area_code, value.year))
        if row is None:
            row = StatisticValue(term=value.term, area_code=value.area_code, year=value.year)
            to_create.append(row)
        elif row.value == value.value and row.source == source:
            report.unchanged += 1
            continue
        else:
            to_update.append(row)
        row.value = value.value
        row.source = source
        row.origin = origin[:500]
        row.licence = licence
        row.library_name = value.library_name[:200]
        row.retrieved_at = retrieved_at
        row.full_clean(validate_unique=False)
    StatisticValue.objects.bulk_create(to_create, batch_size=500)
    StatisticValue.objects.bulk_update(
        to_update,
        ["value", "source", "origin", "licence", "library_name", "retrieved_at"],
        batch_size=500,
    )
    report.created = len(to_create)
    report.replaced = len(to_update)
    return report


@dataclass
class WorkbookImportReport:
    """The result of a workbook import, as the command and the log print it."""

    file_name: str
    faults: list[str] = field(default_factory=list)
    values: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    empty_cells: int = 0
    skipped_columns: list[str] = field(default_factory=list)
    areas: int = 0
    years: list[int] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.faults


def workbook_import(
    *, content: bytes, file_name: str, year: int | None = None, dry_run: bool = False
) -> WorkbookImportReport:
    """Import every numeric term for every area and year of a KB survey workbook.

    A workbook with any fault writes nothing: the report lists every fault by
    row and column. With `dry_run` the workbook is read and checked and the
    counts of what would change are reported, but nothing is written.
    """
    report = WorkbookImportReport(file_name=file_name, dry_run=dry_run)
    read = read_workbook(content, year=year)
    report.faults = [str(fault) for fault in read.faults]
    report.skipped_columns = read.skipped_columns
    report.empty_cells = read.empty_cells
    if read.faults:
        return report
    values = [NewValue(v.term, v.area_code, v.year, v.value, v.library_name) for v in read.values]
    report.values = len(values)
    report.areas = len({v.area_code for v in values})
    report.years = sorted({v.year for v in values})
    with transaction.atomic():
        stored = values_store(
            values=values, source=ValueSource.SURVEY_WORKBOOK, origin=file_name, licence=CC0
        )
        if dry_run:
            transaction.set_rollback(True)
    report.created, report.replaced, report.unchanged = (
        stored.created,
        stored.replaced,
        stored.unchanged,
    )
    return report


# Choosing a term for an item ------------------------------------------------------------


@transaction.atomic
def term_choose_for_item(
    *, user, item: Item, entry: Entry, scale: str = Scale.TOTAL
) -> ItemIndicator:
    """Follow a catalogue term on a draft plan's item, making its indicator when needed.

    The indicator is shared by all organisations, keyed by the term (``Utlan399``,
    ``Utlan399.inv`` per inhabitant), with the catalogue's name, unit, direction,
    decimals, definition and source, so nobody types a definition.
    """
    if scale not in entry.scales():
        raise ValidationError(
            {"scale": _("%(name)s cannot be shown that way.") % {"name": entry.name}}
        )
    key = entry.indicator_key(scale)
    indicator = Indicator.objects.filter(key__iexact=key).first()
    if indicator is None:
        indicator = indicator_services.indicator_create(
            user=user,
            key=key,
            name=entry.indicator_name(scale)[:200],
            unit=entry.indicator_unit(scale)[:40],
            direction=entry.direction,
            decimals=entry.indicator_decimals(scale),
            description=entry.description,
            source=entry.source,
        )
    IndicatorTerm.objects.update_or_create(
        indicator=indicator, defaults={"source": entry.source, "term": entry.key, "scale": scale}
    )
    return indicator_services.item_indicator_add(user=user, item=item, indicator=indicator)


# Peer groups ----------------------------------------------------------------------------


def _clean_members(members: Iterable[object]) -> list[str]:
    codes: list[str] = []
    for member in members:
        try:
            code = normalise_code(member)
        except AreaCodeError as error:
            raise ValidationError({"members": str(error)}) from error
        if not get_area(code).is_municipality:
            raise ValidationError(
                {"members": _("%(code)s is not a municipality.") % {"code": code}}
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationError({"members": _("Choose at least one municipality.")})
    return sorted(codes)


@transaction.atomic
def peer_group_create(
    *,
    user,
    name: str,
    members: Iterable[object],
    organisation: Organisation | None = None,
    kind: str = PeerGroupKind.OWN,
    code: str = "",
    description: str = "",
) -> PeerGroup:
    """Make a group of municipalities to compare with; an own group belongs to an organisation."""
    group = PeerGroup(
        name=(name or "").strip(),
        kind=kind,
        code=code,
        organisation=organisation,
        members=_clean_members(members),
        description=description,
    )
    if kind == PeerGroupKind.OWN and organisation is None:
        raise ValidationError({"organisation": _("An own group belongs to an organisation.")})
    group.full_clean()
    group.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=group)
    return group


@transaction.atomic
def peer_group_update(
    *, user, group: PeerGroup, name: str | None = None, members: Iterable[object] | None = None
) -> PeerGroup:
    """Rename a group or change its municipalities."""
    before = snapshot(PeerGroup.objects.get(pk=group.pk))
    if name is not None:
        group.name = name.strip()
    if members is not None:
        group.members = _clean_members(members)
    group.full_clean()
    group.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=group, data=before)
    return group
