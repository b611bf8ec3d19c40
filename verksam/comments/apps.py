from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Comments on items: members of a plan's organisations discuss an item."""

    name = "verksam.comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from verksam.comments.selectors import item_discussion
        from verksam.comments.services import comments_kept, comments_write_back
        from verksam.plans.page_parts import register_item_page_part
        from verksam.plans.restore import ItemPart, register_item_part

        # An item's page shows its discussion to those who take part; plans cannot import this.
        register_item_page_part("comments", item_discussion)
        # A deleted item keeps its discussion, and gets it back when it is restored. A revised
        # plan's copies start without comments: the discussion stays with the version it was of.
        register_item_part(
            "comments", ItemPart(kept_rows=comments_kept, write_back=comments_write_back)
        )
