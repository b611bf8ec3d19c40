"""The URLconf of the page benchmark: Verksam's own, plus views to compare with.

bench_pages.py selects it with ROOT_URLCONF="bench.urls" in its own process, so
the app's code stays as it is.

- The trivial view goes through the same middleware as every page and does nothing
  else: the ratio of a page's time to its time is what the page itself costs.
- A floor view per kind of page reads the same rows as the page (its items with
  title, level and one stored status each) in three queries and renders them as a
  plain nested list with a minimal template: what showing those rows must cost at
  least. The ratio of a page to its floor is what it spends beyond showing them.
"""

from collections import defaultdict

from django.http import HttpRequest, HttpResponse
from django.template import Context, Engine
from django.urls import include, path
from django.utils import timezone

#: A minimal template: a nested list, each item with its level, title and status.
_ENGINE = Engine(
    loaders=[
        (
            "django.template.loaders.locmem.Loader",
            {
                "floor": (
                    "<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1>"
                    "{% if nodes %}<ul>{% for node in nodes %}{% include 'node' %}"
                    "{% endfor %}</ul>{% endif %}"
                ),
                "node": (
                    "<li>{{ node.level }}: {{ node.title }} ({{ node.status }})"
                    "{% if node.children %}<ul>{% for node in node.children %}"
                    "{% include 'node' %}{% endfor %}</ul>{% endif %}</li>"
                ),
            },
        )
    ]
)


def trivial(request: HttpRequest) -> HttpResponse:
    """Answer at once: the cost of Django and the middleware alone."""
    return HttpResponse("ok", content_type="text/plain")


def _render(title: str, rows: list[dict], statuses: dict[int, str]) -> HttpResponse:
    """Rows with id, parent_id, title, depth and level_names as a nested list."""
    nodes = {}
    roots = []
    for row in rows:
        names = row["level_names"] or []
        nodes[row["id"]] = {
            "title": row["title"],
            "level": names[row["depth"]] if row["depth"] < len(names) else "",
            "status": statuses.get(row["id"], ""),
            "children": [],
        }
    for row in rows:
        parent = nodes.get(row["parent_id"])
        (parent["children"] if parent else roots).append(nodes[row["id"]])
    html = _ENGINE.get_template("floor").render(Context({"title": title, "nodes": roots}))
    return HttpResponse(html)


def _latest_statuses(item_ids) -> dict[int, str]:
    """Each item's stored status in the latest made round of its plan (one query, by the
    items' index alone: SQLite plans a join with the rounds badly). The generated data
    sets have no round that has not begun."""
    from verksam.followup.models import ItemStatus

    found = {}
    for item_id, status in (
        ItemStatus.objects.filter(item_id__in=item_ids)
        .order_by("round_id")
        .values_list("item_id", "status")
    ):
        found[item_id] = status  # the latest round comes last
    return found


def floor_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan page's and the public plan page's rows: the plan, its items and their
    status in the latest begun round."""
    from verksam.followup.models import FollowUpRound, ItemStatus
    from verksam.plans.models import Item, Plan

    title, level_names = Plan.objects.filter(pk=pk).values_list("title", "level_names").get()
    rows = list(
        Item.objects.filter(plan_id=pk)
        .order_by("depth", "position", "id")
        .values("id", "parent_id", "title", "depth")
    )
    for row in rows:
        row["level_names"] = level_names
    latest = (
        FollowUpRound.objects.filter(plan_id=pk, period_start__lte=timezone.localdate())
        .order_by("-period_end", "-period_start")
        .values("pk")[:1]
    )
    statuses = dict(ItemStatus.objects.filter(round_id__in=latest).values_list("item_id", "status"))
    return _render(title, rows, statuses)


def floor_trace(request: HttpRequest, pk: int) -> HttpResponse:
    """The item trace's rows: the item and the items contributing to it, each with its
    plan's level name and its status in its plan's latest begun round."""
    from verksam.plans.models import Contribution, Item

    title = Item.objects.filter(pk=pk).values_list("title", flat=True).get()
    rows = [
        {
            "id": source_id,
            "parent_id": None,
            "title": source_title,
            "depth": depth,
            "level_names": level_names,
        }
        for source_id, source_title, depth, level_names in Contribution.objects.filter(target_id=pk)
        .order_by("source__plan__title", "source__depth", "source__position")
        .values_list("source_id", "source__title", "source__depth", "source__plan__level_names")
    ]
    return _render(title, rows, _latest_statuses([row["id"] for row in rows]))


def floor_county(request: HttpRequest, pk: int) -> HttpResponse:
    """The county overview's rows: the items of the county's plans that contribute to the
    focus areas of the region's current regional plan, under their focus area (the
    focus areas, the links with their items, the statuses: three queries)."""
    from verksam.plans.choices import PlanKind, PlanStatus
    from verksam.plans.models import Contribution, Item

    focus_areas = list(
        Item.objects.filter(
            plan__organisation__parent_id=pk,
            plan__kind=PlanKind.REGIONAL_LIBRARY_PLAN,
            plan__status=PlanStatus.ADOPTED,
            depth=0,
        ).values_list("pk", flat=True)
    )
    links = list(
        Contribution.objects.filter(target_id__in=focus_areas)
        .order_by("target_id", "source_id")
        .values_list(
            "target_id",
            "target__title",
            "target__plan__level_names",
            "source_id",
            "source__title",
            "source__depth",
            "source__plan__level_names",
        )
    )
    rows: list[dict] = []
    seen: set[int] = set()
    children = defaultdict(list)
    for target_id, target_title, target_levels, source_id, title, depth, levels in links:
        if target_id not in seen:
            seen.add(target_id)
            rows.append(
                {
                    "id": target_id,
                    "parent_id": None,
                    "title": target_title,
                    "depth": 0,
                    "level_names": target_levels,
                }
            )
        children[target_id].append(
            {
                "id": source_id,
                "parent_id": target_id,
                "title": title,
                "depth": depth,
                "level_names": levels,
            }
        )
    rows += [row for target_id in seen for row in children[target_id]]
    return _render("county", rows, _latest_statuses([row["id"] for row in rows]))


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("bench/floor/plan/<int:pk>/", floor_plan, name="bench_floor_plan"),
    path("bench/floor/trace/<int:pk>/", floor_trace, name="bench_floor_trace"),
    path("bench/floor/county/<int:pk>/", floor_county, name="bench_floor_county"),
    path("", include("verksam.urls")),
]
