"""The lessons in the API: found by a Swedish word form, nothing unshared or unreadable."""

import pytest

from verksam.lessons.services import lesson_share
from verksam.lessons.tests.test_search import _assessment

pytestmark = pytest.mark.django_db


def test_it_finds_a_shared_lesson_by_another_word_form(client, personas):
    assessment = _assessment(personas.published_plan, results="Läsfrämjandet nådde fler.")
    lesson_share(user=personas.editor, assessment=assessment)

    page = client.get("/api/v1/lessons", {"q": "läsfrämjande"}).json()

    assert page["count"] == 1
    assert page["items"][0]["results"] == "Läsfrämjandet nådde fler."
    assert page["items"][0]["item_id"] == assessment.item_id
    assert page["items"][0]["rank"] > 0


def test_it_never_finds_counts_or_quotes_what_the_caller_may_not_read(client, personas):
    _assessment(personas.published_plan, results="Läsfrämjandet, inte delat.")
    hidden = _assessment(personas.adopted_unpublished_plan, results="Läsfrämjandet internt.")
    lesson_share(user=personas.editor, assessment=hidden)

    for query in ({"q": "läsfrämjande"}, {}):
        response = client.get("/api/v1/lessons", query)
        assert response.json()["count"] == 0
        assert "Läsfrämjandet" not in response.text

    client.force_login(personas.reader)
    assert client.get("/api/v1/lessons", {"q": "läsfrämjande"}).json()["count"] == 1
