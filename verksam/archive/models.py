"""The record of each e-archive package made: which plan, when, by whom, and its checksum.

The package itself is handed to the administrator who made it and is not kept: what
is kept is enough for a registrar to tell one delivery from another and to check that
the file that reached the e-archive is the one Verksam made.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.plans.models import Plan


class PackageRecord(models.Model):
    """One package of a plan made for delivery to an e-archive."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="archive_packages"
    )
    package_id = models.CharField(_("package id"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-archive package")
        verbose_name_plural = _("e-archive packages")
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
