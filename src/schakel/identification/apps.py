from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "schakel.identification"
    label = "identification"
    verbose_name = _("Identificatie: indicatorenlijsten en beoordelingen")

    def ready(self) -> None:
        from . import policies  # noqa: F401 -- registers the rules permissions
