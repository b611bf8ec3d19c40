"""Writing, editing, removing and resolving comments, and telling the people mentioned.

Every write checks the rules of verksam.comments.permissions itself, runs in a
transaction and is recorded in the item's history (verksam.core.services.change_record),
so the item's history shows who commented, changed, resolved or removed what and when.
A removed comment's text is also blanked in those records: removing is for what
should not have been written, and the text must not live on in the history.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.comments.models import Comment, Mention
from verksam.comments.notices import mention_message
from verksam.comments.permissions import can_discuss, can_edit, can_remove
from verksam.comments.selectors import mentionable_people, mentioned_in
from verksam.core.mail import mail_send
from verksam.core.models import ChangeRecord
from verksam.core.services import change_record, check_version, full_row, snapshot
from verksam.plans.models import Item
from verksam.plans.restore import write_rows

logger = logging.getLogger(__name__)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    return body


@transaction.atomic
def comment_create(*, user, item: Item, body: str, reply_to: Comment | None = None) -> Comment:
    """Write a comment on the item, or a reply in the thread of `reply_to`.

    For the members who take part in the item's discussion. A reply to a reply joins
    the same thread. The people named with @ are told by e-mail (`mentions_notify`).
    """
    if not can_discuss(user, item):
        raise PermissionDenied
    parent = None
    if reply_to is not None:
        if reply_to.item_id != item.pk:
            raise ValidationError({"reply_to": _("Reply to a comment on the same item.")})
        parent = reply_to.parent if reply_to.parent_id else reply_to
    comment = Comment(item=item, parent=parent, author=user, body=_clean_body(body))
    comment.full_clean()
    comment.save()
    change_record(user=user, action=ChangeRecord.Action.CREATE, obj=comment)
    comment.told = mentions_notify(comment=comment, by=user)
    return comment


@transaction.atomic
def comment_update(
    *, user, comment: Comment, body: str, expected_version: int | None = None
) -> Comment:
    """Change the text of a comment: its writer only, and not after someone else saved it
    since the writer read it (a ConcurrentEdit, as for items). People named anew are told."""
    if not can_edit(user, comment):
        raise PermissionDenied
    check_version(comment, expected_version=expected_version)
    before = snapshot(comment)
    comment.body = _clean_body(body)
    comment.full_clean()
    if comment.body == before["body"]:
        return comment
    comment.version += 1
    comment.save()
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=comment, data=before)
    comment.told = mentions_notify(comment=comment, by=user)
    return comment


@transaction.atomic
def comment_remove(*, user, comment: Comment) -> Comment:
    """Remove a comment: its writer or an administrator of the item's plan.

    The row stays as a trace in its thread ("removed by X on Y") with its text gone,
    here and in the item's history; replies to it stay where they are.
    """
    if not can_remove(user, comment, comment.item):
        raise PermissionDenied
    comment.body = ""
    comment.removed_at = timezone.now()
    comment.removed_by = user
    comment.version += 1
    comment.save()
    _blank_history(comment)
    change_record(user=user, action=ChangeRecord.Action.DELETE, obj=comment, data=snapshot(comment))
    return comment


def _blank_history(comment: Comment) -> None:
    """Blank the comment's text in its own records, and in the rows that deletions of
    its item kept to restore it with the item (`comments_kept`)."""
    records = list(
        ChangeRecord.objects.filter(object_type=Comment._meta.label_lower, object_id=comment.pk)
    )
    for record in records:
        for values in (record.data, record.after):
            if isinstance(values, dict) and values.get("body"):
                values["body"] = ""
        record.object_repr = str(comment)[:300]
    deletions = ChangeRecord.objects.filter(
        plan_id=comment.item.plan_id,
        object_type=Item._meta.label_lower,
        action=ChangeRecord.Action.DELETE,
    ).only("id", "data")
    for record in deletions:
        kept = record.data.get("subtree", {}) if isinstance(record.data, dict) else {}
        rows = kept.get("comments") if isinstance(kept, dict) else None
        for row in rows or []:
            if row.get("id") == comment.pk and row.get("body"):
                row["body"] = ""
                records.append(record)
    ChangeRecord.objects.bulk_update(records, ["data", "after", "object_repr"])


@transaction.atomic
def thread_resolve(*, user, comment: Comment, resolved: bool) -> Comment:
    """Mark a thread resolved, or open it again; any member in the discussion may.

    `comment` may be any comment of the thread; the thread's first comment is marked.
    Marking a thread as it already is changes nothing and records nothing.
    """
    if not can_discuss(user, comment.item):
        raise PermissionDenied
    first = comment.parent if comment.parent_id else comment
    first = Comment.objects.select_for_update().get(pk=first.pk)
    first.item = comment.item
    if first.is_resolved == resolved:
        return first
    before = snapshot(first)
    first.resolved_at = timezone.now() if resolved else None
    first.resolved_by = user if resolved else None
    first.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    change_record(user=user, action=ChangeRecord.Action.UPDATE, obj=first, data=before)
    return first


def mentions_notify(*, comment: Comment, by) -> list:
    """Record the people the comment names with @ and e-mail those not yet told about it.

    Only members who take part in the item's discussion can be named. Each person is
    told once per comment, however often it is saved or sent: as with follow-up
    reminders, the Mention row is marked as told in the same transaction in which the
    e-mail is handed to the mail backend, by an update that only one sending can win.
    When the mail backend refuses, the mark is taken back and the next save tries again.
    Answers the people e-mailed now.
    """
    item = comment.item
    if comment.is_removed:
        return []
    people = mentionable_people(item)
    named = [
        person
        for person in mentioned_in(comment.body, people)
        if person.pk != getattr(by, "pk", None)
    ]
    if named:
        known = set(
            Mention.objects.filter(comment=comment, user__in=named).values_list(
                "user_id", flat=True
            )
        )
        Mention.objects.bulk_create(
            [Mention(comment=comment, user=person) for person in named if person.pk not in known],
            ignore_conflicts=True,
        )
    # Someone who no longer takes part in the discussion is not told of it any more.
    pending = list(
        Mention.objects.filter(
            comment=comment,
            notified_at__isnull=True,
            user__in=[person.pk for person in people],
        )
        .exclude(user__email="")
        .select_related("user")
    )
    told = []
    url = reverse("plans:item_detail", args=[item.plan_id, item.pk]) + f"#comment-{comment.pk}"
    for mention in pending:
        claimed = Mention.objects.filter(pk=mention.pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            continue  # another sending told them
        if mail_send(mention_message(mention, comment=comment, by=by, url=url)):
            told.append(mention.user)
        else:
            Mention.objects.filter(pk=mention.pk).update(notified_at=None)
    return told


def mentions_send_pending() -> int:
    """E-mail the mentions the mail backend refused before; answers how many were told.

    For `verksam send_comment_mentions`, run e.g. daily beside the follow-up reminders.
    Each comment is handled in its own transaction by `mentions_notify`, with the rules
    as they are now: a removed comment, or a person who no longer takes part, is not told.
    """
    comment_ids = (
        Mention.objects.filter(notified_at__isnull=True, comment__removed_at__isnull=True)
        .values_list("comment_id", flat=True)
        .distinct()
    )
    comments = Comment.objects.filter(pk__in=list(comment_ids)).select_related(
        "author", "item__plan__organisation"
    )
    told = 0
    for comment in comments:
        with transaction.atomic():
            told += len(mentions_notify(comment=comment, by=comment.author))
    return told


def comments_kept(ids: list[int]) -> dict[str, list[dict]]:
    """The comments on the items `ids` and their mentions, as a deletion of the items
    keeps them (verksam.plans.restore), so a restored item gets its discussion back."""
    return {
        "comments": [
            full_row(row) for row in Comment.objects.filter(item_id__in=ids).order_by("id")
        ],
        "comment_mentions": [
            full_row(row) for row in Mention.objects.filter(comment__item_id__in=ids).order_by("id")
        ],
    }


def comments_write_back(plan, content: dict, item_ids: dict[int, int]) -> None:
    """Write the kept comments of restored items back: threads' first comments, then the
    replies in them, then the mentions (whose e-mails were sent before and are not again)."""
    rows = content.get("comments", [])
    firsts = [row for row in rows if not row.get("parent_id")]
    first_ids = write_rows(Comment, firsts, {"item_id": item_ids})
    replies = [row for row in rows if row.get("parent_id") in first_ids]
    reply_ids = write_rows(Comment, replies, {"item_id": item_ids, "parent_id": first_ids})
    comment_ids = {**first_ids, **reply_ids}
    mentions = [
        row for row in content.get("comment_mentions", []) if row["comment_id"] in comment_ids
    ]
    write_rows(Mention, mentions, {"comment_id": comment_ids})
