"""Whatever users write is shown as text: Django escapes it, and no page renders it as HTML.

No user text is rendered as HTML (no Markdown, no rich text); `linebreaks` and
`linebreaksbr` escape before they add their own tags. So a script in a title, a
description or an assessment comes out as visible text on every page that shows it.
"""

import datetime

import pytest
from django.urls import reverse

from verksam.documents.models import DocumentState, GeneratedDocument
from verksam.followup.choices import AssessmentState
from verksam.followup.models import Assessment, FollowUpRound
from verksam.public.selectors import public_plan_url
from verksam.testing import make_item

pytestmark = pytest.mark.django_db

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def hostile_item(personas):
    plan = personas.published_plan
    item = make_item(plan, title=f"Titel {ATTACK}", description=f"Beskrivning {ATTACK}")
    followup_round = FollowUpRound.objects.create(
        plan=plan,
        name="T1",
        rhythm="tertial",
        period_start=datetime.date(plan.period_start.year, 1, 1),
        period_end=datetime.date(plan.period_start.year, 4, 30),
        due_date=datetime.date(plan.period_start.year, 5, 20),
    )
    Assessment.objects.create(
        round=followup_round,
        item=item,
        done=f"Gjort {ATTACK}",
        results=f"Resultat {ATTACK}",
        improvements=f"Förbättringar {ATTACK}",
        state=AssessmentState.APPROVED,
    )
    return item


def assert_escaped(page: str) -> None:
    assert "<script>alert" not in page
    assert "onerror=alert(1)>" not in page
    assert ESCAPED in page


def test_it_escapes_a_script_on_the_item_page(client, personas, hostile_item):
    client.force_login(personas.editor)
    url = reverse(
        "plans:item_detail", kwargs={"plan_pk": hostile_item.plan_id, "pk": hostile_item.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_it_escapes_a_script_on_the_plan_page(client, personas, hostile_item):
    client.force_login(personas.editor)
    response = client.get(reverse("plans:plan_detail", kwargs={"pk": hostile_item.plan_id}))
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_it_escapes_a_script_on_the_public_plan_page(client, hostile_item):
    response = client.get(public_plan_url(hostile_item.plan))
    page = response.content.decode()
    assert response.status_code == 200
    assert_escaped(page)
    assert f"Gjort {ESCAPED}" in page  # the approved assessment is shown too


def test_it_escapes_a_script_in_an_html_document(
    client, personas, hostile_item, django_capture_on_commit_callbacks
):
    client.force_login(personas.editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:document_create", kwargs={"plan_pk": hostile_item.plan_id}),
            {"kind": "plan", "file_format": "html"},
        )
    document = GeneratedDocument.objects.get()
    assert document.state == DocumentState.DONE, document.error
    download = client.get(reverse("documents:document_download", kwargs={"pk": document.pk}))
    page = download.content.decode()
    assert "<script>alert" not in page
    assert "onerror=alert(1)>" not in page
    assert "&lt;script&gt;" in page
