"""Demo data of the programme monitor: the 2004 plan (when its text is beside the
repository), the 2020 programme from its data file, and the demo ministry's link."""

from __future__ import annotations

from schakel.accounts.models import Organisation
from schakel.accounts.roles import OrganisationKind

from .datafile import programme_data_load
from .importer import PLAN_2004_SLUG, default_plan_text_path, plan_import_file
from .models import Ministry, Plan
from .services import ministry_link

DEMO_MINISTRY_ORGANISATION = "Ministerie van Justitie en Veiligheid (demo)"
# The demo ministry speaks for Justitie (now JenV) and for the 2004 Minister voor
# Vreemdelingenzaken en Integratie, whose portfolio is part of JenV today.
DEMO_MINISTRY_CODES = ("JenV", "VenI")


def programme_demo_load() -> None:
    """Idempotent and fast: each part is skipped when already there."""
    if not Plan.objects.filter(slug=PLAN_2004_SLUG).exists():
        path = default_plan_text_path()
        if path.is_file():
            plan_import_file(path=path, actor=None)
    programme_data_load(actor=None)
    organisation = Organisation.objects.filter(
        name=DEMO_MINISTRY_ORGANISATION, kind=OrganisationKind.MINISTRY
    ).first()
    if organisation is not None:
        for ministry in Ministry.objects.filter(code__in=DEMO_MINISTRY_CODES):
            ministry_link(ministry=ministry, organisation=organisation, actor=None)
