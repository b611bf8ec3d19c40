"""Comments on items: the members of a plan's organisations discuss an item.

A thread is a first comment and the replies to it; the first comment carries
whether the thread is open or resolved. A comment is never shown publicly, and
one removed by its writer or an administrator leaves a trace in its thread
(who removed it and when) with its text gone (verksam.comments.services).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.core.models import VersionedModel
from verksam.plans.models import Item


class CommentQuerySet(models.QuerySet):
    def threads(self):
        """The first comments of threads (not replies)."""
        return self.filter(parent__isnull=True)


class Comment(VersionedModel):
    """One comment on an item: a thread's first comment, or a reply in a thread.

    `parent` is the thread's first comment (replies to a reply join the same thread),
    so a thread is one level deep and reads in time order. `resolved_at` and
    `resolved_by` are set on a thread's first comment only. A removed comment keeps
    its row with `removed_at` and `removed_by` and an empty `body`.
    """

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("writer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"), max_length=5000, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["item", "created_at", "id"], name="comment_item_idx")]

    def __str__(self) -> str:
        if self.removed_at:
            return str(_("Removed comment"))
        text = " ".join(self.body.split())
        return text if len(text) <= 60 else text[:59] + "…"

    def history_scope(self) -> tuple[int, int]:
        """A comment belongs to its item's history (verksam.core.services.change_record)."""
        return self.item.plan_id, self.item_id

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def thread_id(self) -> int:
        return self.parent_id or self.pk

    @property
    def is_edited(self) -> bool:
        return self.version > 1


class Mention(models.Model):
    """A member named in a comment ("@username"), and when they were told by e-mail.

    One row per comment and person, kept when the name is edited out again, so a
    person is e-mailed once about a comment however often it is saved.
    `notified_at` is set in the same transaction in which the e-mail is handed
    to the mail backend, as follow-up reminders record theirs.
    """

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("told by e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="mention_once_per_comment")
        ]

    def __str__(self) -> str:
        return f"@{self.user} – {self.comment}"
