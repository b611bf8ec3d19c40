from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "verksam.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Connects the receiver that fails the document of a task whose worker stopped.
        from verksam.documents import tasks  # noqa: F401
