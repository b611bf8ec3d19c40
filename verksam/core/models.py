"""Domain-free building blocks: timestamps, optimistic locking, the change log, API keys."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A row edited in forms: `version` grows by one on every saved edit.

    An edit form carries the version it was loaded with; the service refuses the
    save when the row has moved on, so one person's edit never silently
    overwrites another's (see verksam.core.services.check_version).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class ChangeRecord(models.Model):
    """One recorded change to plan content: who did what, when, to which object.

    The `data` field keeps the object's fields as they were before a change or a
    delete (for a new object: as it was made), and `after` as they were after it
    (null after a delete), so history can show what changed and deleted plan
    content can be recovered. `plan_id` and `item_id` say which plan and item
    the change belongs to, whatever the object, so each has its history; they
    are plain numbers, not foreign keys, so the record outlives what it names.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        MOVE = "move", _("moved")
        ADOPT = "adopt", _("adopted")
        ARCHIVE = "archive", _("archived")
        REVISE = "revise", _("revised")
        LINK = "link", _("linked")
        UNLINK = "unlink", _("unlinked")
        RESTORE = "restore", _("restored")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    data = models.JSONField(_("data"), default=dict, blank=True)
    after = models.JSONField(_("after the change"), null=True, blank=True)
    plan_id = models.PositiveBigIntegerField(_("plan"), null=True, blank=True)
    item_id = models.PositiveBigIntegerField(_("item"), null=True, blank=True)

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["plan_id", "-created_at", "-id"], name="changerecord_plan_idx"),
            models.Index(fields=["item_id", "-created_at", "-id"], name="changerecord_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


#: What every API key begins with, so a key is recognised when it turns up in a log or a file.
API_KEY_MARK = "vks_"
#: How many characters of a key are kept in the clear, to tell a person's keys apart.
API_KEY_PREFIX_LENGTH = 12
#: `last_used_at` is written at most this often, so reading the API does not write every time.
API_KEY_USE_RESOLUTION = datetime.timedelta(minutes=1)


def hash_api_key(key: str) -> str:
    """The SHA-256 hex digest of a key: all that is stored of it.

    A fast hash is enough: the keys are long random strings, not passwords that
    a person chose, so they cannot be guessed from a list.
    """
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def create_for(self, *, user, name: str) -> tuple["ApiToken", str]:
        """A new key for `user`: the token row and the key itself, which is never stored."""
        key = API_KEY_MARK + secrets.token_urlsafe(32)
        token = self.create(
            user=user,
            name=name.strip(),
            key_hash=hash_api_key(key),
            prefix=key[:API_KEY_PREFIX_LENGTH],
        )
        return token, key

    def user_for_key(self, key: str):
        """The active user whose unrevoked key this is, or None; notes when it was used."""
        token = (
            self.active()
            .select_related("user")
            .filter(key_hash=hash_api_key(key.strip()), user__is_active=True)
            .first()
        )
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= API_KEY_USE_RESOLUTION:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class ApiToken(models.Model):
    """A personal key for the API (API-nyckel), sent as `Authorization: Bearer <key>`.

    A call with the key acts as its user, with the user's roles. Only the
    SHA-256 hash of the key is stored, and a short prefix to tell keys apart:
    the key itself is shown once, when it is made. A revoked key stays listed
    with the time it was revoked, and never works again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the statistics script.")
    )
    key_hash = models.CharField(_("hash of the key"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("beginning of the key"), max_length=API_KEY_PREFIX_LENGTH)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        """Stop the key from working, for good; revoking twice keeps the first time."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class FormSubmission(models.Model):
    """One sending of a form that changed something, kept for a while so that the same
    form sent again (a double click, the back button, a reload) is answered with what
    the first sending did instead of doing it twice (see verksam.core.form_tokens).

    `token` is the one-time token the form was issued with, `fingerprint` a hash of
    what was sent: the same token with other input is another sending.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.UUIDField(_("form token"))
    fingerprint = models.CharField(_("fingerprint of the sent form"), max_length=64)
    path = models.CharField(_("address"), max_length=300)
    result_url = models.CharField(_("result"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form sending")
        verbose_name_plural = _("form sendings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token", "fingerprint"], name="formsubmission_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.token}"
