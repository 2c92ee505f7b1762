"""Care-coordination coverage (the 2020 letter to parliament reports 94%): which municipalities
have a care coordinator on a given date, as plain values, and the map as an SVG of municipality
centres (dots; no boundary file is shipped). Pure functions: the selector passes the records."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .geo import Centre


@dataclass(frozen=True)
class Record:
    municipality: str
    has_coordinator: bool
    coordinator: str
    contact: str
    valid_from: date
    source: str


@dataclass(frozen=True)
class Row:
    centre: Centre
    record: Record | None  # None: nothing recorded yet

    @property
    def covered(self) -> bool:
        return self.record is not None and self.record.has_coordinator


@dataclass(frozen=True)
class Coverage:
    on: date
    rows: list[Row]

    @property
    def covered(self) -> int:
        return sum(r.covered for r in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def percentage(self) -> float:
        return round(100 * self.covered / self.total, 1) if self.total else 0.0

    @property
    def uncovered(self) -> list[Row]:
        return [r for r in self.rows if not r.covered]


def coverage_on(
    municipalities: Sequence[Centre], records: Iterable[Record], *, on: date
) -> Coverage:
    """Per municipality the latest record valid on `on` (records in order of entry: a later
    record with the same valid_from corrects an earlier one)."""
    current: dict[str, Record] = {}
    for record in records:
        if record.valid_from <= on:
            known = current.get(record.municipality)
            if known is None or record.valid_from >= known.valid_from:
                current[record.municipality] = record
    return Coverage(on, [Row(c, current.get(c.municipality)) for c in municipalities])


# -- the map ---------------------------------------------------------------------------------

WEST, EAST, SOUTH, NORTH = 3.3, 7.3, 50.7, 53.6
SCALE = 150.0  # pixels per degree of latitude
X_FACTOR = math.cos(math.radians(52.2))  # degrees of longitude are shorter this far north
MARGIN = 10
UNCOVERED_STYLE = 'fill="#fff" stroke="#a90061" stroke-width="1.5"'


def _xy(centre: Centre) -> tuple[float, float]:
    x = MARGIN + (centre.longitude - WEST) * X_FACTOR * SCALE
    y = MARGIN + (NORTH - centre.latitude) * SCALE
    return round(x, 1), round(y, 1)


def map_svg(coverage: Coverage) -> str:
    """Covered municipalities as filled dots, uncovered as open squares with a cross: shape,
    not only colour, tells them apart. The title and description give the figures in words;
    each mark has its own title (the municipality and whether it is covered)."""
    width = round(2 * MARGIN + (EAST - WEST) * X_FACTOR * SCALE)
    height = round(2 * MARGIN + (NORTH - SOUTH) * SCALE) + 40
    title = _("Kaart van de zorgcoördinatie per gemeente op %(on)s") % {
        "on": coverage.on.strftime("%d-%m-%Y")
    }
    description = _(
        "%(covered)d van de %(total)d gemeenten hebben zorgcoördinatie (%(pct)s%%). "
        "Gemeenten zonder zorgcoördinatie: %(names)s."
    ) % {
        "covered": coverage.covered,
        "total": coverage.total,
        "pct": f"{coverage.percentage:g}".replace(".", ","),
        "names": ", ".join(r.centre.municipality for r in coverage.uncovered) or "—",
    }
    covered_label, uncovered_label = _("met zorgcoördinatie"), _("zonder zorgcoördinatie")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-labelledby="coverage-map-title coverage-map-desc" class="schakel-map">',
        f'<title id="coverage-map-title">{escape(title)}</title>',
        f'<desc id="coverage-map-desc">{escape(description)}</desc>',
    ]
    for row in coverage.rows:
        x, y = _xy(row.centre)
        label = escape(
            f"{row.centre.municipality}: {covered_label if row.covered else uncovered_label}"
        )
        if row.covered:
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="3.5" fill="#01689b"><title>{label}</title></circle>'
            )
        else:
            parts.append(
                f"<g><title>{label}</title>"
                f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" {UNCOVERED_STYLE}/>'
                f'<path d="M{x - 4} {y - 4}L{x + 4} {y + 4}M{x + 4} {y - 4}L{x - 4} {y + 4}" '
                f"{UNCOVERED_STYLE}/></g>"
            )
    legend_y = height - 20
    parts += [
        f'<circle cx="{MARGIN + 5}" cy="{legend_y}" r="3.5" fill="#01689b"/>',
        f'<text x="{MARGIN + 14}" y="{legend_y + 4}" font-size="12">{escape(covered_label)}</text>',
        f'<rect x="{MARGIN + 176}" y="{legend_y - 4}" width="8" height="8" {UNCOVERED_STYLE}/>',
        f'<text x="{MARGIN + 190}" y="{legend_y + 4}" font-size="12">'
        f"{escape(uncovered_label)}</text>",
        "</svg>",
    ]
    return "".join(parts)
