"""`verksam send_comment_mentions`: send the mention e-mails the mail server refused before.

A mention is e-mailed when its comment is saved; when the mail server cannot be reached
then, the e-mail waits. Run this e.g. daily, beside `send_followup_reminders`; each person
is told once about each comment, however often it runs (docs/comments.md).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from verksam.comments.services import mentions_send_pending


class Command(BaseCommand):
    """E-mail the members mentioned in comments who have not been told yet."""

    help = (
        "E-mail the members mentioned in comments whose e-mail could not be sent when the "
        "comment was saved. Each person is told once about a comment, however often it runs."
    )

    def handle(self, *args, **options) -> None:
        told = mentions_send_pending()
        self.stdout.write(_("Mention e-mails sent: %(told)d.") % {"told": told})
