from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "schakel.linkage"
    label = "linkage"
    verbose_name = _("Koppeling: één persoon, meerdere meldingen")

    def ready(self) -> None:
        from .intake_updates import connect

        connect()
