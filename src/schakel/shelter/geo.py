"""Municipality centres from the shipped open-data file, and great-circle distance."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CENTROIDS_FILE = Path(__file__).parent / "data" / "municipality_centroids.csv"
EARTH_RADIUS_KM = 6371.0
# Common names that are not municipalities of their own → the municipality's name.
ALIASES = {"Den Haag": "'s-Gravenhage", "Den Bosch": "'s-Hertogenbosch"}


@dataclass(frozen=True)
class Centre:
    municipality: str
    province: str
    latitude: float
    longitude: float


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


@cache
def centres() -> dict[str, Centre]:
    """Municipality (case- and space-insensitive) → centre."""
    with CENTROIDS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            _key(row["municipality"]): Centre(
                row["municipality"],
                row["province"],
                float(row["latitude"]),
                float(row["longitude"]),
            )
            for row in rows
        }


def centre_of(municipality: str) -> Centre | None:
    return centres().get(_key(municipality)) if municipality else None


def municipality_names() -> list[str]:
    return sorted({c.municipality for c in centres().values()})


def municipality_of(name: str) -> Centre | None:
    """The municipality itself (an alias gives the municipality it names), or None."""
    centre = centre_of(name)
    if centre is not None and centre.municipality in ALIASES:
        return centre_of(ALIASES[centre.municipality])
    return centre


def municipalities() -> list[Centre]:
    """Every municipality once (aliases left out), by name: the denominator of coverage."""
    return sorted(
        (c for c in centres().values() if c.municipality not in ALIASES),
        key=lambda c: c.municipality.casefold(),
    )


def haversine_km(a: Centre, b: Centre) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
