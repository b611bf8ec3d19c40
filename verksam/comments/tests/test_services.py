import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from verksam.comments.models import Comment, Mention
from verksam.comments.selectors import mentionable_people, mentioned_in
from verksam.comments.services import (
    comment_remove,
    comment_update,
    mentions_notify,
    thread_resolve,
)
from verksam.comments.tests.builders import discussed_item, make_comment
from verksam.core.models import ChangeRecord
from verksam.core.services import ConcurrentEdit
from verksam.plans.models import Contribution
from verksam.plans.permissions import item_for_user


def _people(personas):
    return {user.username for user in mentionable_people(discussed_item(personas))}


def test_it_emails_a_mentioned_member_once_however_often_the_comment_is_saved(personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.editor, f"@{personas.reader.username} kan du titta?")
    assert [message.to for message in mail.outbox] == [[personas.reader.email]]
    assert personas.editor.username in mail.outbox[0].subject or "mentioned" in (
        mail.outbox[0].subject
    )
    assert item.get_absolute_url() in mail.outbox[0].body

    comment_update(
        user=personas.editor,
        comment=comment,
        body=f"@{personas.reader.username} kan du titta nu?",
        expected_version=comment.version,
    )
    mentions_notify(comment=comment, by=personas.editor)  # sent again, e.g. a retry
    assert len(mail.outbox) == 1
    assert Mention.objects.get(comment=comment).notified_at is not None


def test_it_emails_a_member_named_anew_in_an_edit(personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.editor, "Utan namn")
    assert mail.outbox == []
    comment_update(
        user=personas.editor,
        comment=comment,
        body="Fråga @" + personas.reporter.username,
        expected_version=comment.version,
    )
    assert [message.to for message in mail.outbox] == [[personas.reporter.email]]


def test_it_tries_again_when_the_mail_server_refused(personas, monkeypatch):
    from verksam.comments import services

    item = discussed_item(personas)
    monkeypatch.setattr(services, "mail_send", lambda message: False)
    comment = make_comment(item, personas.editor, f"@{personas.reader.username}")
    assert Mention.objects.get(comment=comment).notified_at is None
    monkeypatch.undo()
    mentions_notify(comment=comment, by=personas.editor)
    assert [message.to for message in mail.outbox] == [[personas.reader.email]]


def test_it_mentions_by_full_name_and_only_members_who_may_read_the_item(personas):
    item = discussed_item(personas)
    personas.reader.first_name, personas.reader.last_name = "Anna", "Berg"
    personas.reader.save()
    people = mentionable_people(item)
    found = mentioned_in(f"Hej @Anna Berg och @{personas.outsider.username}, mejla a@b.se", people)
    assert found == [personas.reader]
    assert personas.outsider.username not in _people(personas)
    make_comment(item, personas.editor, f"@{personas.outsider.username} titta")
    assert mail.outbox == []


def test_it_lets_members_of_contributing_organisations_take_part(personas):
    target = personas.published_plan.items.select_related("plan__organisation").get(depth=1)
    assert personas.outsider.username not in {u.username for u in mentionable_people(target)}
    with pytest.raises(PermissionDenied):
        make_comment(target, personas.outsider)
    Contribution.objects.create(source=personas.other_draft_plan.items.get(depth=1), target=target)
    target = item_for_user(personas.outsider, target.plan_id, target.pk)
    assert personas.outsider.username in {u.username for u in mentionable_people(target)}
    comment = make_comment(target, personas.outsider, "Vi bidrar med detta")
    assert comment.author == personas.outsider


def test_it_refuses_the_outsider_and_an_empty_comment(personas):
    item = discussed_item(personas)
    with pytest.raises(PermissionDenied):
        make_comment(item, personas.outsider)
    with pytest.raises(ValidationError) as error:
        make_comment(item, personas.reader, "   ")
    assert "body" in error.value.message_dict


def test_it_threads_a_reply_to_a_reply_in_the_same_thread(personas):
    item = discussed_item(personas)
    first = make_comment(item, personas.editor, "Start")
    reply = make_comment(item, personas.reader, "Svar", reply_to=first)
    reply_to_reply = make_comment(item, personas.reporter, "Svar på svar", reply_to=reply)
    assert reply.parent == first
    assert reply_to_reply.parent == first
    assert list(first.replies.order_by("pk")) == [reply, reply_to_reply]
    other_item = personas.draft_plan.items.get(depth=0)
    other_item.plan = item.plan
    with pytest.raises(ValidationError):
        make_comment(other_item, personas.editor, "Fel tråd", reply_to=first)


def test_it_resolves_and_reopens_a_thread_with_history(personas):
    item = discussed_item(personas)
    first = make_comment(item, personas.editor, "Start")
    reply = make_comment(item, personas.reader, "Svar", reply_to=first)
    resolved = thread_resolve(user=personas.reader, comment=reply, resolved=True)
    assert resolved.pk == first.pk
    first.refresh_from_db()
    assert first.is_resolved and first.resolved_by == personas.reader
    records = ChangeRecord.objects.filter(object_type="comments.comment", object_id=first.pk)
    assert records.count() == 2
    thread_resolve(user=personas.reader, comment=first, resolved=True)  # no change
    assert records.count() == 2
    thread_resolve(user=personas.editor, comment=first, resolved=False)
    first.refresh_from_db()
    assert not first.is_resolved and first.resolved_by is None
    assert records.count() == 3


def test_it_records_comments_in_the_items_history(personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.editor, "Historik")
    record = ChangeRecord.objects.get(object_type="comments.comment", object_id=comment.pk)
    assert (record.plan_id, record.item_id) == (item.plan_id, item.pk)
    assert record.data["body"] == "Historik"


def test_it_removes_with_a_trace_by_the_writer_or_an_administrator_only(personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.reporter, "Hemligt")
    comment.item = item
    for user in (personas.reader, personas.editor, personas.outsider):
        with pytest.raises(PermissionDenied):
            comment_remove(user=user, comment=comment)
    comment_remove(user=personas.reporter, comment=comment)
    comment.refresh_from_db()
    assert comment.body == "" and comment.removed_by == personas.reporter
    assert comment.removed_at is not None
    records = ChangeRecord.objects.filter(object_type="comments.comment", object_id=comment.pk)
    assert [r.action for r in records.order_by("pk")] == ["create", "delete"]
    assert all("Hemligt" not in str(r.data) + str(r.after) + r.object_repr for r in records)

    other = make_comment(item, personas.reader, "Också")
    other.item = item
    comment_remove(user=personas.admin, comment=other)
    assert Comment.objects.get(pk=other.pk).removed_by == personas.admin
    with pytest.raises(PermissionDenied):
        comment_remove(user=personas.admin, comment=Comment.objects.get(pk=other.pk))


def test_it_detects_a_concurrent_edit_and_lets_only_the_writer_edit(personas):
    item = discussed_item(personas)
    comment = make_comment(item, personas.editor, "Första")
    loaded = comment.version
    comment_update(user=personas.editor, comment=comment, body="Andra", expected_version=loaded)
    stale = Comment.objects.get(pk=comment.pk)
    with pytest.raises(ConcurrentEdit):
        comment_update(user=personas.editor, comment=stale, body="Tredje", expected_version=loaded)
    assert Comment.objects.get(pk=comment.pk).body == "Andra"
    with pytest.raises(PermissionDenied):
        comment_update(user=personas.admin, comment=stale, body="Admin", expected_version=2)


def test_it_gives_a_restored_item_its_discussion_back(personas):
    from verksam.plans.services import item_delete, item_restore

    item = discussed_item(personas)
    first = make_comment(item, personas.editor, f"Fråga @{personas.reader.username}")
    reply = make_comment(item, personas.reader, "Svar", reply_to=first)
    item_pk = item.pk
    item_delete(user=personas.editor, item=item)
    assert not Comment.objects.exists()
    item_restore(user=personas.editor, plan=personas.draft_plan, item_id=item_pk)
    restored = {c.pk: c for c in Comment.objects.all()}
    assert set(restored) == {first.pk, reply.pk}
    assert restored[reply.pk].parent_id == first.pk
    assert restored[first.pk].item_id == item_pk
    assert Mention.objects.get().notified_at is not None
    assert len(mail.outbox) == 1


def test_it_blanks_a_removed_comment_in_a_kept_deletion(personas):
    from verksam.plans.services import item_delete, item_restore

    item = discussed_item(personas)
    comment = make_comment(item, personas.reader, "Hemlig text")
    item_pk = item.pk
    item_delete(user=personas.editor, item=item)
    item_restore(user=personas.editor, plan=personas.draft_plan, item_id=item_pk)
    restored = Comment.objects.get(pk=comment.pk)
    restored.item = item_for_user(personas.reader, personas.draft_plan.pk, item_pk)
    comment_remove(user=personas.reader, comment=restored)
    assert not any(
        "Hemlig text" in str(record.data) + str(record.after)
        for record in ChangeRecord.objects.all()
    )


def test_it_sends_the_waiting_mentions_once_from_the_command(personas, monkeypatch):
    import io

    from django.core.management import call_command

    from verksam.comments import services
    from verksam.organisations.models import Membership

    item = discussed_item(personas)
    monkeypatch.setattr(services, "mail_send", lambda message: False)
    waiting = make_comment(item, personas.editor, f"@{personas.reader.username} titta")
    gone = make_comment(item, personas.editor, f"@{personas.reporter.username} titta")
    monkeypatch.undo()
    Membership.objects.filter(user=personas.reporter).delete()  # no longer takes part

    output = io.StringIO()
    call_command("send_comment_mentions", stdout=output)
    call_command("send_comment_mentions", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[personas.reader.email]]
    assert Mention.objects.get(comment=waiting).notified_at is not None
    assert Mention.objects.get(comment=gone).notified_at is None
    assert "1" in output.getvalue()
