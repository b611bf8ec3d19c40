"""Competence development: the register of trainings, staff's proposals, and the indicators
that count the register.

An organisation keeps a register of the trainings, conferences, study visits and other
competence development its staff took part in, each serving some goals or items of the
plans it works by (the digital-inclusion lifts of seed 004, say). Staff propose
trainings and projects (seed 003: the cross-groups "föreslå utbildningar, projekt"); an
editor takes a proposal into a plan as an item or declines it with a comment. An
indicator can take its yearly values from the register (RegisterIndicator): they are
counted again whenever the trainings of a year change (verksam.competence.services).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verksam.competence.choices import (
    ProposalKind,
    ProposalState,
    RegisterMeasure,
    TrainingKind,
)
from verksam.core.models import TimeStampedModel, VersionedModel
from verksam.core.text import clean_line
from verksam.indicators.models import Indicator
from verksam.organisations.models import Organisation
from verksam.plans.models import Item


class Training(VersionedModel):
    """One training or other competence development in an organisation's register.

    `hours` is the length for one participant; the register's hours of competence
    development are `hours` times the participants. Participants are members of
    the organisation, named, plus a count of others (staff without a login, guests).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="trainings",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=12, choices=TrainingKind.choices, default=TrainingKind.COURSE
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours per participant"),
        max_digits=6,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        blank=True,
        related_name="trainings",
    )
    other_participants = models.PositiveIntegerField(
        _("other participants"),
        default=0,
        help_text=_("Participants without a login here, e.g. substitutes or guests."),
    )
    items = models.ManyToManyField(
        Item,
        verbose_name=_("goals and items served"),
        blank=True,
        related_name="trainings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["organisation", "start_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("competence:training_edit", args=[self.pk])

    @property
    def year(self) -> int:
        return self.start_date.year

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        self.title = clean_line(self.title or "")
        if not self.title:
            errors["title"] = [_("Give the training a title.")]
        self.provider = clean_line(self.provider or "")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [_("The training cannot end before it starts.")]
        if errors:
            raise ValidationError(errors)


class Proposal(TimeStampedModel):
    """A training or a project proposed by someone of the organisation's staff.

    An editor of the organisation accepts it into one of its draft plans as an
    item (`item` links the two) or declines it with a comment; either decision is
    made once. The proposer reads the decision on the proposal's page.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="competence_proposals",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProposalKind.choices, default=ProposalKind.TRAINING
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    reason = models.TextField(_("why"), blank=True)
    goal = models.ForeignKey(
        Item,
        verbose_name=_("goal served"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="competence_proposals",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    item = models.OneToOneField(
        Item,
        verbose_name=_("item in the plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="competence_proposal",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("competence:proposal_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.state != ProposalState.PROPOSED

    def clean(self) -> None:
        super().clean()
        self.title = clean_line(self.title or "")
        if not self.title:
            raise ValidationError({"title": _("Give the proposal a title.")})


class RegisterIndicator(models.Model):
    """An indicator whose yearly values are counted from an organisation's register.

    The values are Measurement rows of the indicator for the organisation, one per
    calendar year, marked as coming from the register; they are counted again when
    the trainings of a year change. `item`, when set, counts only the trainings
    serving that item.
    """

    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="competence_register",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="register_indicators",
    )
    measure = models.CharField(_("counts"), max_length=12, choices=RegisterMeasure.choices)
    item = models.ForeignKey(
        Item,
        verbose_name=_("only trainings serving"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("indicator from the register")
        verbose_name_plural = _("indicators from the register")
        ordering = ["indicator__name"]

    def __str__(self) -> str:
        return str(self.indicator)
