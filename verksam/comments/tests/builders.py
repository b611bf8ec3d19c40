"""Builders of comments for tests, through the services as the pages write them."""

from verksam.comments.models import Comment
from verksam.comments.services import comment_create
from verksam.plans.models import Item


def discussed_item(personas) -> Item:
    """The lower item of the draft plan, with its plan and organisation loaded."""
    item = personas.draft_plan.items.select_related("plan__organisation").get(depth=1)
    return item


def make_comment(item: Item, author, body: str = "Hur går det?", reply_to=None) -> Comment:
    return comment_create(user=author, item=item, body=body, reply_to=reply_to)
