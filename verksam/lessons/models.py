"""Lessons: what one follow-up taught, shared by its organisation for others to find.

A follow-up's results and analysis, what was done and the improvements stay inside
their plan until the plan's organisation shares them ("dela som lärdom"). Only an
approved follow-up can be shared, and a lesson is found only by those who may read
its plan (verksam.lessons.selectors).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verksam.core.models import VersionedModel
from verksam.followup.models import Assessment
from verksam.lessons.choices import LessonMethod, NoteKind
from verksam.organisations.models import Organisation
from verksam.plans.models import Item, Tag


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


class NoteQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(is_shared=True)


class Note(VersionedModel):
    """An environmental-scanning note (omvärldsbevakning) or a short evaluation with its
    sources, written by the staff of an organisation beside its plans.

    Only the organisation's members read it until it is shared; a shared note is found
    by everyone in the same search as the lessons (verksam.lessons.selectors). `stems`
    holds the Swedish word stems of its title, text and sources, as a lesson's do.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="lesson_notes",
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=NoteKind.choices, default=NoteKind.SCANNING
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    sources = models.TextField(
        _("sources"),
        blank=True,
        help_text=_("One source a line: a web address or a reference to a report or an article."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    method = models.CharField(_("method"), max_length=12, choices=LessonMethod.choices, blank=True)
    priority_groups = models.ManyToManyField(
        Tag,
        verbose_name=_("priority groups"),
        blank=True,
        limit_choices_to=~models.Q(priority_group=""),
        related_name="lesson_notes",
    )
    focus_areas = models.ManyToManyField(
        Item,
        verbose_name=_("focus areas of the regional plan"),
        blank=True,
        limit_choices_to={"depth": 0},
        related_name="lesson_notes",
    )
    is_shared = models.BooleanField(_("shared"), default=False)
    stems = models.TextField(_("word stems"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:note_detail", args=[self.pk])

    @property
    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]
