"""The e-mail telling a member they were mentioned in a comment.

Built with the same helpers as the follow-up reminders (verksam.core.mail), so it has
the same sender, text and HTML parts, and links that work outside the site.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from django.utils.translation import gettext as _

from verksam.core.mail import absolute_url, mail_message


def mention_message(mention, *, comment, by, url: str) -> EmailMultiAlternatives:
    """The e-mail to the person of `mention` about `comment`, in the site's language."""
    item = comment.item
    writer = (by.get_full_name() or by.username) if by is not None else ""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(name)s mentioned you in a comment on %(item)s") % {
            "name": writer,
            "item": item.title,
        }
    context = {
        "name": mention.user.get_full_name() or mention.user.username,
        "writer": writer,
        "item": item,
        "plan": item.plan,
        "organisation": item.plan.organisation,
        "body": comment.body,
        "url": absolute_url(url),
    }
    return mail_message(
        to=[mention.user.email], subject=subject, template="comments/email/mention", context=context
    )
