import datetime

import pytest
from django.core.exceptions import ValidationError

from verksam.core.models import ChangeRecord
from verksam.plans.choices import PlanKind, PlanStatus, PriorityGroup, SectionKind
from verksam.plans.models import Contribution, Decision, Item, Plan, PlanSection, Tag
from verksam.plans.services import (
    contribution_add,
    contribution_remove,
    item_create,
    item_delete,
    item_move,
    item_update,
    plan_adopt,
    plan_archive,
    plan_create,
    plan_revise,
    plan_sections_save,
    plan_set_published,
    plan_update,
)
from verksam.testing import make_item, make_plan, make_tag

LEVELS = ["Fokusområde", "Mål", "Aktivitet"]


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Plan, PlanSection, Item, Contribution, Decision, ChangeRecord)
    }


def plan_state(plan: Plan) -> dict:
    """Everything stored about a plan and its content, to compare before and after."""
    return {
        "plan": Plan.objects.filter(pk=plan.pk).values().get(),
        "derived_from": sorted(plan.derived_from.values_list("pk", flat=True)),
        "sections": list(PlanSection.objects.filter(plan=plan).order_by("id").values()),
        "items": list(Item.objects.filter(plan=plan).order_by("id").values()),
        "tags": sorted(
            Item.tags.through.objects.filter(item__plan=plan).values_list("item_id", "tag_id")
        ),
        "contributions": sorted(
            Contribution.objects.filter(source__plan=plan).values_list("source_id", "target_id")
        ),
        "decisions": list(Decision.objects.filter(plan=plan).order_by("id").values()),
    }


def last_record() -> ChangeRecord:
    return ChangeRecord.objects.order_by("-id").first()


def create(personas, **overrides) -> Plan:
    arguments = {
        "user": personas.editor,
        "organisation": personas.home,
        "kind": PlanKind.OPERATIONAL_PLAN,
        "title": "  Verksamhetsplan 2027  ",
        "period_start": datetime.date(2027, 1, 1),
        "period_end": datetime.date(2027, 12, 31),
        "level_names": [" Fokusområde ", "Mål"],
    }
    arguments.update(overrides)
    return plan_create(**arguments)


def adopt(personas, plan: Plan) -> Decision:
    return plan_adopt(
        user=personas.admin,
        plan=plan,
        body="Kultur- och fritidsnämnden",
        decided_on=datetime.date(2026, 2, 12),
        case_number="KFN 2026/0042",
    )


# plan_create


def test_it_creates_a_draft_plan(personas):
    plan = create(personas)

    stored = Plan.objects.get(pk=plan.pk)
    assert stored.status == PlanStatus.DRAFT
    assert not stored.is_published
    assert stored.title == "Verksamhetsplan 2027"
    assert stored.level_names == ["Fokusområde", "Mål"]
    assert stored.organisation == personas.home
    assert stored.version == 1
    record = last_record()
    assert (record.action, record.object_type, record.object_id) == (
        ChangeRecord.Action.CREATE,
        "plans.plan",
        plan.pk,
    )
    assert record.user == personas.editor


def test_it_refuses_a_period_that_ends_before_it_starts(personas):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        create(
            personas,
            period_start=datetime.date(2027, 12, 31),
            period_end=datetime.date(2027, 1, 1),
        )
    assert "period_end" in error.value.message_dict
    assert row_counts() == before


@pytest.mark.parametrize("level_names", [[], ["Mål", "  "]])
def test_it_refuses_a_plan_without_named_levels(personas, level_names):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        create(personas, level_names=level_names)
    assert "level_names" in error.value.message_dict
    assert row_counts() == before


def test_it_refuses_a_plan_without_a_title(personas):
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        create(personas, title="   ")
    assert "title" in error.value.message_dict
    assert row_counts() == before


def test_it_links_the_plans_a_new_plan_derives_from(personas):
    library_plan = make_plan(personas.home, title="Biblioteksplan", kind=PlanKind.LIBRARY_PLAN)
    regional_plan = make_plan(personas.other, title="Regional biblioteksplan")

    plan = create(personas, derived_from=[library_plan, regional_plan])

    assert set(plan.derived_from.all()) == {library_plan, regional_plan}
    assert list(library_plan.derived_plans.all()) == [plan]
    assert plan.sections.count() == 0


def test_it_copies_the_sections_of_the_plan_it_is_told_to(personas):
    library_plan = make_plan(personas.home, title="Biblioteksplan", kind=PlanKind.LIBRARY_PLAN)
    PlanSection.objects.create(
        plan=library_plan, kind=SectionKind.VISION, title="Vision", body="Alla läser.", position=0
    )
    PlanSection.objects.create(
        plan=library_plan, kind=SectionKind.PURPOSE, title="Syfte", body="Därför.", position=1
    )

    plan = create(personas, derived_from=[library_plan], copy_sections_from=library_plan)

    copied = list(plan.sections.values_list("kind", "title", "body", "position"))
    assert copied == [
        (SectionKind.VISION, "Vision", "Alla läser.", 0),
        (SectionKind.PURPOSE, "Syfte", "Därför.", 1),
    ]
    assert library_plan.sections.count() == 2  # the original keeps its own


# plan_update


def test_it_updates_a_draft_and_counts_up_its_version(personas):
    plan = personas.draft_plan
    old_title = plan.title

    updated = plan_update(
        user=personas.editor, plan=plan, expected_version=1, title="Verksamhetsplan 2026 rev"
    )

    stored = Plan.objects.get(pk=plan.pk)
    assert stored.title == "Verksamhetsplan 2026 rev"
    assert stored.version == 2
    assert updated.version == 2
    record = last_record()
    assert (record.action, record.object_id) == (ChangeRecord.Action.UPDATE, plan.pk)
    assert record.data["title"] == old_title  # the record keeps what it was


def test_it_refuses_an_update_based_on_an_old_version(personas):
    plan = personas.draft_plan
    plan_update(user=personas.admin, plan=plan, expected_version=1, summary="Först")
    state = plan_state(plan)
    records = ChangeRecord.objects.count()

    stale = Plan.objects.get(pk=plan.pk)
    with pytest.raises(ValidationError) as error:
        plan_update(user=personas.editor, plan=stale, expected_version=1, title="Sist")

    assert error.value.code == "concurrent_edit"
    assert plan_state(plan) == state
    assert ChangeRecord.objects.count() == records


def test_it_refuses_fewer_levels_than_the_items_use(personas):
    plan = personas.draft_plan  # its items are on two levels
    state = plan_state(plan)

    with pytest.raises(ValidationError) as error:
        plan_update(user=personas.editor, plan=plan, level_names=["Fokusområde"])

    assert "level_names" in error.value.message_dict
    assert plan_state(plan) == state


def test_it_accepts_fewer_levels_when_the_items_fit(personas):
    plan = personas.draft_plan

    plan_update(user=personas.editor, plan=plan, level_names=["Perspektiv", "Åtagande"])

    assert Plan.objects.get(pk=plan.pk).level_names == ["Perspektiv", "Åtagande"]


def test_it_refuses_to_derive_a_plan_from_itself(personas):
    plan = personas.draft_plan
    state = plan_state(plan)

    with pytest.raises(ValidationError) as error:
        plan_update(user=personas.editor, plan=plan, title="Ny titel", derived_from=[plan])

    assert "derived_from" in error.value.message_dict
    assert plan_state(plan) == state


def test_it_refuses_to_change_a_plan_adopted_after_it_was_read(personas):
    # Two people at work: one has the draft open, the other adopts it meanwhile.
    read_earlier = Plan.objects.get(pk=personas.draft_plan.pk)
    adopt(personas, Plan.objects.get(pk=personas.draft_plan.pk))

    with pytest.raises(ValidationError) as error:
        plan_update(user=personas.editor, plan=read_earlier, title="Ändrad efter beslut")

    assert error.value.code == "locked"
    stored = Plan.objects.get(pk=personas.draft_plan.pk)
    assert stored.status == PlanStatus.ADOPTED
    assert stored.title == personas.draft_plan.title


# plan_sections_save


def test_it_replaces_the_sections_in_order(personas):
    plan = personas.draft_plan
    PlanSection.objects.create(plan=plan, title="Gammal", body="Bort", position=0)

    plan_sections_save(
        user=personas.editor,
        plan=plan,
        expected_version=1,
        sections=[
            {"kind": SectionKind.VISION, "title": "", "body": "Alla läser."},
            {"kind": SectionKind.OTHER, "title": " Bakgrund ", "body": "Så här."},
        ],
    )

    saved = list(plan.sections.order_by("position").values_list("kind", "title", "position"))
    assert saved == [
        (SectionKind.VISION, str(SectionKind.VISION.label), 0),
        (SectionKind.OTHER, "Bakgrund", 1),
    ]
    assert Plan.objects.get(pk=plan.pk).version == 2
    record = last_record()
    assert (record.action, record.object_id) == (ChangeRecord.Action.UPDATE, plan.pk)
    assert [section["title"] for section in record.data["sections"]] == ["Gammal"]


def test_it_refuses_sections_based_on_an_old_version(personas):
    plan = personas.draft_plan
    plan_update(user=personas.admin, plan=plan, summary="Först")
    PlanSection.objects.create(plan=plan, title="Vision", body="Alla läser.", position=0)
    state = plan_state(plan)

    with pytest.raises(ValidationError) as error:
        plan_sections_save(user=personas.editor, plan=plan, expected_version=1, sections=[])

    assert error.value.code == "concurrent_edit"
    assert plan_state(plan) == state


# plan_adopt and the lock


def test_it_adopts_a_draft_with_a_decision(personas):
    plan = personas.draft_plan

    decision = adopt(personas, plan)

    stored = Plan.objects.get(pk=plan.pk)
    assert stored.status == PlanStatus.ADOPTED
    assert stored.version == 2
    assert list(stored.decisions.all()) == [decision]
    assert (decision.body, decision.decided_on, decision.case_number) == (
        "Kultur- och fritidsnämnden",
        datetime.date(2026, 2, 12),
        "KFN 2026/0042",
    )
    record = last_record()
    assert (record.action, record.object_id) == (ChangeRecord.Action.ADOPT, plan.pk)
    assert record.user == personas.admin


def test_it_refuses_to_adopt_a_plan_that_is_not_a_draft(personas):
    plan = personas.adopted_unpublished_plan
    before = row_counts()

    with pytest.raises(ValidationError) as error:
        adopt(personas, plan)

    assert error.value.code == "not_draft"
    assert row_counts() == before


def test_it_refuses_an_adoption_without_a_deciding_body(personas):
    plan = personas.draft_plan
    state = plan_state(plan)

    with pytest.raises(ValidationError) as error:
        plan_adopt(user=personas.admin, plan=plan, body="  ", decided_on=datetime.date.today())

    assert "body" in error.value.message_dict
    assert plan_state(plan) == state


def _change_settings(personas, plan, item, other_item):
    plan_update(user=personas.editor, plan=plan, title="Ändrad")


def _add_item(personas, plan, item, other_item):
    item_create(user=personas.editor, plan=plan, title="Ny aktivitet", parent=item)


def _edit_item(personas, plan, item, other_item):
    item_update(user=personas.editor, item=item, title="Ändrad")


def _move_item(personas, plan, item, other_item):
    child = item.children.get()
    item_move(user=personas.editor, item=child, parent=None)


def _delete_item(personas, plan, item, other_item):
    item_delete(user=personas.editor, item=item)


def _save_sections(personas, plan, item, other_item):
    plan_sections_save(user=personas.editor, plan=plan, sections=[{"title": "Ny", "body": ""}])


def _add_link(personas, plan, item, other_item):
    contribution_add(user=personas.editor, source=item, target=other_item)


def _remove_link(personas, plan, item, other_item):
    contribution_remove(user=personas.editor, source=item.children.get(), target=other_item)


@pytest.mark.parametrize(
    "change",
    [
        _change_settings,
        _add_item,
        _edit_item,
        _move_item,
        _delete_item,
        _save_sections,
        _add_link,
        _remove_link,
    ],
)
def test_it_refuses_every_change_to_an_adopted_plan(personas, change):
    plan = personas.draft_plan
    PlanSection.objects.create(plan=plan, title="Vision", body="Alla läser.", position=0)
    item = plan.items.get(depth=0)
    other_item = personas.published_plan.items.get(depth=0)
    Contribution.objects.create(source=item.children.get(), target=other_item)
    adopt(personas, plan)
    plan = Plan.objects.get(pk=plan.pk)
    item = plan.items.get(depth=0)
    state = plan_state(plan)
    records = ChangeRecord.objects.count()

    with pytest.raises(ValidationError) as error:
        change(personas, plan, item, other_item)

    assert error.value.code == "locked"
    assert plan_state(plan) == state
    assert ChangeRecord.objects.count() == records


# plan_set_published and plan_archive


def test_it_publishes_an_adopted_plan_and_withdraws_it(personas):
    plan = personas.adopted_unpublished_plan

    plan_set_published(user=personas.admin, plan=plan, is_published=True)
    assert Plan.objects.get(pk=plan.pk).is_published
    assert (last_record().action, last_record().object_id) == (
        ChangeRecord.Action.UPDATE,
        plan.pk,
    )

    plan_set_published(user=personas.admin, plan=plan, is_published=False)
    assert not Plan.objects.get(pk=plan.pk).is_published


def test_it_refuses_to_publish_a_draft(personas):
    plan = personas.draft_plan
    state = plan_state(plan)
    records = ChangeRecord.objects.count()

    with pytest.raises(ValidationError) as error:
        plan_set_published(user=personas.admin, plan=plan, is_published=True)

    assert "is_published" in error.value.message_dict
    assert plan_state(plan) == state
    assert ChangeRecord.objects.count() == records


def test_it_archives_an_adopted_plan(personas):
    plan = personas.published_plan

    plan_archive(user=personas.admin, plan=plan)

    stored = Plan.objects.get(pk=plan.pk)
    assert stored.status == PlanStatus.ARCHIVED
    assert stored.is_publicly_visible
    assert (last_record().action, last_record().object_id) == (
        ChangeRecord.Action.ARCHIVE,
        plan.pk,
    )


def test_it_refuses_to_archive_a_draft(personas):
    plan = personas.draft_plan
    state = plan_state(plan)

    with pytest.raises(ValidationError) as error:
        plan_archive(user=personas.admin, plan=plan)

    assert error.value.code == "not_adopted"
    assert plan_state(plan) == state


# plan_revise


def shape(plan: Plan) -> list[tuple]:
    """The item tree by titles: (title, parent's title, depth, position), in tree order."""
    return sorted(
        (item.title, item.parent.title if item.parent else None, item.depth, item.position)
        for item in plan.items.select_related("parent")
    )


def make_adopted_plan_with_content(personas):
    library_plan = make_plan(personas.home, title="Biblioteksplan", kind=PlanKind.LIBRARY_PLAN)
    regional_plan = make_plan(personas.other, title="Regional biblioteksplan")
    regional_goal = make_item(regional_plan, "Läsande region")
    plan = make_plan(personas.home, title="Verksamhetsplan 2027", year=2027, summary="Kort.")
    plan.derived_from.set([library_plan])
    PlanSection.objects.create(
        plan=plan, kind=SectionKind.VISION, title="Vision", body="Alla läser.", position=0
    )
    PlanSection.objects.create(plan=plan, title="Bakgrund", body="Så här.", position=1)
    reading = make_item(plan, "Läsfrämjande")
    goal = make_item(plan, "Fler barn läser", parent=reading)
    activity = make_item(plan, "Bokstart", parent=goal, description="Hembesök.")
    make_item(plan, "Sommarboken", parent=goal)
    make_item(plan, "Fler unga läser", parent=reading)
    make_item(plan, "Digital delaktighet")
    children = Tag.objects.get(priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE)
    outward = make_tag("Yttre perspektiv")
    goal.tags.set([children])
    activity.tags.set([children, outward])
    activity.responsible_people.set([personas.reporter])
    Contribution.objects.create(source=goal, target=regional_goal)
    # A link into the plan from elsewhere belongs to the other plan, not to this one.
    Contribution.objects.create(source=regional_goal, target=reading)
    adopt(personas, plan)
    return Plan.objects.get(pk=plan.pk), library_plan, regional_goal


def test_it_revises_an_adopted_plan_into_a_new_draft(personas):
    plan, library_plan, _ = make_adopted_plan_with_content(personas)

    copy = plan_revise(user=personas.editor, plan=plan)

    assert copy.pk != plan.pk
    assert copy.status == PlanStatus.DRAFT
    assert not copy.is_published
    assert copy.previous_version == plan
    assert list(plan.next_versions.all()) == [copy]
    assert (copy.title, copy.kind, copy.summary, copy.organisation) == (
        plan.title,
        plan.kind,
        plan.summary,
        plan.organisation,
    )
    assert (copy.period_start, copy.period_end, copy.level_names) == (
        plan.period_start,
        plan.period_end,
        plan.level_names,
    )
    assert list(copy.derived_from.all()) == [library_plan]
    record = last_record()
    assert (record.action, record.object_id) == (ChangeRecord.Action.REVISE, copy.pk)


def test_it_copies_sections_and_the_item_tree_when_revising(personas):
    plan, _, _ = make_adopted_plan_with_content(personas)

    copy = plan_revise(user=personas.editor, plan=plan)

    def sections(p):
        return list(
            p.sections.order_by("position").values_list("kind", "title", "body", "position")
        )

    assert sections(copy) == sections(plan)
    assert len(sections(copy)) == 2
    assert shape(copy) == shape(plan)
    assert len(shape(copy)) == 6
    original_ids = set(plan.items.values_list("pk", flat=True))
    for item in copy.items.select_related("parent"):
        assert item.pk not in original_ids
        assert item.parent is None or item.parent.plan_id == copy.pk
    activity = copy.items.get(title="Bokstart")
    assert activity.description == "Hembesök."


def test_it_copies_tags_people_and_outgoing_links_when_revising(personas):
    plan, _, regional_goal = make_adopted_plan_with_content(personas)

    copy = plan_revise(user=personas.editor, plan=plan)

    goal = copy.items.get(title="Fler barn läser")
    activity = copy.items.get(title="Bokstart")
    children = Tag.objects.get(priority_group=PriorityGroup.CHILDREN_AND_YOUNG_PEOPLE)
    assert list(goal.tags.all()) == [children]
    assert set(activity.tags.values_list("name", flat=True)) == {children.name, "Yttre perspektiv"}
    assert list(activity.responsible_people.all()) == [personas.reporter]
    assert list(goal.contributes_to.all()) == [regional_goal]
    # The regional goal now has contributions from both versions.
    assert set(regional_goal.contributors.values_list("plan_id", flat=True)) == {
        plan.pk,
        copy.pk,
    }


def test_it_leaves_the_adopted_plan_untouched_when_revising(personas):
    plan, _, _ = make_adopted_plan_with_content(personas)
    state = plan_state(plan)
    incoming = list(Contribution.objects.filter(target__plan=plan).values_list("pk", flat=True))

    plan_revise(user=personas.editor, plan=plan)

    assert plan_state(plan) == state
    assert (
        list(Contribution.objects.filter(target__plan=plan).values_list("pk", flat=True))
        == incoming
    )


def test_it_refuses_to_revise_a_draft(personas):
    before = row_counts()

    with pytest.raises(ValidationError) as error:
        plan_revise(user=personas.editor, plan=personas.draft_plan)

    assert error.value.code == "is_draft"
    assert row_counts() == before
