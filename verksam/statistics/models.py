"""Stored statistics of Sweden's areas, peer groups, and which term an indicator follows."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.core.models import TimeStampedModel
from verksam.indicators.models import Indicator
from verksam.organisations.models import Organisation
from verksam.statistics.choices import PeerGroupKind, Scale, ValueSource

area_code_validator = RegexValidator(
    r"^(\d{2}|\d{4})$", _("An area code has two (county) or four (municipality) digits.")
)


class StatisticValueQuerySet(models.QuerySet):
    def for_terms(self, terms):
        return self.filter(term__in=list(terms))


class StatisticValue(models.Model):
    """One published figure: a term's value for one area and year, with where it came from.

    The same term, area and year is stored once: fetching or importing again
    replaces the value and its provenance, so repeating a fetch changes nothing.
    `term` is KB's term key (Besok01) or Kolada's KPI id (N09801).
    """

    term = models.CharField(_("term"), max_length=40)
    area_code = models.CharField(_("area code"), max_length=4, validators=[area_code_validator])
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.CharField(_("source"), max_length=10, choices=ValueSource.choices)
    retrieved_at = models.DateTimeField(_("retrieved"))
    origin = models.CharField(
        _("retrieved from"),
        max_length=500,
        blank=True,
        help_text=_("The address or file the value was read from."),
    )
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    library_name = models.CharField(_("library"), max_length=200, blank=True)

    objects = StatisticValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistic value")
        verbose_name_plural = _("statistic values")
        ordering = ["term", "area_code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "area_code", "year"], name="statistic_value_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.area_code} {self.year}: {self.value}"

    @property
    def credit(self) -> str:
        """The credit line the source asks for; Kolada's raw values say "Källa: Kolada"."""
        if self.source == ValueSource.KOLADA:
            return "Källa: Kolada"
        if self.source in (ValueSource.LIBRARY_STATISTICS, ValueSource.SURVEY_WORKBOOK):
            return "Källa: Sveriges biblioteksstatistik, Kungliga biblioteket"
        return str(_("Demo value, not a published figure"))


class PeerGroupQuerySet(models.QuerySet):
    def seeded_by_migrations(self) -> "PeerGroupQuerySet":
        """SKR's groups, which `migrate` loads from the shipped file (a restore replaces them)."""
        return self.filter(kind=PeerGroupKind.SKR, organisation__isnull=True)


class PeerGroup(TimeStampedModel):
    """A group of municipalities to compare with: one of SKR's groups, or one a user made.

    SKR's groups are reference data shipped with Verksam (no organisation);
    an own group belongs to the organisation that made it.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PeerGroupKind.choices)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("E.g. B3."))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="peer_groups",
    )
    members = models.JSONField(
        _("municipalities"), default=list, help_text=_("Municipality codes, e.g. 0880.")
    )
    description = models.TextField(_("description"), blank=True)

    objects = PeerGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["kind", "code", "name"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class IndicatorTerm(models.Model):
    """The statistics term an indicator shows, and whether per inhabitant.

    Made when someone picks a term from the catalogue for an item, so the
    comparison view knows which stored values belong to the indicator.
    """

    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="statistics_term",
    )
    source = models.CharField(_("source"), max_length=10)
    term = models.CharField(_("term"), max_length=40)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.TOTAL)

    class Meta:
        verbose_name = _("statistics term of an indicator")
        verbose_name_plural = _("statistics terms of indicators")

    def __str__(self) -> str:
        return f"{self.indicator.key}: {self.term} ({self.scale})"
