"""Reads for the discussion of an item: its threads, and the people who can be mentioned.

Each answers in a fixed number of queries however many comments and members there
are, so the item's page costs the same with one comment or a hundred.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from verksam.comments.models import Comment
from verksam.comments.permissions import can_discuss, can_edit, can_remove, contributor_paths
from verksam.organisations.models import Membership
from verksam.plans.models import Item


@dataclass
class Thread:
    """A thread's first comment and its replies in time order, as one user may act on them."""

    first: Comment
    replies: list[Comment] = field(default_factory=list)

    @property
    def comments(self) -> list[Comment]:
        return [self.first, *self.replies]

    @property
    def is_resolved(self) -> bool:
        return self.first.is_resolved


@dataclass
class Discussion:
    """What an item's page shows of its comments to one member."""

    item: Item
    threads: list[Thread]
    people: list[Any]

    @property
    def open_count(self) -> int:
        return sum(1 for thread in self.threads if not thread.is_resolved)

    @property
    def count(self) -> int:
        return sum(len(thread.comments) for thread in self.threads)


def item_comments(item: Item) -> list[Comment]:
    """The item's comments, first comments and replies, in time order; one query."""
    return list(
        Comment.objects.filter(item_id=item.pk)
        .select_related("author", "resolved_by", "removed_by")
        .order_by("created_at", "id")
    )


def threads_of(comments: list[Comment]) -> list[Thread]:
    """The comments grouped into threads, in the order the threads were started."""
    threads: dict[int, Thread] = {}
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(first=comment)
        else:
            replies[comment.parent_id].append(comment)
    for pk, thread in threads.items():
        thread.replies = replies.get(pk, [])
    return list(threads.values())


def mentionable_people(item: Item) -> list[Any]:
    """The active members who take part in the item's discussion, by name; two queries.

    The same rule as `can_discuss`, read for everyone at once: members of the plan's
    organisation or of one above it, and members of a contributing organisation (or
    one above it) who may read the plan. Superusers who are members of none are not
    listed: they are not members to be asked.
    """
    plan = item.plan
    home = plan.organisation
    ancestors = {
        int(part) for path in contributor_paths(item) for part in path.strip("/").split("/")
    }
    organisation_ids = set(home.ancestor_ids) | ancestors
    memberships = Membership.objects.filter(
        organisation_id__in=organisation_ids, user__is_active=True
    ).values_list("user_id", "organisation_id")
    readers: set[int] = set()
    contributors: set[int] = set()
    for user_id, organisation_id in memberships:
        if organisation_id in home.ancestor_ids:
            readers.add(user_id)
        else:
            contributors.add(user_id)
    contributors -= readers
    if contributors and not plan.is_publicly_visible:
        # They read the plan only from an organisation at or below the plan's.
        below = Membership.objects.filter(
            user_id__in=contributors, organisation__path__startswith=home.path
        ).values_list("user_id", flat=True)
        contributors = set(below)
    user_ids = readers | contributors
    if not user_ids:
        return []
    people = list(get_user_model().objects.filter(pk__in=user_ids))
    return sorted(people, key=lambda u: ((u.get_full_name() or u.username).lower(), u.pk))


_WORD = re.compile(r"\w")


def mentioned_in(body: str, people: list[Any]) -> list[Any]:
    """The people named in the text as "@username" or "@First Last" (as the list of people
    offers them), each once, in the order they are first named.

    Names are compared without regard to case, and the longest name that fits wins, so
    "@Anna Berg" is Anna Berg and not a person called Anna. A name must end at the end of
    a word: "@anna" does not name "annaberg".
    """
    names: list[tuple[str, Any]] = []
    for person in people:
        names.append((person.username.lower(), person))
        full = " ".join(person.get_full_name().split()).lower()
        if full:
            names.append((full, person))
    names.sort(key=lambda pair: -len(pair[0]))
    found: dict[int, Any] = {}
    text = " ".join(body.split())
    lowered = text.lower()
    for at in (i for i, char in enumerate(text) if char == "@"):
        if at > 0 and _WORD.match(text[at - 1]):
            continue  # an e-mail address, not a mention
        rest = lowered[at + 1 :]
        for name, person in names:
            following = rest[len(name) : len(name) + 1]
            if rest.startswith(name) and not (following == "-" or _WORD.match(following)):
                found.setdefault(person.pk, person)
                break
    return list(found.values())


def item_discussion(user, item: Item) -> dict[str, Any]:
    """The item page's part: the discussion for those who take part in it, nothing for others.

    The comments, with what the user may do with each marked on it, and the people who
    can be mentioned; four queries at most beyond the user's memberships.
    """
    if not can_discuss(user, item):
        return {}
    comments = item_comments(item)
    for comment in comments:
        comment.item = item
        comment.user_can_edit = can_edit(user, comment)
        comment.user_can_remove = can_remove(user, comment, item)
    return {
        "discussion": Discussion(
            item=item, threads=threads_of(comments), people=mentionable_people(item)
        )
    }
