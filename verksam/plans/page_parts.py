"""What the apps above plans add to a plan's and an item's page.

A plan's page shows the follow-up of a chosen round (the items' statuses in it) and is
cached under the page versions that follow-up keeps; an item's page also lists the
indicators followed on the item. Follow-up and indicators stand above plans
(CONTRIBUTING.md, "Imports run one way"), so plans cannot ask them itself. Follow-up
registers here, in its `AppConfig.ready()`, the one set of `FollowUpParts` the pages read
(the item cards and the trace's nodes draw their status badges with it);
indicators (and any other app) register item page parts, functions giving the template
context they add to an item's page; planning registers a plan page part, a function giving
the HTML it adds to a plan's page (shown by `{% plan_page_parts plan %}`, outside the
cached tree). Each answers in a fixed number of queries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from verksam.plans.models import Item, Plan


@dataclass(frozen=True)
class FollowUpParts:
    """The follow-up that a plan's pages show, and the keys their cache is kept under."""

    #: (plan, the `omgang` query parameter or None) -> (the plan's rounds in time order,
    #: the round chosen, the current one when none is asked for, or None).
    rounds: Callable[["Plan", str | None], tuple[list, Any]]
    #: {round: item ids} -> {round id: {item id: stored status}}; with only_status=True
    #: the status strings alone.
    statuses: Callable[[dict], dict]
    #: plans (or their ids) -> {plan id: the plan's current round}, for the plans that have
    #: rounds.
    current_rounds: Callable[[Iterable["Plan"]], dict]
    #: plan id -> the page versions of a plan whose tree is cached.
    page_versions: Callable[[int], str]
    #: (plan, round, user=, can_edit=, plan_versions=) -> the cache key of the plan's tree.
    plan_tree_key: Callable[..., str]
    #: (kind, plan, plan_versions=, extra=) -> the cache key of another part of the page.
    plan_key: Callable[..., str]
    #: user -> what decides which related plans the user sees (part of a cache key).
    visibility: Callable[[Any], tuple]
    #: How long a cached part of a plan's page is kept, in seconds.
    cache_timeout: int
    #: status -> the status as its symbol and name (safe HTML); empty for no status.
    status_badge: Callable[[str], str]

    def round_statuses(self, followup_round, item_ids: Iterable[int]) -> dict:
        """The stored statuses of these items in one round: {item id: status}."""
        item_ids = list(item_ids)
        return self.statuses({followup_round: item_ids}).get(followup_round.pk, {})


#: A part of an item's page: (user, item) -> the template context it adds.
ItemPagePart = Callable[[Any, "Item"], dict[str, Any]]

#: A part of a plan's page: (request, plan) -> its HTML (safe), or "" to show nothing.
PlanPagePart = Callable[[Any, "Plan"], str]

_followup: list[FollowUpParts] = []
_item_parts: dict[str, ItemPagePart] = {}
_plan_parts: dict[str, PlanPagePart] = {}


def register_followup_parts(parts: FollowUpParts) -> None:
    """Give the plan's pages their follow-up; a second registration replaces the first."""
    _followup[:] = [parts]


def followup_parts() -> FollowUpParts:
    """The follow-up registered for the plan's pages."""
    if not _followup:
        raise ImproperlyConfigured("No follow-up is registered for the plan's pages.")
    return _followup[0]


def register_item_page_part(name: str, part: ItemPagePart) -> None:
    """Add a part to every item's page; registering a name again replaces its part."""
    _item_parts[name] = part


def item_page_parts_context(user, item: "Item") -> dict[str, Any]:
    """The context every registered part adds for this user and item."""
    context: dict[str, Any] = {}
    for part in _item_parts.values():
        context.update(part(user, item))
    return context


def register_plan_page_part(name: str, part: PlanPagePart) -> None:
    """Add a part to every plan's page; registering a name again replaces its part."""
    _plan_parts[name] = part


def plan_page_parts_html(request, plan: "Plan") -> list[str]:
    """The HTML every registered part adds to this plan's page, in registration order."""
    return [html for part in _plan_parts.values() if (html := part(request, plan))]
