"""Indicators, their baselines and targets on plan items, and measured values."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verksam.core.models import TimeStampedModel, VersionedModel
from verksam.core.text import clean_line
from verksam.indicators.choices import Direction, ImportState, IndicatorSource, MeasurementSource
from verksam.organisations.models import Organisation
from verksam.plans.models import Item


def _check_period(start, end, field: str = "period_end") -> None:
    if start and end and end < start:
        raise ValidationError({field: _("The period cannot end before it starts.")})


class Indicator(TimeStampedModel):
    """A measurable quantity: visits, loans, events, participants in training days …

    `key` identifies the indicator in import files and the API; for indicators of
    the national library statistics it is the statistics' own variable key
    (e.g. Besok01 for physical visits).
    """

    key = models.CharField(
        _("key"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_.-]+$",
                _("Use letters, digits, dots, dashes and underscores only, e.g. Besok01."),
            )
        ],
        help_text=_("Short identifier used in import files, e.g. Besok01."),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("E.g. visits, %."))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Leave empty for an indicator shared by all organisations."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if not clean_line(self.name or ""):
            errors["name"] = [_("Give the indicator a name.")]
        self.name = clean_line(self.name or "")
        if self.decimals > 6:
            errors["decimals"] = [_("At most six decimals.")]
        if errors:
            raise ValidationError(errors)


class ItemIndicator(models.Model):
    """An indicator followed on a plan item, with its baseline and whose values count."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="item_indicators"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="uses"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("measured for"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation whose measurements count, usually the plan's own."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    baseline_label = models.CharField(
        _("baseline period"), max_length=40, blank=True, help_text=_("E.g. 2019.")
    )

    class Meta:
        verbose_name = _("indicator of an item")
        verbose_name_plural = _("indicators of items")
        constraints = [
            models.UniqueConstraint(fields=["item", "indicator"], name="item_indicator_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.indicator}"

    def history_scope(self) -> tuple[int, int]:
        """The plan and item whose history shows a change of this object (change_record)."""
        return self.item.plan_id, self.item_id


class Target(models.Model):
    """The target value (målvärde) of an item's indicator for one period."""

    item_indicator = models.ForeignKey(
        ItemIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=6)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["item_indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_indicator", "period_start", "period_end"], name="target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_indicator}: {self.value} ({self.period_start}–{self.period_end})"

    def history_scope(self) -> tuple[int, int]:
        return self.item_indicator.history_scope()

    def clean(self) -> None:
        super().clean()
        _check_period(self.period_start, self.period_end)


class MeasurementImport(TimeStampedModel):
    """An uploaded CSV or XLSX file of measurements, from preview to import.

    The file is kept in the database so the preview, the column mapping and the
    background import all read the same bytes; `processed_rows` of
    `total_rows` drives the progress bar.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="measurement_imports",
        help_text=_("Rows may name this organisation or its units."),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4)
    content = models.BinaryField(_("content"))
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    errors = models.JSONField(_("errors"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows done"), default=0)

    class Meta:
        verbose_name = _("measurement import")
        verbose_name_plural = _("measurement imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent_done(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class Measurement(VersionedModel):
    """One value of an indicator for one organisation and one period.

    `version` grows with every change, so the API refuses a stale write.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=6)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=MeasurementSource.choices,
        default=MeasurementSource.MANUAL,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    measurement_import = models.ForeignKey(
        MeasurementImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measurements",
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "organisation", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_start", "period_end"],
                name="measurement_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["organisation", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.organisation} {self.period_start}–{self.period_end}"

    def clean(self) -> None:
        super().clean()
        _check_period(self.period_start, self.period_end)

    @property
    def rounded_value(self) -> Decimal:
        return round(self.value, self.indicator.decimals)
