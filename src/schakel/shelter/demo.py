"""Demo data of the shelter app: care-coordination coverage that gives the figure of the 2020
letter to parliament (94%). Synthetic organisations and function addresses; idempotent."""

from __future__ import annotations

from datetime import date

from . import geo, services
from .models import CareCoordination

DEMO_VALID_FROM = date(2020, 1, 1)
DEMO_SOURCE = "Demo-gegevens (de Kamerbrief van 2020 noemt een landelijke dekking van 94%)"
# 20 of the 342 municipalities without care coordination: 322/342 = 94.2%.
DEMO_UNCOVERED = (
    "Vlieland", "Terschelling", "Ameland", "Schiermonnikoog", "Texel", "Rozendaal",
    "Renswoude", "Baarle-Nassau", "Reusel-De Mierden", "Noord-Beveland", "Urk",
    "Mook en Middelaar", "Simpelveld", "Westerwolde", "Pekela", "Opmeer", "Staphorst",
    "Oudewater", "Scherpenzeel", "Vaals",
)  # fmt: skip


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.casefold()).strip("-")


def coverage_demo_load() -> int:
    """Record coverage for every municipality that has none yet; returns how many."""
    if CareCoordination.objects.exists():
        return 0
    count = 0
    for centre in geo.municipalities():
        covered = centre.municipality not in DEMO_UNCOVERED
        services.care_coordination_record(
            actor=None,
            data={
                "municipality": centre.municipality,
                "has_coordinator": covered,
                "coordinator": f"Zorgcoördinatie mensenhandel {centre.province} (demo)",
                "contact": f"zorgcoordinatie-{_slug(centre.province)}@demo.invalid",
                "valid_from": DEMO_VALID_FROM,
                "source": DEMO_SOURCE,
            },
        )
        count += 1
    return count


def shelter_demo_load() -> None:
    coverage_demo_load()
