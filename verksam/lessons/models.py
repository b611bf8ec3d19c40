"""Lessons: what one follow-up taught, shared by its organisation for others to find.

A follow-up's results and analysis, what was done and the improvements stay inside
their plan until the plan's organisation shares them ("dela som lärdom"). Only an
approved follow-up can be shared, and a lesson is found only by those who may read
its plan (verksam.lessons.selectors).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.followup.models import Assessment
from verksam.lessons.choices import LessonMethod
from verksam.plans.models import Tag


class Lesson(models.Model):
    """An approved follow-up of one item in one round, shared as a lesson.

    `stems` holds the Swedish word stems of the shared texts, written when the lesson
    is shared; SQLite's full-text index is kept from it (PostgreSQL stems the texts
    itself with its Swedish configuration).
    """

    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("follow-up"),
        on_delete=models.CASCADE,
        related_name="lesson",
    )
    method = models.CharField(_("method"), max_length=12, choices=LessonMethod.choices, blank=True)
    priority_groups = models.ManyToManyField(
        Tag,
        verbose_name=_("priority groups"),
        blank=True,
        limit_choices_to=~models.Q(priority_group=""),
        related_name="lessons",
    )
    stems = models.TextField(_("word stems"), blank=True, editable=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("shared"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-shared_at", "-id"]

    def __str__(self) -> str:
        return str(self.assessment.item)
