"""The county overview links each focus area to the lessons that serve it."""

import pytest
from django.urls import reverse

from verksam.followup.tests.overview_builders import (
    link,
    make_municipal_library,
    make_region,
    make_regional_plan,
    published_plan,
)
from verksam.lessons.services import lesson_share
from verksam.lessons.tests.test_search import _assessment
from verksam.organisations.choices import Role
from verksam.testing import make_item, make_member

pytestmark = pytest.mark.django_db


def test_it_links_each_focus_area_to_the_lessons_that_serve_it(client):
    region = make_region("Region Kalmar län", "08")
    _plan, (reading, digital) = make_regional_plan(region, ["Läsfrämjande", "Digital delaktighet"])
    _municipality, library = make_municipal_library("Kalmar kommun", "0880", "Kalmar bibliotek")
    plan = published_plan(library, "Biblioteksplan")
    goal = make_item(plan, "Fler barn läser")
    link(goal, reading)
    assessment = _assessment(plan, results="Läsfrämjandet nådde fler.")
    assessment.item = goal
    assessment.save()
    lesson_share(user=make_member(library, Role.EDITOR), assessment=assessment)

    page = client.get(reverse("dashboards:county_overview", args=[region.pk])).text

    lessons = reverse("lessons:lesson_search")
    assert f'href="{lessons}?focus_area={reading.pk}"' in page
    assert f'href="{lessons}?focus_area={digital.pk}"' in page
    found = client.get(lessons, {"focus_area": reading.pk})
    assert "Läsfrämjandet nådde fler." in found.text
    assert client.get(lessons, {"focus_area": digital.pk}).context["results"] == []
