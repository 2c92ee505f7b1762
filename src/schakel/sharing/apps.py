from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "schakel.sharing"
    label = "sharing"
    verbose_name = _("Gegevensdeling: regels, verstrekkingen, toestemming en rechten")

    def ready(self) -> None:
        from schakel.registry import guards

        from . import policies  # noqa: F401 -- registers the rules permissions
        from .services import restricted_person_ids, restriction_guard

        # GDPR art. 18: a restricted person's reports are not edited or moved on, nor read by
        # linkage or changed by retention.
        guards.register(restriction_guard)
        guards.register_restricted_people(restricted_person_ids)
