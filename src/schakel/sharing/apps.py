from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "schakel.sharing"
    label = "sharing"
    verbose_name = _("Gegevensdeling: regels, verstrekkingen, toestemming en rechten")

    def ready(self) -> None:
        from . import policies  # noqa: F401 -- registers the rules permissions
