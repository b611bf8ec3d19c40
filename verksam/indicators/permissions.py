"""Who may read and change indicators, their use on items, and measurements: decided here.

- Indicator definitions: everyone reads the shared ones (no owning
  organisation). Members also read those owned by the organisations where they
  hold a role, by the units below them, and by the organisations above them
  (a work group uses the library's indicators). Superusers define shared
  indicators; editors of the owning organisation define and change owned ones.
- Indicators and targets on an item are plan content: editors of the plan's
  organisation change them (verksam.plans.permissions decides), and only while
  the plan is a draft (the services refuse changes to adopted plans).
- Measurements are follow-up data of one organisation: reporters (or higher)
  of it enter and delete them, readers (or higher) of it read and export them,
  editors (or higher) import files of them. The values a publicly visible
  plan follows its items with are published with the plan: anyone reads those.

Whatever a person may not see or change answers 404, so its existence is not revealed.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from verksam.indicators.models import Indicator, ItemIndicator, Measurement, MeasurementImport
from verksam.organisations.choices import Role
from verksam.organisations.models import Organisation
from verksam.organisations.permissions import (
    has_role,
    is_member_at_or_below,
    paths_with_role,
    shared_or_within_reach,
)
from verksam.plans.models import Plan


def visible_indicators(user) -> QuerySet[Indicator]:
    """Every indicator definition the user may read."""
    return Indicator.objects.filter(shared_or_within_reach(user))


def can_read_indicator(user, indicator: Indicator) -> bool:
    """Shared indicators for everyone; owned ones for members of the owner, of the
    organisations above it and of its units."""
    if indicator.organisation_id is None:
        return True
    return has_role(user, indicator.organisation, Role.READER) or is_member_at_or_below(
        user, indicator.organisation
    )


def can_edit_indicator(user, indicator: Indicator) -> bool:
    """May change the definition: superusers shared ones, the owner's editors owned ones."""
    if not user.is_authenticated:
        return False
    if indicator.organisation_id is None:
        return user.is_superuser
    return has_role(user, indicator.organisation, Role.EDITOR)


def owner_choices(user) -> QuerySet[Organisation]:
    """Organisations the user may make the owner of an indicator: where they are editor or more."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("path")
    paths = paths_with_role(user, Role.EDITOR)
    if not paths:
        return Organisation.objects.none()
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    return Organisation.objects.filter(under).order_by("path")


def can_create_indicator(user) -> bool:
    """Superusers (shared indicators), and editors of some organisation (owned ones)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(paths_with_role(user, Role.EDITOR))


def can_own_indicator(user, organisation: Organisation | None) -> bool:
    """May define indicators owned by `organisation` (None: shared by all organisations)."""
    if not user.is_authenticated:
        return False
    if organisation is None:
        return user.is_superuser
    return has_role(user, organisation, Role.EDITOR)


def indicator_for_user(user, pk: int, *, write: bool = False) -> Indicator:
    """The indicator with this id if the user may read (or change) it, otherwise 404."""
    try:
        indicator = Indicator.objects.select_related("organisation").get(pk=pk)
    except Indicator.DoesNotExist:
        raise Http404 from None
    allowed = can_read_indicator(user, indicator)
    if write:
        allowed = allowed and can_edit_indicator(user, indicator)
    if not allowed:
        raise Http404
    return indicator


def can_read_measurements(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.READER)


def can_enter_measurements(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.REPORTER)


def can_import_measurements(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.EDITOR)


def measurement_organisation_for_user(user, pk: int, *, write: bool = False) -> Organisation:
    """The organisation whose measurements the user may read (or enter), otherwise 404."""
    return organisation_for_user(user, pk, at_least=Role.REPORTER if write else Role.READER)


def measurement_for_user(user, pk: int, *, write: bool = False) -> Measurement:
    """The measurement with this id if the user may read (or change) it, otherwise 404."""
    try:
        measurement = Measurement.objects.select_related("indicator", "organisation").get(pk=pk)
    except Measurement.DoesNotExist:
        raise Http404 from None
    check = can_enter_measurements if write else can_read_measurements
    if not check(user, measurement.organisation):
        raise Http404
    return measurement


def organisation_for_user(user, pk: int, *, at_least: Role) -> Organisation:
    """The organisation if the user holds at least the role there, otherwise 404
    (editors import measurements for it, readers export them)."""
    try:
        organisation = Organisation.objects.get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not has_role(user, organisation, at_least):
        raise Http404
    return organisation


def import_for_user(user, pk: int, *, with_content: bool = True) -> MeasurementImport:
    """The import if the user is an editor of its organisation, otherwise 404."""
    imports = MeasurementImport.objects.select_related("organisation")
    if not with_content:
        imports = imports.defer("content")
    try:
        measurement_import = imports.get(pk=pk)
    except MeasurementImport.DoesNotExist:
        raise Http404 from None
    if not can_import_measurements(user, measurement_import.organisation):
        raise Http404
    return measurement_import


def visible_measurements(user) -> QuerySet[Measurement]:
    """Every measured value the user may read, as one query.

    Those of the organisations where the user is a reader or more (the role
    reaching down the tree, as `can_read_measurements` decides for one), and,
    for everyone, the published ones: the values of an indicator for the
    organisation an item of a publicly visible plan follows it for. A published
    plan's follow-up is open data; the rest of an organisation's figures are not.
    """
    measurements = Measurement.objects.select_related("indicator", "organisation")
    if user.is_authenticated and user.is_superuser:
        return measurements
    published = ItemIndicator.objects.filter(
        indicator_id=OuterRef("indicator_id"),
        organisation_id=OuterRef("organisation_id"),
        item__plan__in=Plan.objects.publicly_visible().values("pk"),
    )
    readable = Exists(published)
    for path in paths_with_role(user, Role.READER):
        readable |= Q(organisation__path__startswith=path)
    return measurements.filter(readable)


def organisation_page_measurements(user, organisation: Organisation) -> dict:
    """What the user may do with the organisation's measurements, for the organisation's page.

    Registered with verksam.organisations.page_parts by IndicatorsConfig.ready().
    """
    return {
        "can_read_measurements": can_read_measurements(user, organisation),
        "can_import_measurements": can_import_measurements(user, organisation),
    }
