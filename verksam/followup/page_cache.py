"""Keys of the cached plan trees and public plan pages (docs/operations.md, "Caching").

The rendered item tree of an adopted or archived plan and the content of a public
plan page are kept in Django's cache (``{% cached_fragment %}``). Their keys carry
everything the fragment depends on: the plan's page version and the global one
(``PageVersion``, bumped in the transaction of every change that may show), the
round shown, the language, which contributes-to links the reader may see (what
decides which plans they may read: ``visibility``) and whether the reader may
edit. A change therefore makes the old entry unreachable in every process,
whatever the cache backend; nothing is ever deleted from it.

What bumps a plan's version: its stored statuses being marked or rewritten
(followup.stored), its items, their tags and responsible people, its sections and
decisions, a contributes-to link to or from it (both plans), and an item linked to
it. What bumps the global one: any plan, organisation, tag or user name changing,
since those names show on other plans' pages.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.db.models import F, Q
from django.utils.translation import get_language

from verksam.followup.models import PageVersion

#: The version that every plan's key includes.
EVERY_PLAN = 0


def bump(plan_ids: Iterable[int]) -> None:
    """Count a change of what the plans' pages show, in the current transaction."""
    ids = {int(pk) for pk in plan_ids if pk is not None}
    if not ids:
        return
    changed = PageVersion.objects.filter(plan_id__in=ids).update(version=F("version") + 1)
    if changed < len(ids):
        _start(ids)


def _start(plan_ids: Iterable[int]) -> None:
    # A version starts at a random number, not at 1: a database made afresh (a test's,
    # a restored backup) must never meet entries another one left in a shared cache.
    PageVersion.objects.bulk_create(
        [PageVersion(plan_id=pk, version=secrets.randbits(48)) for pk in sorted(plan_ids)],
        ignore_conflicts=True,
    )


#: How long an entry is kept at most; its key changes with what it shows anyway.
TIMEOUT = 24 * 60 * 60


def plan_key(kind: str, plan, *, plan_versions: str | None = None, extra: object = None) -> str:
    """The key of something else a plan's page shows (its Library Act check, its sections
    and related plans), in the language shown, under the plan's versions; `extra` names
    what else it depends on (the reader's ``visibility``)."""
    return f"{kind}:" + _digest(
        plan.pk, plan.status, plan_versions or versions(plan.pk), get_language(), extra
    )


def versions(plan_id: int) -> str:
    """The plan's and the global page version, as a part of a key (one query; the first
    read of a plan without one starts it, two more)."""
    return versions_of([plan_id])[plan_id]


def versions_of(plan_ids: Iterable[int]) -> dict[int, str]:
    """``versions`` of many plans in one query (two more when some have none yet)."""
    wanted = {EVERY_PLAN, *plan_ids}
    found = dict(PageVersion.objects.filter(plan_id__in=wanted).values_list("plan_id", "version"))
    if len(found) < len(wanted):
        _start(wanted - found.keys())
        found = dict(
            PageVersion.objects.filter(plan_id__in=wanted).values_list("plan_id", "version")
        )
    return {pk: f"{found[EVERY_PLAN]}.{found[pk]}" for pk in wanted if pk != EVERY_PLAN}


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def visibility(user) -> tuple:
    """What decides which plans the user may read (``plans.permissions.visible_plans``),
    and so which contributes-to links a page shows them: readers with the same
    memberships see the same links. The plans' own publication and organisations are
    covered by the global version, which any plan's or organisation's change bumps."""
    from verksam.organisations.permissions import member_paths

    if user.is_authenticated and user.is_superuser:
        return ("everything",)
    return tuple(sorted(member_paths(user)))


def plan_tree_key(
    plan, followup_round, *, user, can_edit: bool, plan_versions: str | None = None
) -> str:
    """The key of a plan's rendered item tree, or "" (not cached) for a plan still changing."""
    if plan.status not in {"adopted", "archived"}:
        return ""
    return "plan-tree:" + _digest(
        plan.pk,
        plan.status,
        plan_versions or versions(plan.pk),
        followup_round.pk if followup_round else None,
        get_language(),
        visibility(user),
        bool(can_edit),
    )


def public_plan_key(plan, *, today) -> str:
    """The key of a public plan page's content: the rounds begun depend on the day."""
    return "public-plan:" + _digest(plan.pk, versions(plan.pk), get_language(), today.isoformat())


# --- Hearing of changes ---


def _on_item(instance, **kwargs) -> None:
    from verksam.plans.models import Contribution

    linked = Contribution.objects.filter(Q(source=instance.pk) | Q(target=instance.pk))
    bump(
        {
            instance.plan_id,
            *linked.values_list("source__plan_id", flat=True),
            *linked.values_list("target__plan_id", flat=True),
        }
    )


def _on_item_relation(instance, **kwargs) -> None:
    # item.tags.add(…) names the item; tag.items.add(…) may touch any plan.
    bump([getattr(instance, "plan_id", EVERY_PLAN)])


def _on_contribution(instance, **kwargs) -> None:
    from verksam.plans.models import Item

    bump(
        Item.objects.filter(pk__in=[instance.source_id, instance.target_id]).values_list(
            "plan_id", flat=True
        )
    )


def _on_named(instance, update_fields=None, **kwargs) -> None:
    # A login writes last_login only: nothing any page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump([EVERY_PLAN])


def _on_plan_part(instance, **kwargs) -> None:
    bump([instance.plan_id])


def connect_changes() -> None:
    """Listen to every write that shows on a cached plan page (FollowupConfig.ready)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from verksam.organisations.models import Organisation
    from verksam.plans.models import Contribution, Decision, Item, Plan, PlanSection, Tag

    uid = "verksam.followup.page_cache"
    for model, receiver in (
        (Item, _on_item),
        (Contribution, _on_contribution),
        (PlanSection, _on_plan_part),
        (Decision, _on_plan_part),
        (Plan, _on_named),
        (Organisation, _on_named),
        (Tag, _on_named),
        (get_user_model(), _on_named),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    for through in (Item.tags.through, Item.responsible_people.through):
        m2m_changed.connect(_on_item_relation, sender=through, dispatch_uid=uid)
    # A plan derived from another shows on both plans' pages.
    m2m_changed.connect(_on_named, sender=Plan.derived_from.through, dispatch_uid=uid)
