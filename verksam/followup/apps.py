from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "verksam.followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # The stored statuses hear of every change to the roll-up's inputs (followup.stored).
        from verksam.followup.page_cache import connect_changes
        from verksam.followup.stored import connect_inputs

        connect_inputs()
        # The cached plan trees and public pages hear of what else they show.
        connect_changes()
