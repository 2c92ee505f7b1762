from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    name = "schakel.residence"
    label = "residence"
    verbose_name = _("Verblijfsregeling mensenhandel (B8/3)")

    def ready(self) -> None:
        from . import follow_up, policies  # noqa: F401 -- rules permissions, feedback provider

        follow_up.register()
