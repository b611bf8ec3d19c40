"""Revising an adopted plan, and comparing versions of a plan (plans:plan_diff)."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from verksam.indicators.models import ItemIndicator, Target
from verksam.indicators.tests.builders import make_indicator, make_item_indicator, make_target
from verksam.plans import services
from verksam.plans.versions import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    REWORDED,
    plan_diff,
    plan_versions,
    word_diff,
)
from verksam.testing import make_item, make_plan, make_plan_tree

DAY = datetime.date(2026, 2, 12)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def _adopted_with_tree(personas):
    """A draft with two focus areas and three goals, adopted through the service."""
    plan = make_plan(personas.home, title="Biblioteksplan 2026")
    reading = make_item(plan, "Läsfrämjande")
    digital = make_item(plan, "Digital delaktighet")
    make_item(plan, "Fler barn läser", parent=reading, description="Vi läser för barn varje vecka")
    make_item(plan, "Lässtafett", parent=reading)
    make_item(plan, "Digitalt stöd", parent=digital)
    plan.sections.create(kind="vision", title="Vision", body="Alla läser varje dag.")
    services.plan_adopt(user=personas.admin, plan=plan, body="Kulturnämnden", decided_on=DAY)
    return plan


def _versions(personas, plan, revision):
    versions = {v.key: v for v in plan_versions(personas.admin, revision)}
    return versions[str(plan.pk)], versions[str(revision.pk)]


def test_revising_keeps_a_link_from_each_copy_to_its_origin_and_copies_indicators(personas):
    plan = _adopted_with_tree(personas)
    goal = plan.items.get(title="Fler barn läser")
    target = make_target(make_item_indicator(goal, make_indicator(key="Besok01")), 50)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    copies = {item.title: item for item in revision.items.all()}
    assert {c.origin.pk for c in copies.values()} == set(plan.items.values_list("pk", flat=True))
    assert copies["Fler barn läser"].origin == goal
    copied_use = ItemIndicator.objects.get(item=copies["Fler barn läser"])
    copied_target = Target.objects.get(item_indicator=copied_use)
    assert (copied_target.value, copied_target.period_start) == (50, target.period_start)


def test_it_finds_added_removed_moved_and_reworded_items(personas):
    plan = _adopted_with_tree(personas)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    items = {item.title: item for item in revision.items.all()}
    user = personas.editor
    services.item_update(
        user=user,
        item=items["Fler barn läser"],
        title="Fler barn och unga läser",
        description="Vi läser för barn och unga varje vecka",
    )
    services.item_move(user=user, item=items["Lässtafett"], parent=items["Digital delaktighet"])
    services.item_delete(user=user, item=items["Digitalt stöd"])
    services.item_create(user=user, plan=revision, title="Språkcafé", parent=items["Läsfrämjande"])
    services.plan_sections_save(
        user=user,
        plan=revision,
        sections=[{"kind": "vision", "title": "Vision", "body": "Alla läser varje vecka."}],
    )

    diff = plan_diff(*_versions(personas, plan, revision))

    kinds = {change.title: change.kinds for change in diff.items}
    assert kinds == {
        "Fler barn och unga läser": [REWORDED],
        "Lässtafett": [MOVED],
        "Språkcafé": [ADDED],
        "Digitalt stöd": [REMOVED],
    }
    assert diff.unchanged_items == 2
    reworded = next(c for c in diff.items if c.kinds == [REWORDED])
    assert "<ins>" in reworded.title_diff and "och unga" in reworded.title_diff
    moved = next(c for c in diff.items if c.kinds == [MOVED])
    assert "Läsfrämjande" in moved.old_place and "Digital delaktighet" in moved.new_place
    assert [(s.title, s.kind) for s in diff.sections] == [("Vision", REWORDED)]
    assert "<del>" in diff.sections[0].body_diff


def test_an_item_added_above_others_does_not_make_them_moved(personas):
    plan = _adopted_with_tree(personas)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    services.item_create(user=personas.editor, plan=revision, title="Först", position=0)
    diff = plan_diff(*_versions(personas, plan, revision))
    assert [(c.title, c.kinds) for c in diff.items] == [("Först", [ADDED])]


def test_a_reordering_among_siblings_is_a_move(personas):
    plan = _adopted_with_tree(personas)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    services.item_shift(user=personas.editor, item=revision.items.get(title="Lässtafett"), steps=-1)
    diff = plan_diff(*_versions(personas, plan, revision))
    assert [c.kinds for c in diff.items] == [[MOVED]]


def test_it_lists_other_changed_details(personas):
    plan = _adopted_with_tree(personas)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    item = revision.items.get(title="Lässtafett")
    services.item_update(user=personas.editor, item=item, responsible_organisation=personas.home)
    diff = plan_diff(*_versions(personas, plan, revision))
    assert diff.items[0].kinds == [CHANGED]
    assert diff.items[0].details == ["responsible"]


def test_it_matches_items_across_several_versions_and_snapshots(personas):
    first = _adopted_with_tree(personas)
    second = services.plan_revise(user=personas.editor, plan=first)
    services.item_update(
        user=personas.editor, item=second.items.get(title="Lässtafett"), title="Läsutmaning"
    )
    services.plan_adopt(user=personas.admin, plan=second, body="Kulturnämnden", decided_on=DAY)
    third = services.plan_revise(user=personas.editor, plan=second)

    versions = plan_versions(personas.admin, third)
    assert [v.key for v in versions] == [
        f"s{first.snapshots.get().pk}",
        str(first.pk),
        f"s{second.snapshots.get().pk}",
        str(second.pk),
        str(third.pk),
    ]
    diff = plan_diff(versions[0], versions[-1])  # first as adopted → third as it is now
    assert [(c.title, c.kinds) for c in diff.items] == [("Läsutmaning", [REWORDED])]
    assert plan_diff(versions[0], versions[1]).has_changes is False


def test_word_diff_escapes_text_and_marks_words_in_words_too():
    html = word_diff("Läs <mer>", "Läs <mindre> nu")
    assert "&lt;mindre&gt;" in html and "<mer>" not in html
    assert "[removed: " in html and "[added: " in html


# The page --------------------------------------------------------------------------------


@pytest.fixture
def reader_client(client, personas):
    client.force_login(personas.reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_page_labels_every_change_in_words(reader_client, personas):
    plan = _adopted_with_tree(personas)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    items = {item.title: item for item in revision.items.all()}
    services.item_update(user=personas.editor, item=items["Fler barn läser"], title="Alla läser")
    services.item_delete(user=personas.editor, item=items["Digitalt stöd"])
    services.item_create(user=personas.editor, plan=revision, title="Språkcafé")
    services.item_move(user=personas.editor, item=items["Lässtafett"], parent=None)

    response = reader_client.get(reverse("plans:plan_diff", args=[revision.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Added", "Removed", "Moved", "Reworded"):
        assert f'<span class="badge">{label}</span>' in html
    assert "<ins>" in html and "<del>" in html

    plan_page = reader_client.get(revision.get_absolute_url()).content.decode()
    assert reverse("plans:plan_diff", args=[revision.pk]) in plan_page


def test_the_page_compares_the_versions_chosen(reader_client, personas):
    plan = _adopted_with_tree(personas)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    services.item_create(user=personas.editor, plan=revision, title="Språkcafé")
    snapshot = plan.snapshots.get()
    url = reverse("plans:plan_diff", args=[plan.pk])
    response = reader_client.get(url, {"med": revision.pk})
    assert "Språkcafé" in response.content.decode()
    response = reader_client.get(url, {"fran": f"s{snapshot.pk}", "till": plan.pk})
    assert "same content" in response.content.decode()
    assert reader_client.get(url, {"med": personas.draft_plan.pk}).status_code == 404


def test_the_page_has_nothing_to_compare_for_a_single_draft(reader_client, personas):
    response = reader_client.get(reverse("plans:plan_diff", args=[personas.draft_plan.pk]))
    assert response.status_code == 200
    assert "no other version" in response.content.decode()


def test_the_page_hides_versions_the_user_may_not_read(client, personas):
    plan = _adopted_with_tree(personas)
    revision = services.plan_revise(user=personas.editor, plan=plan)
    client.force_login(personas.outsider)
    assert client.get(reverse("plans:plan_diff", args=[revision.pk])).status_code == 404


def _diff_queries(client, plan, revision) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plans:plan_diff", args=[revision.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_items(reader_client, personas):
    counts = []
    for size in (5, 200):
        plan = make_plan(personas.home, title=f"Plan {size}")
        make_plan_tree(plan, size)
        services.plan_adopt(user=personas.admin, plan=plan, body="Nämnden", decided_on=DAY)
        revision = services.plan_revise(user=personas.editor, plan=plan)
        services.item_create(user=personas.editor, plan=revision, title="Ny punkt")
        first = revision.items.order_by("depth", "position").first()
        services.item_update(user=personas.editor, item=first, title="Omformulerad")
        counts.append(_diff_queries(reader_client, plan, revision))
    assert counts[0] == counts[1]
