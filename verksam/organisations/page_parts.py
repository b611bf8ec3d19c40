"""What the apps above organisations add to an organisation's page.

An organisation's page lists its plans and offers the measurement import, but plans and
indicators stand above organisations (CONTRIBUTING.md, "Imports run one way"), so the page
cannot ask them itself. Each of those apps registers here, in its `AppConfig.ready()`, a
function that gives the template context it adds for a user and an organisation; the page
runs every registered function. Each function answers in a fixed number of queries.
"""

from collections.abc import Callable
from typing import Any

from verksam.organisations.models import Organisation

#: A part of the page: (user, organisation) -> the template context it adds.
PagePart = Callable[[Any, Organisation], dict[str, Any]]

_parts: dict[str, PagePart] = {}


def register_page_part(name: str, part: PagePart) -> None:
    """Add a part to every organisation's page; registering a name again replaces its part."""
    _parts[name] = part


def page_parts_context(user, organisation: Organisation) -> dict[str, Any]:
    """The context every registered part adds for this user and organisation."""
    context: dict[str, Any] = {}
    for part in _parts.values():
        context.update(part(user, organisation))
    return context
