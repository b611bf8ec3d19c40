"""Forms of the indicator pages. They parse and label input; the services decide what is valid."""

import calendar
import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verksam.core.forms import LineField
from verksam.core.text import text_limit
from verksam.indicators.choices import Direction, IndicatorSource
from verksam.indicators.models import Indicator, ItemIndicator, Measurement
from verksam.organisations.models import Organisation

# Separators of digit groups people type: spaces of every kind (a Swedish
# number copied from a document has non-breaking or thin spaces) and apostrophes.
_GROUP_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_COMMA_GROUPS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DOT_GROUPS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")


def parse_local_decimal(text: str) -> Decimal | None:
    """A number written the Swedish way ("1 234,5") or the English way ("1,234.5"), or None.

    One comma or one dot is the decimal separator; when both appear, or one of
    them several times in groups of three digits, the other one groups digits.
    """
    text = _GROUP_SPACES.sub("", text.strip()).replace("\u2212", "-")
    if _PLAIN.match(text):
        normalised = text.replace(",", ".")
    elif _COMMA_GROUPS.match(text):
        normalised = text.replace(",", "")
    elif _DOT_GROUPS.match(text):
        normalised = text.replace(".", "").replace(",", ".")
    else:
        return None
    try:
        return Decimal(normalised)
    except InvalidOperation:
        return None


class LocalDecimalField(forms.DecimalField):
    """A decimal number that accepts a decimal comma and grouped digits ("1 234,5") as well as
    a dot ("1234.5"). Errors name the field, so they are clear wherever they are shown."""

    def __init__(self, *, max_digits: int = 18, decimal_places: int = 6, **kwargs):
        # A text input, not a number input: browsers refuse "1 234,5" in a number input.
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def _error(self, message: str, code: str, **params) -> forms.ValidationError:
        label = str(self.label or gettext("The value"))
        return forms.ValidationError(message % {"label": label, **params}, code=code)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        number = value if isinstance(value, Decimal) else parse_local_decimal(str(value))
        if number is None or not number.is_finite():
            raise self._error(
                gettext("%(label)s must be a number, e.g. 1 234,5 or 1234.5."), "invalid"
            )
        _sign, digits, exponent = number.as_tuple()
        decimals = max(0, -exponent)
        whole_digits = max(0, len(digits) + exponent)
        if self.decimal_places is not None and decimals > self.decimal_places:
            raise self._error(
                gettext("%(label)s can have at most %(max)d decimals."),
                "max_decimal_places",
                max=self.decimal_places,
            )
        if (
            self.max_digits is not None
            and self.decimal_places is not None
            and whole_digits > self.max_digits - self.decimal_places
        ):
            raise self._error(
                gettext("%(label)s is too large: at most %(max)d digits before the decimals."),
                "max_whole_digits",
                max=self.max_digits - self.decimal_places,
            )
        return number

    def prepare_value(self, value):
        # Show a stored value (6 decimal places) without trailing zeros, in the
        # active language's notation, so it parses back to the same number.
        if isinstance(value, Decimal):
            normal = value.normalize()
            if normal == normal.to_integral():
                normal = normal.quantize(Decimal(1))
            return number_format(normal, use_l10n=True)
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _organisation_label(organisation: Organisation) -> str:
    return f"{'— ' * max(organisation.depth, 0)}{organisation.name}"


def _indicator_label(indicator: Indicator) -> str:
    unit = f", {indicator.unit}" if indicator.unit else ""
    return f"{indicator.name} ({indicator.key}{unit})"


class IndicatorSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or key"), required=False, max_length=100)


class IndicatorForm(forms.Form):
    """An indicator's definition, for creating and for changing it."""

    name = LineField(
        label=_("Name"),
        max_length=text_limit(Indicator, "name"),
        error_messages={"blank": _("Give the indicator a name.")},
    )
    key = forms.CharField(
        label=_("Key"),
        max_length=text_limit(Indicator, "key"),
        help_text=_(
            "Short identifier used in import files, e.g. Besok01. Letters, digits, dots, "
            "dashes and underscores."
        ),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=text_limit(Indicator, "unit"),
        required=False,
        help_text=_("E.g. visits, %."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[(value, capfirst(label)) for value, label in Direction.choices],
        initial=Direction.HIGHER_IS_BETTER,
        widget=forms.RadioSelect,
    )
    decimals = forms.IntegerField(
        label=_("Decimals"),
        min_value=0,
        max_value=6,
        initial=0,
        help_text=_("How many decimals values are shown with, from 0 to 6."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=text_limit(Indicator, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is counted, and how."),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[(value, capfirst(label)) for value, label in IndicatorSource.choices],
        initial=IndicatorSource.MANUAL,
    )
    organisation = forms.ModelChoiceField(
        label=_("Owned by"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, owners, may_share: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = owners
        field.label_from_instance = _organisation_label
        if may_share:
            field.empty_label = _("(shared by all organisations)")
            field.help_text = _("Leave empty for an indicator shared by all organisations.")
        else:
            field.required = True
            field.empty_label = None
            field.help_text = _("The organisation whose indicator this is.")

    def clean_key(self):
        return self.cleaned_data["key"].strip()


class ItemIndicatorForm(forms.Form):
    """Follow an indicator on an item, with its baseline."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        empty_label=_("(choose an indicator)"),
        error_messages={"invalid_choice": _("Choose one of the indicators in the list.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Measured for"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The organisation whose measurements count."),
    )
    baseline = LocalDecimalField(label=_("Baseline"), required=False)
    baseline_label = forms.CharField(
        label=_("Baseline period"),
        max_length=text_limit(ItemIndicator, "baseline_label"),
        required=False,
        help_text=_("E.g. 2019."),
    )

    def __init__(self, *args, indicators, organisations, plan_organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = _indicator_label
        field = self.fields["organisation"]
        field.queryset = organisations
        field.label_from_instance = _organisation_label
        field.empty_label = _("(the plan's organisation: %(name)s)") % {
            "name": plan_organisation.name
        }


def _check_period(form: forms.Form, data: dict) -> None:
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        form.add_error("period_end", _("The period cannot end before it starts."))


class TargetForm(forms.Form):
    """The target of an item's indicator for a period; one form per item indicator."""

    period_start = forms.DateField(label=_("Period starts"), widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), widget=DateInput())
    value = LocalDecimalField(label=_("Target"))

    def clean(self):
        data = super().clean()
        _check_period(self, data)
        return data


def _period_choices() -> list[tuple[str, object]]:
    return [
        ("", _("(the dates below)")),
        ("year", _("Whole year")),
        ("t1", _("T1 (January–April)")),
        ("t2", _("T2 (May–August)")),
        ("t3", _("T3 (September–December)")),
        *[(f"m{number}", capfirst(name)) for number, name in MONTHS.items()],
    ]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_dates(period: str, year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a year, a tertial (t1–t3) or a month (m1–m12) of `year`."""
    if period == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period in ("t1", "t2", "t3"):
        first_month = {"t1": 1, "t2": 5, "t3": 9}[period]
        return datetime.date(year, first_month, 1), _month_end(year, first_month + 3)
    month = int(period[1:])
    return datetime.date(year, month, 1), _month_end(year, month)


class MeasurementForm(forms.Form):
    """A value entered by hand: indicator, period (dates, or a year and part of it), value."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        empty_label=_("(choose an indicator)"),
        error_messages={"invalid_choice": _("Choose one of the indicators in the list.")},
    )
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=_period_choices,
        help_text=_("Choose a year, tertial or month, or give the dates below."),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    period_start = forms.DateField(label=_("Period starts"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), required=False, widget=DateInput())
    value = LocalDecimalField(
        label=_("Value"),
        help_text=_("Decimals with a comma or a dot, e.g. 1 234,5."),
    )
    note = LineField(label=_("Note"), max_length=text_limit(Measurement, "note"), required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = _indicator_label

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period:
            year = data.get("year")
            if year is None:
                if "year" not in self.errors:
                    self.add_error("year", _("Give the year of the chosen period."))
                return data
            data["period_start"], data["period_end"] = period_dates(period, year)
            return data
        if data.get("period_start") is None and "period_start" not in self.errors:
            self.add_error(
                "period_start",
                _("Give the date the period starts, or choose a period and a year above."),
            )
        if data.get("period_end") is None and "period_end" not in self.errors:
            self.add_error(
                "period_end",
                _("Give the date the period ends, or choose a period and a year above."),
            )
        _check_period(self, data)
        return data


class MeasurementFilterForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("(all indicators)"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = _indicator_label

    def filters(self) -> dict:
        """The filters that parsed; a bad one is left out (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"indicator": data.get("indicator"), "year": data.get("year")}
