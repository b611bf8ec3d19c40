"""Versions of a plan: the frozen content of an adopted version, and what changed between two.

A plan's versions form a lineage: each revision is a new draft pointing back
at the plan it revises (`previous_version`), and each adoption freezes a
`PlanSnapshot`. `plan_version_data` gives a plan's content as plain data (the
snapshot's format); `plan_diff` compares two such contents. Items are matched
across versions by following `Item.origin`, set when a revision copies them,
back to the first version's item: that item's id is the item's stable key.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from verksam.core.text import in_sentence
from verksam.plans.models import Contribution, Item, Plan, PlanSnapshot
from verksam.plans.permissions import visible_plans
from verksam.plans.selectors import tree_order
from verksam.plans.version_parts import version_parts_data

# Content as data ---------------------------------------------------------------------------


def plan_version_data(plan: Plan) -> dict[str, Any]:
    """The plan's whole content as JSON-friendly data, in a constant number of queries.

    The format of `PlanSnapshot.data`: the plan's settings, its sections, its
    items in reading order, the contributes-to links of its items, and the
    indicators followed on its items with baselines and targets.
    """
    items = list(
        plan.items.select_related("responsible_organisation").prefetch_related("tags").all()
    )
    links = Contribution.objects.filter(source__plan=plan).select_related("target__plan")
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "summary": plan.summary,
            "kind": plan.kind,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "level_names": list(plan.level_names),
        },
        "sections": [
            {"kind": s.kind, "title": s.title, "body": s.body, "position": s.position}
            for s in plan.sections.order_by("position", "id")
        ],
        "items": [
            {
                "id": item.pk,
                "origin": item.origin_id,
                "parent": item.parent_id,
                "position": item.position,
                "depth": item.depth,
                "title": item.title,
                "description": item.description,
                "responsible": (
                    {
                        "id": item.responsible_organisation_id,
                        "name": item.responsible_organisation.name,
                    }
                    if item.responsible_organisation_id
                    else None
                ),
                "start_date": item.start_date.isoformat() if item.start_date else None,
                "end_date": item.end_date.isoformat() if item.end_date else None,
                "tags": sorted(str(tag) for tag in item.tags.all()),
            }
            for item in tree_order(items)
        ],
        "links": [
            {
                "source": link.source_id,
                "target": link.target_id,
                "target_title": link.target.title,
                "target_plan": link.target.plan.title,
            }
            for link in links.order_by("source_id", "target_id")
        ],
        # The parts the apps above plans keep with a version (the indicators followed on the
        # items, with their targets), registered in verksam.plans.version_parts.
        **version_parts_data(plan),
    }


# The versions of a plan --------------------------------------------------------------------


@dataclass
class PlanVersion:
    """One side of a comparison: a plan as it is now, or a plan as it was adopted."""

    plan: Plan
    number: int
    snapshot: PlanSnapshot | None = None

    @property
    def key(self) -> str:
        return f"s{self.snapshot.pk}" if self.snapshot else str(self.plan.pk)

    @property
    def order(self) -> tuple:
        # A plan's adopted snapshot comes before what the plan is now.
        return (self.number, 0 if self.snapshot else 1, self.snapshot.pk if self.snapshot else 0)

    @property
    def label(self) -> str:
        if self.snapshot is None:
            return _("Version %(number)d: %(title)s, %(status)s, as it is now") % {
                "number": self.number,
                "title": self.plan.title,
                "status": self.plan.get_status_display(),
            }
        decision = self.snapshot.decision
        when = date_format(
            decision.decided_on if decision else self.snapshot.created_at.date(), "j F Y"
        )
        if decision and decision.case_number:
            return _("Version %(number)d as adopted on %(date)s, case number %(case)s") % {
                "number": self.number,
                "date": when,
                "case": decision.case_number,
            }
        return _("Version %(number)d as adopted on %(date)s") % {
            "number": self.number,
            "date": when,
        }

    def data(self) -> dict[str, Any]:
        return self.snapshot.data if self.snapshot else plan_version_data(self.plan)


def lineage_ids(plan: Plan) -> list[int]:
    """Ids of every version of the plan, the first version first.

    One query per version up to the first, and one per generation down from it.
    """
    first = plan
    seen = {plan.pk}
    while first.previous_version_id and first.previous_version_id not in seen:
        seen.add(first.previous_version_id)
        first = Plan.objects.only("id", "previous_version_id").get(pk=first.previous_version_id)
    ordered, generation = [first.pk], [first.pk]
    while generation:
        generation = [
            pk
            for pk in Plan.objects.filter(previous_version_id__in=generation)
            .order_by("created_at", "id")
            .values_list("id", flat=True)
            if pk not in ordered
        ]
        ordered.extend(generation)
    return ordered


def plan_versions(user, plan: Plan) -> list[PlanVersion]:
    """Every version of the plan's lineage the user may read, oldest first.

    Each plan counts once as it is now, and once more for each time it was
    adopted (its frozen snapshot).
    """
    ids = lineage_ids(plan)
    plans = {p.pk: p for p in visible_plans(user).filter(pk__in=ids)}
    snapshots: dict[int, list[PlanSnapshot]] = {}
    for snapshot in (
        PlanSnapshot.objects.filter(plan_id__in=plans)
        .select_related("decision")
        .defer("data")
        .order_by("created_at", "id")
    ):
        snapshots.setdefault(snapshot.plan_id, []).append(snapshot)
    versions: list[PlanVersion] = []
    for number, pk in enumerate(ids, start=1):
        if pk not in plans:
            continue
        for snapshot in snapshots.get(pk, []):
            snapshot.plan = plans[pk]
            versions.append(PlanVersion(plans[pk], number, snapshot))
        versions.append(PlanVersion(plans[pk], number))
    return versions


# Comparing two versions -------------------------------------------------------------------

ADDED, REMOVED, MOVED, REWORDED, CHANGED = "added", "removed", "moved", "reworded", "changed"


def change_labels() -> dict[str, str]:
    """The text label of each kind of change: never shown by colour alone."""
    return {
        ADDED: _("Added"),
        REMOVED: _("Removed"),
        MOVED: _("Moved"),
        REWORDED: _("Reworded"),
        CHANGED: _("Details changed"),
    }


_WORDS = re.compile(r"(\s+)")


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words taken away marked <del> and the words put in marked <ins>.

    The marks carry hidden text as well, since screen readers seldom announce
    <ins> and <del> themselves.
    """
    before, after = _WORDS.split(old or ""), _WORDS.split(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    removed, added = _("removed:"), _("added:")
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(
                format_html(
                    '<del><span class="visually-hidden">[{} </span>{}'
                    '<span class="visually-hidden">]</span></del>',
                    removed,
                    "".join(before[i1:i2]),
                )
            )
        if tag in ("insert", "replace"):
            parts.append(
                format_html(
                    '<ins><span class="visually-hidden">[{} </span>{}'
                    '<span class="visually-hidden">]</span></ins>',
                    added,
                    "".join(after[j1:j2]),
                )
            )
    return format_html_join("", "{}", ((part,) for part in parts))


@dataclass
class ItemChange:
    """How one item differs between two versions."""

    title: str
    level_name: str
    kinds: list[str] = field(default_factory=list)
    title_diff: SafeString | None = None
    description_diff: SafeString | None = None
    old_place: str = ""
    new_place: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        names = change_labels()
        return [names[kind] for kind in self.kinds]


@dataclass
class SectionChange:
    title: str
    kind: str
    body_diff: SafeString | None = None
    title_diff: SafeString | None = None

    @property
    def label(self) -> str:
        return change_labels()[self.kind]


@dataclass
class SettingChange:
    name: str
    before: str
    after: str


@dataclass
class PlanDiff:
    before: PlanVersion
    after: PlanVersion
    settings: list[SettingChange]
    sections: list[SectionChange]
    items: list[ItemChange]
    unchanged_items: int

    @property
    def has_changes(self) -> bool:
        return bool(self.settings or self.sections or self.items)


def _origins(plan_ids: list[int]) -> dict[int, int | None]:
    return dict(Item.objects.filter(plan_id__in=plan_ids).values_list("id", "origin_id"))


def _stable_keys(items: list[dict], origins: dict[int, int | None]) -> dict[int, int]:
    """Item id → the id of the first version's item it was copied from (itself if none)."""
    keys: dict[int, int] = {}
    for item in items:
        current, seen = item["id"], set()
        origin = item.get("origin")
        while origin is not None and origin not in seen:
            seen.add(current)
            current = origin
            origin = origins.get(current)
        keys[item["id"]] = current
    return keys


def _level_name(data: dict, depth: int) -> str:
    names = data["plan"]["level_names"]
    return names[depth] if 0 <= depth < len(names) else _("Item")


def _place(item: dict, by_id: dict[int, dict], data: dict) -> str:
    """Where an item is: its parent's title, and its number among its siblings."""
    parent = by_id.get(item["parent"])
    number = item["position"] + 1
    if parent is None:
        return _("number %(number)d at the top level") % {"number": number}
    return _("number %(number)d under %(level)s “%(title)s”") % {
        "number": number,
        "level": in_sentence(_level_name(data, parent["depth"])),
        "title": parent["title"],
    }


def _moved_in_order(before: list[int], after: list[int]) -> set[int]:
    """Keys among siblings (present on both sides) whose order relative to the others changed."""
    common = set(before) & set(after)
    old = [key for key in before if key in common]
    new = [key for key in after if key in common]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    kept = set()
    for block in matcher.get_matching_blocks():
        kept.update(old[block.a : block.a + block.size])
    return common - kept


def _details(old: dict, new: dict, old_extra: dict, new_extra: dict) -> list[str]:
    changed = []
    if (old["responsible"] or {}).get("id") != (new["responsible"] or {}).get("id"):
        changed.append(_("responsible"))
    if old["tags"] != new["tags"]:
        changed.append(_("tags"))
    if (old["start_date"], old["end_date"]) != (new["start_date"], new["end_date"]):
        changed.append(_("dates"))
    if old_extra["links"] != new_extra["links"]:
        changed.append(_("contributes to"))
    if old_extra["indicators"] != new_extra["indicators"]:
        changed.append(_("indicators, baselines or targets"))
    return changed


def _extras(data: dict) -> dict[int, dict]:
    extras: dict[int, dict] = {
        item["id"]: {"links": [], "indicators": []} for item in data["items"]
    }
    for link in data["links"]:
        if link["source"] in extras:
            extras[link["source"]]["links"].append(link["target"])
    for use in data["indicators"]:
        if use["item"] in extras:
            extras[use["item"]]["indicators"].append(
                (use["indicator"], use["baseline"], use["baseline_label"], use["targets"])
            )
    for extra in extras.values():
        extra["links"].sort()
        extra["indicators"].sort(key=lambda entry: entry[0])
    return extras


def _compare_sections(old: list[dict], new: list[dict]) -> list[SectionChange]:
    """Sections are matched by kind and title, then by kind alone when that is unambiguous."""
    unmatched_old = list(old)
    pairs: list[tuple[dict | None, dict]] = []
    for section in new:
        match = next(
            (
                s
                for s in unmatched_old
                if s["kind"] == section["kind"] and s["title"] == section["title"]
            ),
            None,
        )
        if match is not None:
            unmatched_old.remove(match)
        pairs.append((match, section))
    for index, (match, section) in enumerate(pairs):
        if match is not None:
            continue
        same_kind = [s for s in unmatched_old if s["kind"] == section["kind"]]
        if len(same_kind) == 1 and section["kind"] != "other":
            unmatched_old.remove(same_kind[0])
            pairs[index] = (same_kind[0], section)
    changes = []
    for match, section in pairs:
        if match is None:
            changes.append(
                SectionChange(section["title"], ADDED, body_diff=word_diff("", section["body"]))
            )
        elif match["title"] != section["title"] or match["body"] != section["body"]:
            changes.append(
                SectionChange(
                    section["title"],
                    REWORDED,
                    body_diff=word_diff(match["body"], section["body"]),
                    title_diff=(
                        word_diff(match["title"], section["title"])
                        if match["title"] != section["title"]
                        else None
                    ),
                )
            )
    for section in unmatched_old:
        changes.append(
            SectionChange(section["title"], REMOVED, body_diff=word_diff(section["body"], ""))
        )
    return changes


def _compare_settings(old: dict, new: dict) -> list[SettingChange]:
    names = {
        "title": _("Title"),
        "summary": _("Summary"),
        "period_start": _("Period starts"),
        "period_end": _("Period ends"),
        "level_names": _("Levels"),
    }
    changes = []
    for key, name in names.items():
        before, after = old.get(key), new.get(key)
        if before != after:
            if isinstance(before, list):
                before, after = " → ".join(before), " → ".join(after or [])
            changes.append(SettingChange(name, str(before or ""), str(after or "")))
    return changes


def plan_diff(before: PlanVersion, after: PlanVersion) -> PlanDiff:
    """What changed from `before` to `after`: settings, sections and items.

    An item is added or removed when its stable key is on one side only;
    moved when its parent changed or its order among the siblings present on
    both sides changed (an item added above it does not count as a move);
    reworded when its title or description changed. Other changes to an item
    (responsibility, tags, dates, links, indicators and targets) are listed as
    changed details. The number of queries does not depend on the number of items.
    """
    old, new = before.data(), after.data()
    origins = _origins(sorted({before.plan.pk, after.plan.pk} | set(lineage_ids(after.plan))))
    old_keys = _stable_keys(old["items"], origins)
    new_keys = _stable_keys(new["items"], origins)
    old_by_key = {old_keys[item["id"]]: item for item in old["items"]}
    new_by_key = {new_keys[item["id"]]: item for item in new["items"]}
    old_by_id = {item["id"]: item for item in old["items"]}
    new_by_id = {item["id"]: item for item in new["items"]}
    old_extras, new_extras = _extras(old), _extras(new)

    def parent_key(item: dict, keys: dict[int, int]) -> int | None:
        return keys.get(item["parent"]) if item["parent"] is not None else None

    def siblings(items: list[dict], keys: dict[int, int]) -> dict[int | None, list[int]]:
        groups: dict[int | None, list[int]] = {}
        for item in sorted(items, key=lambda i: (i["position"], i["id"])):
            groups.setdefault(parent_key(item, keys), []).append(keys[item["id"]])
        return groups

    old_siblings, new_siblings = siblings(old["items"], old_keys), siblings(new["items"], new_keys)
    reordered: set[int] = set()
    for parent, keys in new_siblings.items():
        reordered |= _moved_in_order(old_siblings.get(parent, []), keys)

    changes: list[ItemChange] = []
    unchanged = 0
    for item in new["items"]:
        key = new_keys[item["id"]]
        level = _level_name(new, item["depth"])
        previous = old_by_key.get(key)
        if previous is None:
            changes.append(
                ItemChange(
                    item["title"],
                    level,
                    [ADDED],
                    description_diff=word_diff("", item["description"]),
                    new_place=_place(item, new_by_id, new),
                )
            )
            continue
        change = ItemChange(item["title"], level)
        if parent_key(previous, old_keys) != parent_key(item, new_keys) or key in reordered:
            change.kinds.append(MOVED)
            change.old_place = _place(previous, old_by_id, old)
            change.new_place = _place(item, new_by_id, new)
        if previous["title"] != item["title"] or previous["description"] != item["description"]:
            change.kinds.append(REWORDED)
            change.title_diff = word_diff(previous["title"], item["title"])
            change.description_diff = word_diff(previous["description"], item["description"])
        change.details = _details(
            previous, item, old_extras[previous["id"]], new_extras[item["id"]]
        )
        if change.details:
            change.kinds.append(CHANGED)
        if change.kinds:
            changes.append(change)
        else:
            unchanged += 1
    for item in old["items"]:
        if old_keys[item["id"]] not in new_by_key:
            changes.append(
                ItemChange(
                    item["title"],
                    _level_name(old, item["depth"]),
                    [REMOVED],
                    description_diff=word_diff(item["description"], ""),
                    old_place=_place(item, old_by_id, old),
                )
            )
    return PlanDiff(
        before=before,
        after=after,
        settings=_compare_settings(old["plan"], new["plan"]),
        sections=_compare_sections(old["sections"], new["sections"]),
        items=changes,
        unchanged_items=unchanged,
    )
