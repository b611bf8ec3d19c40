"""E-mail from Verksam: links that work outside the site, and one way to build a message.

The follow-up reminders and the notices about plans sent for decision are made
here, so every e-mail has the same sender, the same plain-text and HTML parts,
and a subject on one line whatever a plan's title holds.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

#: Where links in e-mails point when the VERKSAM_BASE_URL setting is not set.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def absolute_url(path: str) -> str:
    """The site's address of `path`, for a link in an e-mail."""
    base_url = getattr(settings, "VERKSAM_BASE_URL", DEFAULT_BASE_URL) or DEFAULT_BASE_URL
    return base_url.rstrip("/") + path


def mail_message(
    *, to: Iterable[str], subject: str, template: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    """An e-mail rendered from `template`.txt and `template`.html in the site's language.

    `subject` is translated by the caller inside the same language; line
    breaks in it are removed, since a header must not contain them.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(str(subject).split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
    )
    message.attach_alternative(html, "text/html")
    return message


def mail_send(message: EmailMultiAlternatives) -> bool:
    """Hand `message` to the mail backend; a refusal is logged, not raised.

    For notices that follow a change already made: the change stands when the
    mail server is down, and the person still sees it on the site.
    """
    try:
        message.send()
    except OSError:  # smtplib.SMTPException and connection errors are OSErrors
        logger.exception("Could not send the e-mail %r to %s.", message.subject, message.to)
        return False
    return True
