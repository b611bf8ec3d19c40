"""An item's comments in the API, for the members who take part in its discussion only.

Everyone else, anonymous callers included, gets 404, as if the item had no comments
to ask for: the routes reveal nothing. Removed comments are listed as the trace they
leave on the page, with an empty text.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from verksam.comments import services
from verksam.comments.models import Comment
from verksam.comments.permissions import item_by_id_to_discuss
from verksam.comments.selectors import item_comments
from verksam.core.api import (
    READ_ERRORS,
    WRITE_AUTH,
    WRITE_ERRORS,
    Id,
    InvalidInput,
    PageQuery,
    caller,
    invalid,
    page_schema,
    text_of,
)

router = Router(tags=["comments"])


class PersonOut(Schema):
    username: str
    name: str


class CommentOut(Schema):
    id: int
    item_id: int
    thread_id: int = Field(description="The id of the thread's first comment.")
    reply_to: int | None = Field(description="The thread's first comment, for a reply.")
    author: PersonOut | None
    body: str = Field(description="The text; empty for a removed comment.")
    created_at: datetime
    updated_at: datetime
    version: int
    resolved: bool = Field(description="For a thread's first comment: the thread is resolved.")
    resolved_at: datetime | None
    removed: bool
    removed_by: PersonOut | None
    removed_at: datetime | None


class CommentIn(Schema):
    body: text_of(Comment, "body")
    reply_to: Id | None = Field(
        None, description="A comment on the same item: the new comment joins its thread."
    )


CommentPage = page_schema("CommentPage", CommentOut)


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"username": user.username, "name": user.get_full_name()}


def _out(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "item_id": comment.item_id,
        "thread_id": comment.thread_id,
        "reply_to": comment.parent_id,
        "author": _person(comment.author),
        "body": comment.body,
        "created_at": comment.created_at,
        "updated_at": comment.updated_at,
        "version": comment.version,
        "resolved": comment.is_resolved,
        "resolved_at": comment.resolved_at,
        "removed": comment.is_removed,
        "removed_by": _person(comment.removed_by),
        "removed_at": comment.removed_at,
    }


@router.get(
    "/items/{item_id}/comments",
    response={200: CommentPage, **READ_ERRORS},
    url_name="item_comment_list",
    summary="The comments on an item (members only)",
)
def item_comment_list(request: HttpRequest, item_id: Id, page: Query[PageQuery]):
    """Every comment on the item in time order, threads and replies alike; for the members
    of the plan's organisation and of contributing organisations. 404 for anyone else."""
    item = item_by_id_to_discuss(caller(request), item_id)
    comments = item_comments(item)
    return {
        "count": len(comments),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_out(comment) for comment in comments[page.offset : page.offset + page.limit]],
    }


@router.post(
    "/items/{item_id}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    url_name="item_comment_create",
    summary="Comment on an item, or reply in a thread (members only)",
)
def item_comment_create(request: HttpRequest, item_id: Id, data: CommentIn):
    """Write a comment; `reply_to` adds it to that comment's thread. Members named as
    @username are told by e-mail, once. 404 for anyone who does not take part."""
    user = caller(request)
    item = item_by_id_to_discuss(user, item_id)
    reply_to = None
    if data.reply_to is not None:
        reply_to = Comment.objects.filter(pk=data.reply_to, item=item).first()
        if reply_to is None:
            raise invalid("reply_to", _("There is no comment with this id on the item."))
    try:
        comment = services.comment_create(user=user, item=item, body=data.body, reply_to=reply_to)
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from None
    comment = Comment.objects.select_related("author", "removed_by").get(pk=comment.pk)
    return Status(201, _out(comment))
