"""Writes of indicators, their use on plan items, targets and measurements.

Views, the admin, imports, commands and the API all call these. Indicators and
targets on an item are plan content: they change only while the plan is a
draft. Measurements are follow-up data and may be entered at any time.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from verksam.core.models import ChangeRecord
from verksam.core.services import (
    ConcurrentEdit,
    VersionRequired,
    change_record,
    check_version,
    full_row,
    snapshot,
)
from verksam.indicators.choices import Direction, IndicatorSource, MeasurementSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
from verksam.organisations.models import Organisation
from verksam.plans.models import Item, Plan
from verksam.plans.restore import write_rows
from verksam.plans.services import require_editable as _require_editable


def _check_unique_key(indicator: Indicator) -> None:
    """Keys identify indicators in import files, where case is easily mixed: compare without it."""
    taken = Indicator.objects.filter(key__iexact=indicator.key)
    if indicator.pk is not None:
        taken = taken.exclude(pk=indicator.pk)
    existing = taken.first()
    if existing is not None:
        raise ValidationError(
            {
                "key": ValidationError(
                    _("The key %(key)s is already used by the indicator “%(name)s”.")
                    % {"key": existing.key, "name": existing.name},
                    code="unique",
                )
            }
        )


def _clean_indicator(indicator: Indicator) -> None:
    indicator.key = (indicator.key or "").strip()
    indicator.name = (indicator.name or "").strip()
    indicator.unit = (indicator.unit or "").strip()
    errors: dict[str, list] = {}
    try:
        indicator.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = dict(error.error_dict)
    if "key" not in errors and indicator.key:
        try:
            _check_unique_key(indicator)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(
    *,
    user,
    key: str,
    name: str,
    unit: str = "",
    direction: str = Direction.HIGHER_IS_BETTER,
    decimals: int = 0,
    description: str = "",
    source: str = IndicatorSource.MANUAL,
    organisation: Organisation | None = None,
) -> Indicator:
    """Define an indicator, shared by all organisations or owned by one.

    The key must be unique, whatever its case: it is how import files and the
    API name the indicator.
    """
    indicator = Indicator(
        key=key,
        name=name,
        unit=unit,
        direction=direction,
        decimals=decimals,
        description=description,
        source=source,
        organisation=organisation,
    )
    _clean_indicator(indicator)
    indicator.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=indicator)
    return indicator


INDICATOR_FIELDS = {
    "key",
    "name",
    "unit",
    "direction",
    "decimals",
    "description",
    "source",
    "organisation",
}


@transaction.atomic
def indicator_update(*, user, indicator: Indicator, **fields) -> Indicator:
    """Change an indicator's definition: key, name, unit, direction, decimals, description …"""
    unknown = set(fields) - INDICATOR_FIELDS
    if unknown:
        raise TypeError(f"indicator_update got unexpected fields: {sorted(unknown)}")
    before = snapshot(Indicator.objects.get(pk=indicator.pk))
    for name, value in fields.items():
        setattr(indicator, name, value)
    _clean_indicator(indicator)
    indicator.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=indicator, data=before)
    return indicator


def _duplicate_use(item: Item, indicator: Indicator, *, exclude_pk: int | None = None) -> None:
    uses = ItemIndicator.objects.filter(item=item, indicator=indicator)
    if exclude_pk is not None:
        uses = uses.exclude(pk=exclude_pk)
    if uses.exists():
        raise ValidationError(
            {
                "indicator": ValidationError(
                    _("“%(item)s” already follows the indicator “%(indicator)s”.")
                    % {"item": item.title, "indicator": indicator.name},
                    code="unique",
                )
            }
        )


@transaction.atomic
def item_indicator_add(
    *,
    user,
    item: Item,
    indicator: Indicator,
    organisation: Organisation | None = None,
    baseline: Decimal | None = None,
    baseline_label: str = "",
) -> ItemIndicator:
    """Follow an indicator on a draft plan's item, with a baseline.

    The measurements that count are those of `organisation`, by default the
    organisation that owns the plan.
    """
    _require_editable(item.plan)
    _duplicate_use(item, indicator)
    item_indicator = ItemIndicator(
        item=item,
        indicator=indicator,
        organisation=organisation or item.plan.organisation,
        baseline=baseline,
        baseline_label=(baseline_label or "").strip(),
    )
    item_indicator.full_clean(validate_unique=False)
    item_indicator.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=item_indicator)
    return item_indicator


@transaction.atomic
def item_indicator_update(*, user, item_indicator: ItemIndicator, **fields) -> ItemIndicator:
    """Change which organisation's measurements count, or the baseline, of an item's indicator."""
    allowed = {"organisation", "baseline", "baseline_label"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"item_indicator_update got unexpected fields: {sorted(unknown)}")
    _require_editable(item_indicator.item.plan)
    before = snapshot(ItemIndicator.objects.get(pk=item_indicator.pk))
    if "organisation" in fields and fields["organisation"] is None:
        fields["organisation"] = item_indicator.item.plan.organisation
    if "baseline_label" in fields:
        fields["baseline_label"] = (fields["baseline_label"] or "").strip()
    for name, value in fields.items():
        setattr(item_indicator, name, value)
    item_indicator.full_clean(validate_unique=False)
    item_indicator.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=item_indicator, data=before)
    return item_indicator


@transaction.atomic
def item_indicator_remove(*, user, item_indicator: ItemIndicator) -> None:
    """Stop following an indicator on a draft plan's item; its targets go with it.

    The change log keeps the item indicator and its targets. Measurements are
    the organisation's and stay.
    """
    _require_editable(item_indicator.item.plan)
    data = snapshot(item_indicator)
    data["targets"] = [snapshot(target) for target in item_indicator.targets.all()]
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=item_indicator, data=data)
    item_indicator.delete()


@transaction.atomic
def target_set(
    *,
    user,
    item_indicator: ItemIndicator,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
) -> Target:
    """Set the target (målvärde) of an item's indicator for a period, replacing an earlier one."""
    _require_editable(item_indicator.item.plan)
    target = Target.objects.filter(
        item_indicator=item_indicator, period_start=period_start, period_end=period_end
    ).first()
    before = None
    if target is None:
        target = Target(
            item_indicator=item_indicator, period_start=period_start, period_end=period_end
        )
    else:
        before = snapshot(target)
    target.value = value
    target.full_clean(validate_unique=False)
    target.save()
    if before is None:
        change_record(user=user, action=ChangeRecord.Action.CREATE, obj=target)
    else:
        change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=target, data=before)
    return target


@transaction.atomic
def target_remove(*, user, target: Target) -> None:
    """Remove a target of a draft plan's item; the change log keeps it."""
    _require_editable(target.item_indicator.item.plan)
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=target)
    target.delete()


@transaction.atomic
def measurement_save(
    *,
    user,
    indicator: Indicator,
    organisation: Organisation,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
    note: str = "",
    expected_version: int | None = None,
    require_version: bool = False,
) -> Measurement:
    """Enter a value by hand, replacing the value of the same indicator, organisation and period.

    Measurements are follow-up data: they may be entered for any plan, adopted
    or not. A value entered by hand counts as entered by hand, also when it
    corrects an imported one. Replacing a value based on an older version than
    the saved one is refused; `require_version` refuses a replacement without one.
    """
    measurement = (
        Measurement.objects.select_for_update()
        .filter(
            indicator=indicator,
            organisation=organisation,
            period_start=period_start,
            period_end=period_end,
        )
        .first()
    )
    before = None
    if measurement is None:
        measurement = Measurement(
            indicator=indicator,
            organisation=organisation,
            period_start=period_start,
            period_end=period_end,
        )
    else:
        check_version(measurement, expected_version=expected_version, required=require_version)
        before = snapshot(measurement)
    measurement.value = value
    measurement.note = (note or "").strip()
    measurement.source = MeasurementSource.MANUAL
    measurement.measurement_import = None
    if user is not None and user.is_authenticated:
        measurement.created_by = user
    measurement.full_clean(validate_unique=False)
    if before is not None:
        measurement.version = F("version") + 1
        measurement.save()
    else:
        _insert_measurement(measurement, expected_version=expected_version)
    measurement.refresh_from_db()
    if before is None:
        change_record(user=user, action=ChangeRecord.Action.CREATE, obj=measurement)
    else:
        change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=measurement, data=before)
    return measurement


def _insert_measurement(measurement: Measurement, *, expected_version: int | None) -> None:
    """Insert a new value; when someone else entered one for the same period meanwhile
    (both found none to replace), refuse as a concurrent edit instead of failing on the
    database's unique constraint."""
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError:
        current = (
            Measurement.objects.filter(
                indicator=measurement.indicator,
                organisation=measurement.organisation,
                period_start=measurement.period_start,
                period_end=measurement.period_end,
            )
            .values_list("version", flat=True)
            .first()
        )
        if current is None:
            raise
        if expected_version is None:
            raise VersionRequired(
                _(
                    "Someone else entered a value for this period just now. "
                    "Send the version you read to replace it."
                ),
                current_version=current,
            ) from None
        raise ConcurrentEdit(
            _(
                "Someone else changed this while you were editing it. "
                "Reload the page to see their changes, then make yours again."
            ),
            expected_version=expected_version,
            current_version=current,
        ) from None


@transaction.atomic
def measurement_delete(*, user, measurement: Measurement) -> None:
    """Delete a measured value; the change log keeps what it was."""
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=measurement)
    measurement.delete()


# Kept with items: deleted and restored with them, copied to a revised plan ------------------


def item_indicators_kept(ids: list[int]) -> dict[str, list[dict]]:
    """The indicators and targets followed on the items `ids`, as a deletion keeps them."""
    return {
        "item_indicators": [
            full_row(row) for row in ItemIndicator.objects.filter(item_id__in=ids).order_by("id")
        ],
        "targets": [
            full_row(row)
            for row in Target.objects.filter(item_indicator__item_id__in=ids).order_by("id")
        ],
    }


def item_indicators_write_back(plan: Plan, content: dict, item_ids: dict[int, int]) -> None:
    """Write the kept indicators and targets of restored items back onto them."""
    indicator_ids = write_rows(ItemIndicator, content["item_indicators"], {"item_id": item_ids})
    write_rows(Target, content["targets"], {"item_indicator_id": indicator_ids})


def item_indicators_copy(plan: Plan, copies: dict[int, Item]) -> None:
    """Copy the indicators, baselines and targets of the plan's items onto their copies."""
    uses = list(ItemIndicator.objects.filter(item__plan=plan).prefetch_related("targets"))
    new_uses = ItemIndicator.objects.bulk_create(
        ItemIndicator(
            item=copies[use.item_id],
            indicator_id=use.indicator_id,
            organisation_id=use.organisation_id,
            baseline=use.baseline,
            baseline_label=use.baseline_label,
        )
        for use in uses
    )
    if new_uses and new_uses[0].pk is None:  # a database that does not return the new ids
        by_item = {
            (u.item_id, u.indicator_id): u
            for u in ItemIndicator.objects.filter(item__in=[c.pk for c in copies.values()])
        }
        new_uses = [by_item[(copies[u.item_id].pk, u.indicator_id)] for u in uses]
    Target.objects.bulk_create(
        Target(
            item_indicator=new_use,
            period_start=target.period_start,
            period_end=target.period_end,
            value=target.value,
        )
        for use, new_use in zip(uses, new_uses, strict=True)
        for target in use.targets.all()
    )
