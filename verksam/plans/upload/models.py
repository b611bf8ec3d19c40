"""What is kept of an uploaded plan document: while it is reviewed, and with its plan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanReading(models.Model):
    """A plan document read for a new plan, kept while its uploader reviews it.

    `data` holds the structure found (title, kind, period, levels, the item tree as
    a flat list in document order with each item's depth and confidence, the text
    sections) and the document's text blocks, as made by
    `verksam.plans.upload.review.review_data`; the review changes it in place. Only
    the uploader sees it. It is deleted when the plan is created, and readings left
    unfinished are deleted after `KEPT_FOR` (see `services.plan_reading_create`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    data = models.JSONField(_("structure found"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan document being read")
        verbose_name_plural = _("plan documents being read")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class PlanSourceFile(models.Model):
    """The document a plan was read from, kept with the plan for its readers."""

    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="source_file",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("original document")
        verbose_name_plural = _("original documents")

    def __str__(self) -> str:
        return self.file_name
