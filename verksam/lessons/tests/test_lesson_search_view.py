"""The lessons' search page: found by a Swedish word form, nothing else shown."""

import pytest
from django.urls import reverse

from verksam.followup.choices import AssessmentState
from verksam.lessons.services import lesson_share
from verksam.lessons.tests.test_search import _assessment

pytestmark = pytest.mark.django_db


def test_it_shows_a_shared_lesson_found_by_another_word_form_with_its_item(client, personas):
    assessment = _assessment(personas.published_plan, results="Läsfrämjandet nådde fler.")
    lesson_share(user=personas.editor, assessment=assessment)

    response = client.get(reverse("lessons:lesson_search"), {"q": "läsfrämjande"})

    assert response.status_code == 200
    assert "Läsfrämjandet nådde fler." in response.text
    assert assessment.item.get_absolute_url() in response.text


def test_it_never_shows_or_counts_what_was_not_shared_or_may_not_be_read(client, personas):
    _assessment(personas.published_plan, results="Läsfrämjandet, inte delat.")
    hidden = _assessment(personas.adopted_unpublished_plan, results="Läsfrämjandet internt.")
    lesson_share(user=personas.editor, assessment=hidden)
    _assessment(
        personas.other_draft_plan, results="Läsfrämjandet utkast.", state=AssessmentState.DRAFT
    )

    response = client.get(reverse("lessons:lesson_search"), {"q": "läsfrämjande"})

    assert "Läsfrämjandet" not in response.text
    assert response.context["results"] == []


def test_it_shares_a_follow_up_from_its_page_and_takes_it_back(client, personas):
    assessment = _assessment(personas.published_plan, results="Läsfrämjandet nådde fler.")
    client.force_login(personas.editor)
    url = reverse("lessons:lesson_share", args=[assessment.pk])

    assert client.post(url, {"method": "evaluation"}).status_code == 302
    assert assessment.lesson.method == "evaluation"
    found = client.get(reverse("lessons:lesson_search"), {"q": "läsfrämjande"})
    assert "Läsfrämjandet nådde fler." in found.text

    client.post(url, {"unshare": "1"})
    assert (
        client.get(reverse("lessons:lesson_search"), {"q": "läsfrämjande"}).context["results"] == []
    )


def test_it_links_an_approved_follow_up_to_its_share_page_for_those_who_may_share(client, personas):
    assessment = _assessment(personas.published_plan, results="Läsfrämjandet nådde fler.")
    assessment.author = personas.reporter
    assessment.approved_by = personas.editor
    assessment.save()
    page = reverse(
        "followup:assessment_edit",
        args=[personas.published_plan.pk, assessment.round_id, assessment.item_id],
    )
    share = reverse("lessons:lesson_share", args=[assessment.pk])

    for user in (personas.editor, personas.admin):
        client.force_login(user)
        assert f'href="{share}"' in client.get(page).text
    client.force_login(personas.reader)
    assert f'href="{share}"' not in client.get(page).text
    assessment.state = AssessmentState.SUBMITTED
    assessment.save()
    client.force_login(personas.editor)
    assert f'href="{share}"' not in client.get(page).text
