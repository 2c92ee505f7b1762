from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "schakel.sharing"
    label = "sharing"
    verbose_name = _("Gegevensdeling: regels, verstrekkingen, toestemming en rechten")

    def ready(self) -> None:
        from schakel.registry import guards

        from . import policies  # noqa: F401 -- registers the rules permissions
        from .services import restriction_guard

        # GDPR art. 18: a restricted person's reports are not edited or moved on.
        guards.register(restriction_guard)
