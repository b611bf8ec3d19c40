from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Comments on items: members of a plan's organisations discuss an item."""

    name = "verksam.comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from verksam.comments.selectors import item_discussion
        from verksam.plans.page_parts import register_item_page_part

        # An item's page shows its discussion to those who take part; plans cannot import this.
        register_item_page_part("comments", item_discussion)
