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
        _register_plan_page_parts()
        _register_item_part()


def _register_item_part() -> None:
    """Deleting and restoring items keeps their assessments; plans cannot import these."""
    from verksam.followup.services import assessments_kept, assessments_write_back
    from verksam.plans.restore import ItemPart, register_item_part

    register_item_part(
        "assessments", ItemPart(kept_rows=assessments_kept, write_back=assessments_write_back)
    )


def _register_plan_page_parts() -> None:
    """The plan's pages show the follow-up of a round and are cached under the page
    versions kept here; plans cannot import follow-up (plans.page_parts)."""
    from django.utils import timezone

    from verksam.followup import page_cache, stored
    from verksam.followup.models import FollowUpRound
    from verksam.followup.selectors import plan_page_rounds
    from verksam.followup.templatetags.followup_tags import status_badge
    from verksam.plans.page_parts import FollowUpParts, register_followup_parts

    register_followup_parts(
        FollowUpParts(
            rounds=plan_page_rounds,
            statuses=stored.statuses,
            current_rounds=lambda plans: FollowUpRound.objects.current_by_plan(
                plans, timezone.localdate()
            ),
            page_versions=page_cache.versions,
            plan_tree_key=page_cache.plan_tree_key,
            plan_key=page_cache.plan_key,
            visibility=page_cache.visibility,
            cache_timeout=page_cache.TIMEOUT,
            status_badge=status_badge,
        )
    )
