from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    """What libraries learn from their follow-up, shared for others to find."""

    name = "verksam.lessons"
    verbose_name = _("Lessons")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from verksam.followup.models import Assessment

        # Keeping the search index in step is a side effect follow-up need not know of.
        post_save.connect(_reindex_shared, sender=Assessment, dispatch_uid="lessons_reindex")


def _reindex_shared(sender, instance, **kwargs) -> None:
    from verksam.lessons.services import lesson_reindex

    lesson_reindex(assessment=instance)
