"""Who takes part in the discussion of an item, and who may change a comment.

An item is discussed by the members of its plan's organisation (any role, also one
reaching down from an organisation above) and by the members of the organisations
whose items contribute to it (plans' Contribution links), as far as they may read
the item's plan. Nobody else, logged in or not, sees that comments exist: the pages
and the API answer 404, as for anything else a person may not see.
"""

from django.http import Http404

from verksam.comments.models import Comment
from verksam.organisations.choices import Role
from verksam.organisations.permissions import has_role, member_paths
from verksam.plans.models import Contribution, Item
from verksam.plans.permissions import can_administer_plan, can_read_plan, item_for_user

_CONTRIBUTORS_ATTRIBUTE = "_comments_contributor_paths"


def contributor_paths(item: Item) -> list[str]:
    """Tree paths of the organisations whose plans' items contribute to the item; read once."""
    paths = getattr(item, _CONTRIBUTORS_ATTRIBUTE, None)
    if paths is None:
        paths = sorted(
            set(
                Contribution.objects.filter(target_id=item.pk).values_list(
                    "source__plan__organisation__path", flat=True
                )
            )
        )
        setattr(item, _CONTRIBUTORS_ATTRIBUTE, paths)
    return paths


def can_discuss(user, item: Item) -> bool:
    """Whether the user reads and writes the comments of the item (`item.plan` loaded)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    plan = item.plan
    if has_role(user, plan.organisation, Role.READER):
        return True
    own = member_paths(user)
    if not own or not can_read_plan(user, plan):
        return False
    # A role reaches down: a member of an organisation at or above a contributing one.
    return any(path.startswith(mine) for path in contributor_paths(item) for mine in own)


def can_remove(user, comment: Comment, item: Item) -> bool:
    """The writer, and the administrators of the item's plan, remove a comment."""
    if comment.is_removed or not user.is_authenticated:
        return False
    return comment.author_id == user.pk or can_administer_plan(user, item.plan)


def can_edit(user, comment: Comment) -> bool:
    """Only the writer changes the text of a comment, while it is not removed."""
    return (
        user.is_authenticated
        and not comment.is_removed
        and comment.author_id is not None
        and comment.author_id == user.pk
    )


def item_to_discuss_for_user(user, plan_pk: int, item_pk: int) -> Item:
    """The item if the user takes part in its discussion, otherwise 404."""
    item = item_for_user(user, plan_pk, item_pk)
    if not can_discuss(user, item):
        raise Http404
    return item


def item_by_id_to_discuss(user, item_pk: int) -> Item:
    """The same as `item_to_discuss_for_user`, for callers that know only the item's id."""
    plan_pk = Item.objects.filter(pk=item_pk).values_list("plan_id", flat=True).first()
    if plan_pk is None:
        raise Http404
    return item_to_discuss_for_user(user, plan_pk, item_pk)


def comment_for_user(user, pk: int, *, edit: bool = False, remove: bool = False) -> Comment:
    """The comment if the user takes part in its item's discussion (and, with `edit`,
    wrote it; with `remove`, may remove it), otherwise 404. `comment.item` is loaded
    with its plan and organisation."""
    comment = Comment.objects.filter(pk=pk).select_related("author", "parent").first()
    if comment is None:
        raise Http404
    item = item_by_id_to_discuss(user, comment.item_id)
    comment.item = item
    if edit and not can_edit(user, comment):
        raise Http404
    if remove and not can_remove(user, comment, item):
        raise Http404
    return comment
