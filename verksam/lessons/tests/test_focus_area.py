"""Narrowing the lessons to a focus area of the regional plan: the lessons of items that
contribute to it, directly or through the contributes-to chain, and the notes tagged
with it; on the page (also without words) and in the API."""

import pytest
from django.urls import reverse

from verksam.lessons.selectors import LessonFilters, lesson_list, lesson_search
from verksam.lessons.services import lesson_share
from verksam.lessons.tests.builders import make_focus_area, make_note
from verksam.lessons.tests.test_search import _assessment
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Contribution
from verksam.testing import make_item, make_plan

pytestmark = pytest.mark.django_db


def _share(plan, item, results):
    assessment = _assessment(plan, results=results)
    assessment.item = item
    assessment.save()
    return lesson_share(user=_editor_of(plan), assessment=assessment)


def _editor_of(plan):
    from verksam.organisations.choices import Role
    from verksam.testing import make_member

    return make_member(plan.organisation, Role.EDITOR)


@pytest.fixture
def chain(personas):
    """A focus area of Region Kalmar's plan; a goal of the published plan contributing to it
    directly; an activity of another published plan contributing to that goal; an item
    of the unpublished plan contributing directly; and one that contributes nothing."""
    focus_area = make_focus_area("Läsfrämjande")
    goal = personas.published_plan.items.get(depth=1)
    Contribution.objects.create(source=goal, target=focus_area)
    annual = make_plan(
        personas.home, title="Aktivitetsplan", status=PlanStatus.ADOPTED, is_published=True
    )
    activity = make_item(annual, "Bokprat på fritidsgården")
    Contribution.objects.create(source=activity, target=goal)
    hidden = personas.adopted_unpublished_plan.items.get(depth=0)
    Contribution.objects.create(source=hidden, target=focus_area)
    unrelated = make_item(personas.published_plan, "Meröppet")
    _share(personas.published_plan, goal, "Läsfrämjandet: målet.")
    _share(annual, activity, "Läsfrämjandet: aktiviteten genom kedjan.")
    _share(personas.adopted_unpublished_plan, hidden, "Läsfrämjandet: internt.")
    _share(personas.published_plan, unrelated, "Läsfrämjandet: meröppet.")
    make_note(personas.other, title="Läsfrämjandet i en anteckning").focus_areas.add(focus_area)
    make_note(personas.other, title="Läsfrämjandet utan fokusområde")
    return focus_area


def _texts(found):
    return sorted(one.note.title if one.note else one.lesson.assessment.results for one in found)


SERVING = [
    "Läsfrämjandet i en anteckning",
    "Läsfrämjandet: aktiviteten genom kedjan.",
    "Läsfrämjandet: målet.",
]


def test_it_finds_the_lessons_and_notes_that_serve_a_focus_area(personas, chain):
    filters = LessonFilters(focus_area=chain.pk)

    assert _texts(
        lesson_search(user=personas.anonymous, query="läsfrämjande", filters=filters)
    ) == (SERVING)
    assert _texts(lesson_list(user=personas.anonymous, filters=filters)) == SERVING
    assert _texts(lesson_list(user=personas.reader, filters=filters)) == sorted(
        SERVING + ["Läsfrämjandet: internt."]
    )


def test_it_finds_nothing_by_a_focus_area_the_reader_may_not_read(personas, chain):
    chain.plan.is_published = False
    chain.plan.save()

    found = lesson_list(user=personas.anonymous, filters=LessonFilters(focus_area=chain.pk))

    assert found == []


def test_it_lists_a_focus_areas_lessons_on_the_page_without_words(client, personas, chain):
    response = client.get(reverse("lessons:lesson_search"), {"focus_area": chain.pk})

    assert response.status_code == 200
    assert _texts(response.context["results"]) == SERVING
    assert "meröppet" not in response.text and "internt" not in response.text
    assert f'<option value="{chain.pk}" selected>Läsfrämjande (' in response.text


def test_it_narrows_the_api_to_a_focus_area(client, personas, chain):
    page = client.get("/api/v1/lessons", {"focus_area": chain.pk}).json()

    assert page["count"] == 3
    assert sorted(item["results"] or item["title"] for item in page["items"]) == SERVING
