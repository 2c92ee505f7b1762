"""The occupancy chart: Vega-Lite (altair) rendered to SVG on the server (vl-convert), so the
page needs no script. The table beside it is the accessible equivalent; the SVG carries a
text alternative. Without the chart libraries the page simply shows the table."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import reports
from .tables import kind_label

if TYPE_CHECKING:
    from .report_selectors import OccupancyReport

logger = logging.getLogger(__name__)


def occupancy_points(report: OccupancyReport) -> list[dict[str, object]]:
    """Occupancy in percent per period and kind (regions summed), and in total."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in report.rows:
        if row.kind != reports.ALL or row.region == reports.ALL:
            sums[(row.period, row.kind)][0] += row.occupied
            sums[(row.period, row.kind)][1] += row.capacity
    return [
        {"periode": period, "soort": kind_label(kind), "bezetting": round(100 * occ / cap, 1)}
        for (period, kind), (occ, cap) in sorted(sums.items())
        if cap
    ]


def occupancy_chart(report: OccupancyReport) -> SafeString:
    points = occupancy_points(report)
    if not points:
        return mark_safe("")
    try:
        import altair as alt
        import vl_convert

        description = _("Lijngrafiek: bezetting in procenten per soort opvang en in totaal.")
        chart = (
            alt.Chart(alt.Data(values=points))  # type: ignore[no-untyped-call]  # altair: untyped
            .mark_line(point=True)
            .encode(
                x=alt.X("periode:T", title=_("Periode")),
                y=alt.Y("bezetting:Q", title=_("Bezetting (%)"), scale=alt.Scale(domain=[0, 100])),
                color=alt.Color("soort:N", title=_("Soort opvang")),
            )
            .properties(width=560, height=260, description=description)
        )
        svg = vl_convert.vegalite_to_svg(chart.to_dict())
    except Exception:  # the table is there; a chart failure must not cost the page
        logger.exception("occupancy chart could not be drawn")
        return mark_safe("")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{description}" ', 1)
    return mark_safe(svg)  # noqa: S308 -- rendered by vl-convert from our own labels
