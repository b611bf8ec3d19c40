import pytest
from django.core import mail

from verksam.comments.models import Comment
from verksam.comments.services import comment_remove
from verksam.comments.tests.builders import discussed_item, make_comment
from verksam.core.tests.api_support import bearer, make_key

SECRET = "Intern fråga om lokalerna"


def _url(item) -> str:
    return f"/api/v1/items/{item.pk}/comments"


def _published_item(personas):
    return personas.published_plan.items.select_related("plan__organisation").get(depth=1)


@pytest.mark.parametrize("persona", ["superuser", "admin", "reader"])
def test_it_lists_the_comments_to_members(client, personas, persona):
    item = _published_item(personas)
    first = make_comment(item, personas.editor, SECRET)
    make_comment(item, personas.reader, "Svar", reply_to=first)
    key = make_key(personas.user(persona))
    response = client.get(_url(item), **bearer(key))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [row["body"] for row in data["items"]] == [SECRET, "Svar"]
    assert data["items"][1]["reply_to"] == first.pk
    assert data["items"][1]["thread_id"] == first.pk


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_it_answers_404_to_others_also_for_a_published_item(client, personas, persona):
    item = _published_item(personas)
    make_comment(item, personas.editor, SECRET)
    kwargs = {} if persona == "anonymous" else bearer(make_key(personas.outsider))
    response = client.get(_url(item), **kwargs)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    posted = client.post(_url(item), {"body": "Hej"}, content_type="application/json", **kwargs)
    assert posted.status_code in {401, 404}
    assert Comment.objects.count() == 1


def test_it_lists_a_removed_comment_without_its_text(client, personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.editor, SECRET)
    comment.item = item
    comment_remove(user=personas.editor, comment=comment)
    response = client.get(_url(item), **bearer(make_key(personas.reader)))
    row = response.json()["items"][0]
    assert row["removed"] is True and row["body"] == ""
    assert row["removed_by"]["username"] == personas.editor.username
    assert SECRET not in response.content.decode()


def test_it_writes_a_comment_and_tells_the_mentioned_once(client, personas):
    item = discussed_item(personas)
    key = make_key(personas.editor)
    body = {"body": f"@{personas.reporter.username} kan du ta detta?"}
    response = client.post(_url(item), body, content_type="application/json", **bearer(key))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["author"]["username"] == personas.editor.username
    assert [message.to for message in mail.outbox] == [[personas.reporter.email]]

    reply = client.post(
        _url(item),
        {"body": "Ja", "reply_to": created["id"]},
        content_type="application/json",
        **bearer(make_key(personas.reporter)),
    )
    assert reply.status_code == 201
    assert reply.json()["reply_to"] == created["id"]
    assert len(mail.outbox) == 1


def test_it_refuses_an_empty_comment_and_a_reply_to_another_item(client, personas):
    item = discussed_item(personas)
    elsewhere = make_comment(_published_item(personas), personas.editor, "Annan punkt")
    key = make_key(personas.editor)
    empty = client.post(_url(item), {"body": "  "}, content_type="application/json", **bearer(key))
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "body"
    wrong = client.post(
        _url(item),
        {"body": "Hej", "reply_to": elsewhere.pk},
        content_type="application/json",
        **bearer(key),
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "reply_to"
    assert Comment.objects.count() == 1


def test_it_lists_in_as_many_queries_with_1_or_30_comments(client, personas):
    from verksam.core.tests.api_support import count_queries

    item = discussed_item(personas)
    make_comment(item, personas.editor, "Första")
    key = make_key(personas.reader)
    count_queries(client, _url(item), **bearer(key))
    few = count_queries(client, _url(item), **bearer(key))
    for number in range(29):
        make_comment(item, personas.reporter, f"Kommentar {number}")
    many = count_queries(client, _url(item), **bearer(key))
    assert many == few
