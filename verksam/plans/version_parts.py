"""What the apps above plans keep with a version of a plan.

An adopted version freezes the plan's whole content (`PlanSnapshot.data`, made by
verksam.plans.versions.plan_version_data), and part of that content belongs to apps
that stand above plans (CONTRIBUTING.md, "Imports run one way"): the indicators
followed on the items, with their targets. Plans cannot import them, so each such app
registers here, in its `AppConfig.ready()`, a function giving its part as JSON-friendly
data under a key of the snapshot. Each function answers in a fixed number of queries.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verksam.plans.models import Plan

#: A part of a version: plan -> its JSON-friendly data, kept under the part's key.
VersionPart = Callable[["Plan"], Any]

_parts: dict[str, VersionPart] = {}


def register_version_part(key: str, part: VersionPart) -> None:
    """Keep `part(plan)` under `key` in every version's data; a second registration replaces it."""
    _parts[key] = part


def version_parts_data(plan: "Plan") -> dict[str, Any]:
    """Every registered part of the plan's content, by key, in the order registered."""
    return {key: part(plan) for key, part in _parts.items()}


def number_text(value: Decimal | None) -> str | None:
    """A number as a version keeps it: plain digits, no trailing zeros; None stays None."""
    return None if value is None else format(value.normalize(), "f")
