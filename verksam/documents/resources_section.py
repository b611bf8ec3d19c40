"""The annual report's resources: the year's budget beside the round's outcome.

One table per kind of cost for the whole plan and one per item of the top two
levels, each with everything below it, in whole kronor. The money is read and
rolled up by verksam.resources.selectors, which the resources pages draw from too,
so the report and the pages add up the same way. An open round's outcome is shown
only to those who may see the round's unapproved follow-up (as the pages do);
without any budget or outcome the section is left out.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from verksam.documents.content import Heading, PageBreak, Paragraph, Table
from verksam.resources import selectors
from verksam.resources.formatting import kronor

#: Items down to this depth (0 is the top level) get a row of their own.
ITEM_ROWS_DEPTH = 1


def resources_blocks(reading) -> list:
    """The resources chapter of a report on `reading`'s round; empty with no money to show.

    `reading` is the report's `verksam.documents.reading.PlanReading` (its plan, round,
    items in reading order and whether the reader sees unapproved follow-up).
    """
    followup_round = reading.followup_round
    if followup_round is None:
        return []
    shows_outcome = followup_round.is_closed or reading.show_unapproved
    year = followup_round.period_end.year
    resources = selectors.plan_resources(
        reading.plan,
        year=year,
        followup_round=followup_round,
        shows_outcome=shows_outcome,
        items=reading.items,
    )
    if not resources.has_anything:
        return []
    header = [_("Budget %(year)d") % {"year": year}]
    if resources.shows_outcome:
        header += [_("Outcome"), _("Difference")]

    def amounts(budget: int, outcome: int) -> list[str]:
        cells = [kronor(budget)]
        if resources.shows_outcome:
            cells += [kronor(outcome), kronor(budget - outcome)]
        return cells

    kind_rows = [
        [label[:1].upper() + label[1:], *amounts(budget, outcome)]
        for label, budget, outcome, _difference in resources.kind_rows
    ]
    kind_rows.append(
        [_("Total"), *amounts(resources.budget_total.total, resources.outcome_total.total)]
    )
    item_rows = [
        [
            ("– " * row.item.depth) + row.item.title,
            *amounts(row.budget.total.total, row.outcome.total.total),
        ]
        for row in resources.rows
        if row.item.depth <= ITEM_ROWS_DEPTH and row.has_anything
    ]
    numeric = list(range(1, len(header) + 1))
    if resources.shows_outcome:
        intro = _(
            "The budget for %(year)d and the outcome recorded in %(round)s, in whole kronor. "
            "Each item's amounts include the items below it; a negative difference means "
            "more was spent than budgeted."
        ) % {"year": year, "round": followup_round.name}
    else:
        intro = _(
            "The budget for %(year)d in whole kronor. The outcome is shown once the round "
            "is closed."
        ) % {"year": year}
    blocks: list = [
        PageBreak(),
        Heading(_("Resources"), 1),
        Paragraph(intro),
        *(
            [Paragraph(_("Invented demo amounts for the demonstration, not a real budget."))]
            if resources.has_demo_values
            else []
        ),
        Table(
            caption=_("Budget and outcome per cost kind"),
            header=[_("Cost kind"), *header],
            rows=kind_rows,
            numeric=numeric,
        ),
    ]
    if item_rows:
        blocks.append(
            Table(
                caption=_("Budget and outcome per item"),
                header=[_("Item"), *header],
                rows=item_rows,
                numeric=numeric,
            )
        )
    return blocks
