"""Builders that the plans tests (and other apps' tests) share."""

from verksam.organisations.choices import OrganisationKind
from verksam.organisations.models import Organisation
from verksam.plans.models import Contribution, Item, Plan, Tag
from verksam.testing import Personas, make_organisation, make_plan, make_plan_tree


def make_board(municipality: Organisation) -> Organisation:
    """The municipality's culture board ("Kulturnämnden"), which decides on plans."""
    return make_organisation("Kulturnämnden", OrganisationKind.BOARD, parent=municipality)


def make_linked_plan(
    personas: Personas, count: int, title: str, **plan_fields
) -> tuple[Plan, list[Item]]:
    """A plan of the home library with `count` items on several levels, for query counts.

    Each item has a tag (taking the tags in turn), the work group as responsible
    organisation, and contributes to the first item of the published plan; `plan_fields`
    go to ``make_plan`` (status, publication …).
    """
    plan = make_plan(personas.home, title=title, **plan_fields)
    items = make_plan_tree(plan, count)
    tags = list(Tag.objects.all())
    target = personas.published_plan.items.first()
    for index, item in enumerate(items):
        item.tags.add(tags[index % len(tags)])
        item.responsible_organisation = personas.work_group
        item.save()
        Contribution.objects.create(source=item, target=target)
    return plan, items
