from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Comments on items: members of a plan's organisations discuss an item."""

    name = "verksam.comments"
    verbose_name = _("Comments")
