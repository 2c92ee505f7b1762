from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShelterConfig(AppConfig):
    name = "schakel.shelter"
    label = "shelter"
    verbose_name = _("Opvang: meldpunt open plaatsen")

    def ready(self) -> None:
        from . import follow_up, policies  # noqa: F401 -- rules permissions, feedback provider

        follow_up.register()
