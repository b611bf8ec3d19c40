"""Resources: what an item of a plan is budgeted to cost, and what each round says it cost.

A budget line is one amount in whole kronor for one item, one kind of cost and one
year; an outcome (utfall) is what a follow-up round records against it. Both belong to
an item, so a backup reaches them through the item's plan and organisation, and
deleting an item takes its lines with it. Totals up the tree are computed by
verksam.resources.rollup from the lines read in one query.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.core.models import VersionedModel
from verksam.followup.models import FollowUpRound
from verksam.plans.models import Item
from verksam.resources.choices import CostKind
from verksam.resources.formatting import kronor

#: The largest amount a line may hold: ten thousand million kronor, far above any
#: library's budget, but a guard against a misplaced decimal point or a pasted id.
LARGEST_AMOUNT = 10**10


class BudgetLine(VersionedModel):
    """The budget of one item for one kind of cost in one year, in whole kronor."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    kind = models.CharField(_("cost kind"), max_length=10, choices=CostKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(
        _("amount (kronor)"), validators=[MaxValueValidator(LARGEST_AMOUNT)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    #: Invented for the demonstration (`verksam demo`): pages and documents say so.
    is_demo = models.BooleanField(_("demo value"), default=False, editable=False)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["item", "year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "year"], name="resources_one_line_per_kind_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_kind_display()} {self.year}: {kronor(self.amount)}"

    def history_scope(self) -> tuple[int, int]:
        return self.item.plan_id, self.item_id

    def clean(self) -> None:
        super().clean()
        plan = self.item.plan if self.item_id else None
        if plan is not None and self.year is not None:
            first, last = plan.period_start.year, plan.period_end.year
            if not first <= self.year <= last:
                raise ValidationError(
                    {
                        "year": _("Choose a year of the plan's period, %(first)d–%(last)d.")
                        % {"first": first, "last": last}
                    }
                )


class Outcome(VersionedModel):
    """What one item cost of one kind of cost, as a follow-up round records it (utfall)."""

    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("follow-up round"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("cost kind"), max_length=10, choices=CostKind.choices)
    amount = models.PositiveBigIntegerField(
        _("outcome (kronor)"), validators=[MaxValueValidator(LARGEST_AMOUNT)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    #: Invented for the demonstration (`verksam demo`): pages and documents say so.
    is_demo = models.BooleanField(_("demo value"), default=False, editable=False)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["round", "item", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "item", "kind"], name="resources_one_outcome_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_kind_display()} ({self.round.name}): {kronor(self.amount)}"

    def history_scope(self) -> tuple[int, int]:
        return self.item.plan_id, self.item_id

    def clean(self) -> None:
        super().clean()
        if self.round_id and self.item_id and self.round.plan_id != self.item.plan_id:
            raise ValidationError({"item": _("The item is not part of the round's plan.")})
