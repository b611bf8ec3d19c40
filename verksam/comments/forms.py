from django import forms
from django.utils.translation import gettext_lazy as _

from verksam.comments.models import Comment
from verksam.core.text import text_limit
from verksam.plans.forms import VersionField

#: The most characters of a comment, in the form, the model and the API alike.
BODY_LIMIT = text_limit(Comment, "body")

_BODY_HELP = _(
    "Name a member with @ and their user name or name, e.g. @kalmar-editor; "
    "they are told by e-mail."
)


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Comment"),
        max_length=BODY_LIMIT,
        strip=True,
        help_text=_BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the comment.")},
    )


class CommentForm(forms.Form):
    """A new comment on an item, or a reply in a thread (`reply_to`)."""

    body = _body_field()
    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    """The writer's change of a comment's text, with the version it was loaded with."""

    body = _body_field()
    version = VersionField()
