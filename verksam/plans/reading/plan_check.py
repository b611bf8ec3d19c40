"""The Library Act check of plans already in Verksam, read or typed.

Gathers each plan's text (title, summary, sections, item titles and descriptions) in a
fixed number of queries however many plans there are, and hands it to the pure check
in `library_act.py`.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from verksam.plans.choices import PriorityGroup
from verksam.plans.models import Item, Plan, PlanSection
from verksam.plans.reading.library_act import LibraryActCheck, check_library_act

GROUP_LABELS = {
    "disability": _("people with disabilities"),
    "national_minorities": _("national minorities"),
    "other_mother_tongue": _("people with another mother tongue than Swedish"),
    "children_young": _("children and young people"),
}
CONTENT_LABELS = {
    "period": _("the period"),
    "adopting_body": _("who adopts the plan"),
    "libraries": _("the organisation's libraries"),
    "school_libraries": _("school libraries"),
    "cooperation": _("cooperation"),
    "digital_inclusion": _("digital inclusion"),
    "reading_promotion": _("reading promotion"),
    "follow_up": _("follow-up"),
}


#: How a priority-group tag on an item reads as a sentence of the plan.
TAGGED_GROUP_PHRASES = {
    PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE: "för barn och unga",
    PriorityGroup.PEOPLE_WITH_DISABILITIES: "för personer med funktionsnedsättning",
    PriorityGroup.NATIONAL_MINORITIES: "för de nationella minoriteterna",
    PriorityGroup.OTHER_MOTHER_TONGUE: "för personer med annat modersmål än svenska",
}


def plan_library_act_checks(plans: Iterable[Plan]) -> dict[int, LibraryActCheck]:
    """{plan id: check} for the plans, in three queries.

    An item's tags count as its text: a tag naming a priority group shows that the
    plan addresses the group even when no sentence says so.
    """
    plans = list(plans)
    texts: dict[int, list[str]] = {p.pk: [p.title, p.summary] for p in plans}
    titles: dict[int, list[str]] = defaultdict(list)
    for plan_id, title, body in PlanSection.objects.filter(plan__in=plans).values_list(
        "plan_id", "title", "body"
    ):
        texts[plan_id] += [title, body]
    for plan_id, title, description in Item.objects.filter(plan__in=plans).values_list(
        "plan_id", "title", "description"
    ):
        titles[plan_id].append(title)
        texts[plan_id].append(description)
    tagged = Item.tags.through.objects.filter(item__plan__in=plans).exclude(tag__priority_group="")
    for plan_id, item_title, group in tagged.values_list(
        "item__plan_id", "item__title", "tag__priority_group"
    ):
        # The plan's own language is Swedish, so the evidence sentence is too.
        texts[plan_id].append(f"Punkten ”{item_title}” är märkt {TAGGED_GROUP_PHRASES[group]}.")
    return {
        plan.pk: check_library_act(
            "\n".join(t for t in texts[plan.pk] if t),
            item_titles=titles[plan.pk],
            has_period=bool(plan.period_start and plan.period_end),
        )
        for plan in plans
    }


def kept_library_act_checks(
    plans: Iterable[Plan], keys: Mapping[int, str], timeout: int
) -> dict[int, dict]:
    """{plan id: the plan's check as a template shows it (``labelled``)}, the checks of the
    plans with a cache key in `keys` kept in the cache under it.

    The check reads and searches every item of a plan; a plan that no longer changes is
    given a key under its page versions, which every change to its text counts up. The
    check is kept as the rule gives it, not labelled: unpickling a lazy label makes a
    class, a dozen for each plan. One cache read and, for the checks not kept, the three
    queries of ``plan_library_act_checks``, whatever the number of plans.
    """
    plans = {plan.pk: plan for plan in plans}
    kept = cache.get_many(list(keys.values())) if keys else {}
    found = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [plan for pk, plan in plans.items() if pk not in found]
    if missing:
        checked = plan_library_act_checks(missing)
        to_keep = {keys[pk]: check for pk, check in checked.items() if pk in keys}
        if to_keep:
            cache.set_many(to_keep, timeout)
        found.update(checked)
    return {pk: labelled(check) for pk, check in found.items()}


def labelled(check: LibraryActCheck) -> dict:
    """The check shaped for a template: labels, findings with their sentences, what is missing."""
    return {
        "groups": [
            {"label": GROUP_LABELS[f.name], "present": f.present, "sentences": f.sentences}
            for f in check.priority_groups
        ],
        "contents": [
            {"label": CONTENT_LABELS[f.name], "present": f.present, "sentences": f.sentences}
            for f in check.expected_contents
        ],
        "groups_found": len(check.groups_found),
        "groups_total": len(check.priority_groups),
        "missing": [CONTENT_LABELS[name] for name in check.contents_missing],
        "groups_missing": [GROUP_LABELS[name] for name in check.groups_missing],
    }
