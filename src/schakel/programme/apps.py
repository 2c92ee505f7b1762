from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "schakel.programme"
    label = "programme"
    verbose_name = _("Programma en actieplannen")

    def ready(self) -> None:
        from . import policies  # noqa: F401 -- registers the rules permissions
