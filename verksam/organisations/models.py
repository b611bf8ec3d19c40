"""Organisations in a tree, and people's roles in them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verksam.core.models import TimeStampedModel
from verksam.organisations.choices import GROUP_KINDS, OrganisationKind, Role

municipality_code_validator = RegexValidator(
    r"^\d{4}$", _("A municipality code has four digits, e.g. 0380 for Uppsala.")
)
county_code_validator = RegexValidator(
    r"^\d{2}$", _("A county code has two digits, e.g. 08 for Kalmar County.")
)


class OrganisationQuerySet(models.QuerySet):
    def descendants_of(self, organisation: "Organisation", *, include_self: bool = True):
        queryset = self.filter(path__startswith=organisation.path)
        return queryset if include_self else queryset.exclude(pk=organisation.pk)

    def groups(self):
        return self.filter(kind__in=GROUP_KINDS)


class Organisation(TimeStampedModel):
    """A region, municipality, university, library, branch, section, group or board.

    Organisations form a tree. `path` holds the ids from the root down to this
    organisation ("/4/17/23/"), so descendants are one prefix query and
    ancestors are read off the path without a query; it is kept right on every
    save, including moves, because the permission layer relies on it.
    """

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=0)
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[municipality_code_validator],
        help_text=_("Statistics Sweden's four-digit code, as used by Kolada."),
    )
    county_code = models.CharField(
        _("county code"),
        max_length=2,
        blank=True,
        validators=[county_code_validator],
        help_text=_("Statistics Sweden's two-digit county code."),
    )
    library_statistics_id = models.CharField(
        _("library statistics id"),
        max_length=40,
        blank=True,
        help_text=_("The library's id in Sweden's official library statistics (KB)."),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_organisations",
    )
    leader_title = models.CharField(
        _("leader's title"),
        max_length=60,
        blank=True,
        help_text=_("E.g. manager, or coordinator for a cross-group led by a coordinator."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation_detail", args=[self.pk])

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to, and including, this organisation."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    def clean(self) -> None:
        super().clean()
        if not (self.parent_id and self.pk):
            return
        if self.parent_id == self.pk or str(self.pk) in self.parent.path.strip("/").split("/"):
            raise ValidationError(
                {"parent": _("An organisation cannot be part of itself or of its own units.")}
            )

    def save(self, *args, **kwargs) -> None:
        # The path depends on the primary key, so a new row is saved twice; a
        # move rewrites the paths of the whole subtree in the same transaction.
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            parent_path = (
                Organisation.objects.values_list("path", flat=True).get(pk=self.parent_id)
                if self.parent_id
                else "/"
            )
            self.path = f"{parent_path}{self.pk}/"
            self.depth = self.path.count("/") - 2
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                for child in Organisation.objects.filter(path__startswith=old_path).exclude(
                    pk=self.pk
                ):
                    child.path = self.path + child.path[len(old_path) :]
                    child.depth = child.path.count("/") - 2
                    super(Organisation, child).save(update_fields=["path", "depth"])


class Membership(TimeStampedModel):
    """A person's role in an organisation; it reaches down to the organisation's units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_role_per_organisation"
            )
        ]
        ordering = ["organisation__path", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
