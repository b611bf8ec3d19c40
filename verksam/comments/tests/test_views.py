import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verksam.comments.models import Comment
from verksam.comments.services import comment_remove, thread_resolve
from verksam.comments.tests.builders import discussed_item, make_comment
from verksam.core.form_tokens import FIELD_NAME
from verksam.plans.models import Contribution

SECRET = "Intern diskussion om budgeten"


def _published_item(personas):
    return personas.published_plan.items.select_related("plan__organisation").get(depth=1)


@pytest.mark.parametrize("persona", ["superuser", "admin", "editor", "reporter", "reader"])
def test_it_shows_the_discussion_to_members(client, personas, persona):
    item = _published_item(personas)
    make_comment(item, personas.editor, SECRET)
    client.force_login(personas.user(persona))
    page = client.get(item.get_absolute_url()).content.decode()
    assert SECRET in page
    assert 'id="comments-heading"' in page


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_it_hides_the_discussion_from_others(client, personas, persona):
    item = _published_item(personas)
    make_comment(item, personas.editor, SECRET)
    if persona != "anonymous":
        client.force_login(personas.user(persona))
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET not in page and 'id="comments-heading"' not in page
    public = reverse(
        "public:plan_detail", kwargs={"pk": item.plan_id, "slug": "verksamhetsplan-2025"}
    )
    public_page = client.get(public, follow=True)
    assert public_page.status_code == 200
    assert SECRET not in public_page.content.decode()


def test_it_shows_the_discussion_to_a_contributing_organisation(client, personas):
    item = _published_item(personas)
    make_comment(item, personas.editor, SECRET)
    Contribution.objects.create(source=personas.other_draft_plan.items.get(depth=1), target=item)
    client.force_login(personas.outsider)
    assert SECRET in client.get(item.get_absolute_url()).content.decode()


def _token(page: str, action: str) -> str:
    form = re.search(rf'<form method="post" action="{re.escape(action)}"[\s\S]*?</form>', page)
    assert form, action
    return re.search(rf'name="{FIELD_NAME}" value="([^"]+)"', form.group(0)).group(1)


def test_it_writes_a_comment_and_a_reply_from_the_item_page(client, personas):
    item = discussed_item(personas)
    client.force_login(personas.reporter)
    url = reverse("comments:comment_create", args=[item.plan_id, item.pk])
    page = client.get(item.get_absolute_url()).content.decode()
    token = _token(page, url)
    data = {"body": f"Ska vi fråga @{personas.reader.username}?", FIELD_NAME: token}
    response = client.post(url, data)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{item.get_absolute_url()}#comment-{comment.pk}"
    assert client.post(url, data).status_code == 302  # sent twice
    assert Comment.objects.count() == 1
    assert len(mail.outbox) == 1

    reply = client.post(url, {"body": "Ja", "reply_to": comment.pk})
    assert reply.status_code == 302
    assert Comment.objects.get(body="Ja").parent == comment


def test_it_shows_the_form_again_naming_the_field_when_the_comment_is_empty(client, personas):
    item = discussed_item(personas)
    client.force_login(personas.reader)
    url = reverse("comments:comment_create", args=[item.plan_id, item.pk])
    response = client.post(url, {"body": "   "})
    assert response.status_code == 200
    assert "Skriv kommentaren." in response.content.decode()
    assert not Comment.objects.exists()


def test_it_shows_both_versions_when_the_comment_was_changed_meanwhile(client, personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.editor, "Första")
    client.force_login(personas.editor)
    url = reverse("comments:comment_edit", args=[comment.pk])
    assert client.post(url, {"body": "Andra", "version": 1}).status_code == 302
    response = client.post(url, {"body": "Tredje", "version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Andra" in page and "Tredje" in page
    assert Comment.objects.get(pk=comment.pk).body == "Andra"


def test_it_lets_only_the_writer_edit(client, personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.reader, "Min")
    client.force_login(personas.admin)
    url = reverse("comments:comment_edit", args=[comment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Admin", "version": 1}).status_code == 404


def test_it_shows_the_trace_of_a_removed_comment(client, personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.reader, SECRET)
    comment.item = item
    comment_remove(user=personas.admin, comment=comment)
    client.force_login(personas.reader)
    page = client.get(item.get_absolute_url()).content.decode()
    assert SECRET not in page
    assert "Kommentaren togs bort av admin den" in page


def test_it_removes_after_a_question(client, personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.reader, SECRET)
    client.force_login(personas.reader)
    url = reverse("comments:comment_remove", args=[comment.pk])
    assert SECRET in client.get(url).content.decode()
    assert Comment.objects.get(pk=comment.pk).removed_at is None
    assert client.post(url).status_code == 302
    assert Comment.objects.get(pk=comment.pk).removed_by == personas.reader
    client.force_login(personas.editor)
    assert client.get(url).status_code == 404


def test_it_resolves_and_reopens_from_the_page(client, personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.editor, "Fråga")
    client.force_login(personas.reader)
    url = reverse("comments:thread_resolve", args=[comment.pk])
    client.post(url, {"resolved": "1"})
    assert Comment.objects.get(pk=comment.pk).is_resolved
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Löst" in page and "Öppna tråden igen" in page
    client.post(url, {"resolved": "0"})
    assert not Comment.objects.get(pk=comment.pk).is_resolved
    assert client.get(url).status_code == 405


def _page_queries(client, item) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_it_reads_the_item_page_in_as_many_queries_with_1_or_30_comments(client, personas):
    item = discussed_item(personas)
    first = make_comment(item, personas.editor, "Tråd 0")
    client.force_login(personas.reader)
    _page_queries(client, item)  # warm up caches of the first request
    few = _page_queries(client, item)
    for number in range(1, 30):
        parent = first if number % 3 else None
        made = make_comment(item, personas.reporter, f"Kommentar {number}", reply_to=parent)
        if number % 5 == 0:
            made.item = item
            comment_remove(user=personas.reporter, comment=made)
        if number % 7 == 0 and parent is None:
            made.item = item
            thread_resolve(user=personas.admin, comment=made, resolved=True)
    assert Comment.objects.filter(item=item).count() == 30
    many = _page_queries(client, item)
    assert many == few


def test_it_shows_comments_in_the_items_history_without_removed_text(client, personas):
    item = discussed_item(personas)
    make_comment(item, personas.editor, "Synlig i historiken")
    removed = make_comment(item, personas.reader, SECRET)
    removed.item = item
    comment_remove(user=personas.reader, comment=removed)
    client.force_login(personas.reader)
    history = client.get(reverse("plans:item_history", args=[item.plan_id, item.pk]))
    assert history.status_code == 200
    page = history.content.decode()
    assert "Synlig i historiken" in page
    assert SECRET not in page
