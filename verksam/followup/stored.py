"""Stored statuses: the roll-up kept in ``ItemStatus``, one row per item and round.

Pages read an item's status here instead of deriving its whole plan on every
request (docs/rollup.md, "Stored statuses"). The rows are kept by the one rule,
``verksam.followup.rollup``; nothing here decides a status.

How they are kept, in one place:

- Every write of an input of the rule (an assessment, a round, an item, an
  item's indicator, a target, a measured value, an indicator, follow-up
  settings) is heard through the model signals those apps' models send, which
  this app connects to in ``FollowupConfig.ready`` (the lower apps never import
  follow-up). Writes that bypass the signals (``bulk_create`` in the data
  generator) call ``rollup_rebuild`` after.
- The plans whose statuses may change are marked stale (``StaleRollup``) in
  the same transaction as the change, and refreshed when it commits
  (``transaction.on_commit``).
- A reader first asks which of its plans are marked (one query). For a marked
  plan, and for a pair of item and round without a row, it derives the statuses
  by the rule instead of reading them, so no reader ever sees a stored status
  that disagrees with the rule, even between a commit and its refresh.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from verksam.followup import page_cache, rollup, rollup_inputs
from verksam.followup.choices import GoalStatus
from verksam.followup.models import FollowUpRound, ItemStatus, StaleRollup

logger = logging.getLogger(__name__)

#: Plans refreshed together: bounds the rows held in memory by ``rollup_rebuild``.
REBUILD_BATCH = 40


@dataclass(frozen=True, slots=True)
class StoredStatus:
    """An item's status in a round as a page shows it: the status and how it was derived.

    Made from a stored row or, for a plan waiting to be refreshed, from the live
    rule (``from_derivation``); both give the same values and the same sentence.
    """

    item_id: int
    status: str
    source: str
    own_status: str | None
    child_count: int
    indicator_count: int
    tally: tuple[tuple[str, int], ...]

    @classmethod
    def from_derivation(cls, derivation: rollup.Derivation) -> StoredStatus:
        return cls(
            item_id=derivation.item_id or 0,
            status=derivation.status,
            source=str(derivation.source),
            own_status=derivation.own_status,
            child_count=len(derivation.children),
            indicator_count=len(derivation.indicators),
            tally=tuple(sorted(derivation.counts.items())),
        )

    @property
    def status_label(self) -> str:
        return str(GoalStatus(self.status).label)

    def explanation(self) -> str:
        """The derivation's sentence; made once per language for statuses derived alike."""
        return _explanation(
            get_language(),
            self.status,
            self.source,
            self.own_status,
            self.child_count,
            self.indicator_count,
            self.tally,
        )


@functools.lru_cache(maxsize=4096)
def _explanation(
    _language: str | None,
    status: str,
    source: str,
    own_status: str | None,
    child_count: int,
    indicator_count: int,
    tally: tuple[tuple[str, int], ...],
) -> str:
    # The language is part of the key only: the sentence is translated in the active one.
    return rollup.explain(
        status=status,
        source=source,
        own_status=own_status,
        child_count=child_count,
        indicator_count=indicator_count,
        tally=tally,
    )


# --- Marking and refreshing ---


def mark_stale(plan_ids: Iterable[int]) -> None:
    """Mark plans whose statuses may have changed, in the current transaction, and refresh
    them once it commits. At most two queries."""
    ids = {int(pk) for pk in plan_ids if pk}
    if not ids:
        return
    # The update waits for a refresh that holds a plan's mark, so a change made while
    # it runs is never lost: the mark it leaves is newer than the one the refresh drops.
    marked = StaleRollup.objects.filter(plan_id__in=ids).update(generation=F("generation") + 1)
    if marked < len(ids):
        StaleRollup.objects.bulk_create(
            [StaleRollup(plan_id=pk) for pk in sorted(ids)], ignore_conflicts=True
        )
    page_cache.bump(ids)
    transaction.on_commit(functools.partial(_refresh_after_commit, frozenset(ids)))


def _refresh_after_commit(plan_ids: frozenset[int]) -> None:
    try:
        refresh_stale(plan_ids)
    except DatabaseError:
        # The mark stays, so readers keep deriving these plans until the next refresh.
        logger.exception("Refreshing the stored statuses of plans %s failed.", sorted(plan_ids))


def refresh_stale(plan_ids: Iterable[int] | None = None) -> int:
    """Refresh the stored statuses of the marked plans among `plan_ids` (all marked plans
    when None) and drop their marks; the number of rows written or removed."""
    with transaction.atomic():
        marks = StaleRollup.objects.select_for_update()
        if plan_ids is not None:
            marks = marks.filter(plan_id__in=set(plan_ids))
        marked = list(marks.values_list("plan_id", flat=True))
        if not marked:
            return 0
        changed = len(write_statuses(marked))
        StaleRollup.objects.filter(plan_id__in=marked).delete()
    return changed


def write_statuses(plan_ids: Iterable[int], *, dry_run: bool = False) -> list[str]:
    """Derive every item of the plans in every round by the rule and make the stored rows
    agree; a line for each row that was missing, differed or was left over.

    With `dry_run` nothing is written (``verksam rollup --verify``)."""
    from verksam.plans.models import Plan

    plans = list(Plan.objects.filter(pk__in=set(plan_ids)).select_related("organisation"))
    rounds = list(FollowUpRound.objects.filter(plan__in=plans))
    thresholds_of = rollup_inputs.thresholds_for_many({plan.organisation for plan in plans})
    derivations = rollup.rounds_rollup(
        rounds,
        thresholds={plan.pk: thresholds_of[plan.organisation_id] for plan in plans},
    )
    existing = {
        (row.round_id, row.item_id): row
        for row in ItemStatus.objects.filter(round__in=rounds).only(*_COMPARED, "round", "item")
    }
    now = timezone.now()
    new, changed, differences = [], [], []
    for followup_round in rounds:
        for item_id, derivation in derivations.get(followup_round.pk, {}).items():
            values = _row_values(derivation)
            row = existing.pop((followup_round.pk, item_id), None)
            if row is None:
                new.append(ItemStatus(round=followup_round, item_id=item_id, **values))
                differences.append(
                    f"round {followup_round.pk} item {item_id}: missing, "
                    f"should be {values['status']}"
                )
            elif any(getattr(row, name) != value for name, value in values.items()):
                differences.append(
                    f"round {followup_round.pk} item {item_id}: stored {row.status} "
                    f"({row.source}), the rule gives {values['status']} ({values['source']})"
                )
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
    for (round_id, item_id), row in existing.items():
        differences.append(f"round {round_id} item {item_id}: stored {row.status}, no such item")
    if dry_run:
        return differences
    for row in [*new, *changed]:
        row.computed_at = now
    if new or changed or existing:
        page_cache.bump({r.plan_id for r in rounds})
    ItemStatus.objects.bulk_create(new, batch_size=500)
    ItemStatus.objects.bulk_update(changed, [*_COMPARED, "computed_at"], batch_size=500)
    if existing:
        ItemStatus.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    return differences


_COMPARED = ("status", "source", "own_status", "child_count", "indicator_count", "tally")


def _row_values(derivation: rollup.Derivation) -> dict:
    return {
        "status": derivation.status,
        "source": str(derivation.source),
        "own_status": derivation.own_status or "",
        "child_count": len(derivation.children),
        "indicator_count": len(derivation.indicators),
        "tally": dict(sorted(derivation.counts.items())),
    }


def rollup_rebuild(*, verify: bool = False) -> list[str]:
    """Recompute every plan's stored statuses (``verksam rollup --rebuild``); with `verify`,
    write nothing and return a line for every stored row that differs from the rule."""
    from verksam.plans.models import Plan

    plan_ids = list(
        Plan.objects.filter(rounds__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    differences: list[str] = []
    for start in range(0, len(plan_ids), REBUILD_BATCH):
        batch = plan_ids[start : start + REBUILD_BATCH]
        with transaction.atomic():
            differences += write_statuses(batch, dry_run=verify)
            if not verify:
                StaleRollup.objects.filter(plan_id__in=batch).delete()
    if not verify:
        with transaction.atomic():
            # Plans without rounds have nothing to store.
            StaleRollup.objects.exclude(plan_id__in=plan_ids).delete()
        _analyze_stored_rows()
    return differences


def _analyze_stored_rows() -> None:
    """Give PostgreSQL's planner the statistics of the stored rows after a rebuild.

    Without them (a server whose autovacuum has not come round yet, or is off) it
    guessed a third of the table for 200 items' rows and read all 300,000 rows of a
    national data set for every plan page. SQLite's plans were tuned without
    statistics of this table, so it is left alone there.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(ItemStatus._meta.db_table)}")


# --- Reading ---


def marked_plans(plan_ids: Iterable[int]) -> set[int]:
    """Which of these plans wait for their refresh (one query): a reader that counts their
    stored rows itself must derive these plans by the rule instead, as ``statuses`` does."""
    plan_ids = set(plan_ids)
    if not plan_ids:
        return set()
    return set(StaleRollup.objects.filter(plan_id__in=plan_ids).values_list("plan_id", flat=True))


def statuses(
    wanted: Mapping[FollowUpRound, Iterable[int]],
    *,
    only_status: bool = False,
    many: bool = False,
) -> dict[int, dict[int, StoredStatus]]:
    """The statuses of the wanted items in each round: {round id: {item id: StoredStatus}}.

    `wanted` gives each round with the ids of the items (of the round's plan) a page
    shows. Two queries: the marks of the rounds' plans and the stored rows. A plan
    that is marked, or lacks a row, is derived by the rule instead (five or six
    queries more, whatever the number of plans), so the statuses always agree with it.

    With `only_status` the values are the status strings alone (no object per item,
    for the overviews that count thousands). With `many` (tens of thousands of items
    wanted) the rows are read by round alone and sorted out here: both databases read
    a round's rows by its index faster than they match a list or a subquery of ids.
    """
    wanted = {r: set(ids) for r, ids in wanted.items() if r is not None}
    if not wanted:
        return {}
    plan_ids = {r.plan_id for r in wanted}
    stale = set(StaleRollup.objects.filter(plan_id__in=plan_ids).values_list("plan_id", flat=True))
    found: dict[int, dict[int, StoredStatus]] = defaultdict(dict)
    fresh = {r: ids for r, ids in wanted.items() if r.plan_id not in stale and ids}
    if fresh:
        by_round = defaultdict(set)
        for followup_round, ids in fresh.items():
            by_round[followup_round.pk] |= ids
        # By the items' index (a few rows per item, one per round of its plan, sorted out
        # here), or with `many` by the rounds': SQLite plans a filter on both badly.
        if many:
            rows = ItemStatus.objects.filter(round_id__in=by_round)
        else:
            rows = ItemStatus.objects.filter(item_id__any_of=set().union(*by_round.values()))
        if only_status:
            for round_id, item_id, status in rows.values_list("round_id", "item_id", "status"):
                if item_id in by_round.get(round_id, ()):
                    found[round_id][item_id] = status
        else:
            for row in rows.values_list(
                "round_id",
                "item_id",
                "status",
                "source",
                "own_status",
                "child_count",
                "indicator_count",
                "tally",
            ):
                round_id, item_id = row[0], row[1]
                if item_id in by_round.get(round_id, ()):
                    found[round_id][item_id] = _stored(row)
        for followup_round, ids in fresh.items():
            if not ids <= found[followup_round.pk].keys():
                stale.add(followup_round.plan_id)  # never computed: derive it below
    live = [r for r in wanted if r.plan_id in stale]
    if live:
        derived = _derived(live, {r.pk: wanted[r] for r in live})
        if only_status:
            derived = {
                round_id: {item_id: s.status for item_id, s in by_item.items()}
                for round_id, by_item in derived.items()
            }
        found.update(derived)
    return {r.pk: found.get(r.pk, {}) for r in wanted}


def _stored(row: tuple) -> StoredStatus:
    _round_id, item_id, status, source, own, children, indicators, tally = row
    return StoredStatus(
        item_id=item_id,
        status=status,
        source=source,
        own_status=own or None,
        child_count=children,
        indicator_count=indicators,
        tally=tuple(sorted((key, int(value)) for key, value in (tally or {}).items())),
    )


def _derived(
    rounds: list[FollowUpRound], wanted: dict[int, set[int] | None]
) -> dict[int, dict[int, StoredStatus]]:
    """The wanted statuses of plans waiting for their refresh, by the live rule."""
    from verksam.plans.models import Plan

    plans = {
        plan.pk: plan
        for plan in Plan.objects.filter(pk__in={r.plan_id for r in rounds}).select_related(
            "organisation"
        )
    }
    thresholds_of = rollup_inputs.thresholds_for_many(
        {plan.organisation for plan in plans.values()}
    )
    derivations = rollup.rounds_rollup(
        rounds,
        thresholds={pk: thresholds_of[plan.organisation_id] for pk, plan in plans.items()},
    )
    return {
        round_id: {
            item_id: StoredStatus.from_derivation(derivation)
            for item_id, derivation in derivations.get(round_id, {}).items()
            if wanted[round_id] is None or item_id in wanted[round_id]
        }
        for round_id in wanted
    }


def round_statuses(followup_round: FollowUpRound, item_ids: Iterable[int]) -> dict:
    """{item id: StoredStatus} of the items in one round."""
    return statuses({followup_round: item_ids}).get(followup_round.pk, {})


# --- Hearing of changes to the rule's inputs ---


def _plans_of_item(item_id: int) -> list[int]:
    from verksam.plans.models import Item

    return list(Item.objects.filter(pk=item_id).values_list("plan_id", flat=True))


def _on_assessment(instance, **kwargs) -> None:
    # Only approved assessments count: a draft saved or deleted changes no status.
    from verksam.followup.choices import AssessmentState

    approved = AssessmentState.APPROVED
    if approved in {instance.state, getattr(instance, "_rollup_state", None)}:
        mark_stale(
            FollowUpRound.objects.filter(pk=instance.round_id).values_list("plan_id", flat=True)
        )
    instance._rollup_state = instance.state


def _remember_assessment_state(instance, **kwargs) -> None:
    instance._rollup_state = instance.__dict__.get("state")


def _on_plan_part(instance, **kwargs) -> None:
    mark_stale([instance.plan_id])


def _on_item_indicator(instance, **kwargs) -> None:
    mark_stale(_plans_of_item(instance.item_id))


def _on_target(instance, **kwargs) -> None:
    from verksam.indicators.models import ItemIndicator

    mark_stale(
        ItemIndicator.objects.filter(pk=instance.item_indicator_id).values_list(
            "item__plan_id", flat=True
        )
    )


def _on_measurement(instance, **kwargs) -> None:
    from verksam.indicators.models import ItemIndicator

    mark_stale(
        ItemIndicator.objects.filter(
            indicator_id=instance.indicator_id, organisation_id=instance.organisation_id
        ).values_list("item__plan_id", flat=True)
    )


def _on_indicator(instance, created: bool = False, **kwargs) -> None:
    from verksam.indicators.models import ItemIndicator

    if not created:
        mark_stale(
            ItemIndicator.objects.filter(indicator_id=instance.pk).values_list(
                "item__plan_id", flat=True
            )
        )


def _on_thresholds(instance, **kwargs) -> None:
    """Follow-up settings hold thresholds for the organisation and every unit below it."""
    from verksam.organisations.models import Organisation

    path = Organisation.objects.filter(pk=instance.organisation_id).values_list("path", flat=True)
    _mark_plans_below(next(iter(path), None))


def _on_organisation(instance, created: bool = False, **kwargs) -> None:
    # A unit moved under another organisation may inherit other thresholds.
    if not created:
        _mark_plans_below(instance.path)


def _mark_plans_below(path: str | None) -> None:
    from verksam.plans.models import Plan

    if path:
        mark_stale(
            Plan.objects.filter(organisation__path__startswith=path, rounds__isnull=False)
            .distinct()
            .values_list("pk", flat=True)
        )


def connect_inputs() -> None:
    """Listen to every write of an input of the rule (FollowupConfig.ready)."""
    from django.db.models.signals import post_delete, post_init, post_save

    from verksam.followup.models import Assessment, FollowUpSettings
    from verksam.indicators.models import Indicator, ItemIndicator, Measurement, Target
    from verksam.organisations.models import Organisation
    from verksam.plans.models import Item

    uid = "verksam.followup.stored"
    post_init.connect(_remember_assessment_state, sender=Assessment, dispatch_uid=uid)
    for model, receiver in (
        (Assessment, _on_assessment),
        (FollowUpRound, _on_plan_part),
        (Item, _on_plan_part),
        (ItemIndicator, _on_item_indicator),
        (Target, _on_target),
        (Measurement, _on_measurement),
        (FollowUpSettings, _on_thresholds),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    post_save.connect(_on_indicator, sender=Indicator, dispatch_uid=uid)
    post_save.connect(_on_organisation, sender=Organisation, dispatch_uid=uid)
