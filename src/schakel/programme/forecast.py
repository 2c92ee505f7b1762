"""Forecast of an indicator for a year, and its status colour against the target.

Pure functions of plain values (no Django models, no clock), tested table-driven.

Forecast of a count (e.g. suspects registered by the prosecution service, OM):
    forecast = counted so far + the same daily rate over the rest of the year.
    Range = 80% prediction interval for the rest of the year, assuming cases arrive at a
    steady rate that is itself uncertain: Poisson arrivals with a Gamma posterior for the
    rate (Jeffreys prior, shape = count + 1/2), whose predictive distribution for the rest
    of the year is negative binomial. Example from the 2020 progress letter: 124 suspects up
    to 30 September 2020 gives 166 (156–176) for 2020; the letter itself states 160–170.
Forecast of a level (a percentage, a number of places): the latest value measured; the
    range is that value, because nothing in the data tells how it will move.

Status colour (rule shown to users as RULE_TEXT):
    green  the forecast meets the target;
    amber  the forecast misses the target, but by no more than the indicator's tolerance
           (10% of the target unless set otherwise), or the range still reaches the target;
    red    the forecast misses the target by more than the tolerance and even the best end
           of the range does not reach it;
    grey   no target, or no figures to forecast from.
For an indicator where lower is better, "meets" means at or below the target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from scipy.stats import nbinom

PREDICTION_LEVEL = 0.80


class Method(StrEnum):
    REALISED = "realised"  # the whole year is counted: no forecast needed
    EXTRAPOLATED = "extrapolated"  # count so far plus the rate over the rest of the year
    LATEST_LEVEL = "latest_level"


class Colour(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


COLOUR_LABELS = {
    Colour.GREEN: _("Groen: doel wordt gehaald"),
    Colour.AMBER: _("Oranje: doel net niet gehaald"),
    Colour.RED: _("Rood: doel wordt niet gehaald"),
    Colour.GREY: _("Grijs: geen doel of geen cijfers"),
}

RULE_TEXT = _(
    "Groen als de prognose het doel haalt; oranje als de prognose het doel mist, maar met "
    "niet meer dan de marge van de indicator (standaard 10% van het doel) of als de "
    "bandbreedte het doel nog haalt; rood als de prognose meer dan de marge mist en ook de "
    "gunstige kant van de bandbreedte het doel niet haalt; grijs zonder doel of cijfers. De "
    "prognose van een aantal is de telling tot de peildatum plus hetzelfde tempo voor de "
    "rest van het jaar, met een 80%-voorspelinterval (Poisson met onzeker tempo); van een "
    "stand is het de laatst gemeten waarde."
)


@dataclass(frozen=True)
class Forecast:
    point: float
    low: float
    high: float
    method: Method
    as_of: dt.date


def _year_days(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def forecast_count(*, counted: float, as_of: dt.date, level: float = PREDICTION_LEVEL) -> Forecast:
    """Forecast a yearly count from the part counted from 1 January up to ``as_of``."""
    if counted < 0:
        raise ValueError("a count cannot be negative")
    year_days = _year_days(as_of.year)
    elapsed = (as_of - dt.date(as_of.year, 1, 1)).days + 1
    remaining = year_days - elapsed
    if remaining <= 0:
        return Forecast(counted, counted, counted, Method.REALISED, as_of)
    point = counted + counted * remaining / elapsed
    # Negative binomial predictive of the remaining count: n = shape, p = elapsed/(total).
    predictive = nbinom(counted + 0.5, elapsed / year_days)
    tail = (1 - level) / 2
    low = counted + float(predictive.ppf(tail))
    high = counted + float(predictive.ppf(1 - tail))
    return Forecast(point, low, high, Method.EXTRAPOLATED, as_of)


def forecast_level(*, latest: float, as_of: dt.date) -> Forecast:
    method = Method.REALISED if as_of == dt.date(as_of.year, 12, 31) else Method.LATEST_LEVEL
    return Forecast(latest, latest, latest, method, as_of)


def status_colour(
    *,
    forecast: Forecast | None,
    target: float | None,
    higher_is_better: bool,
    tolerance_percent: float,
) -> Colour:
    if forecast is None or target is None:
        return Colour.GREY
    sign = 1 if higher_is_better else -1
    best = forecast.high if higher_is_better else forecast.low
    if sign * (forecast.point - target) >= 0:
        return Colour.GREEN
    shortfall = abs(forecast.point - target)
    if shortfall <= abs(target) * tolerance_percent / 100 or sign * (best - target) >= 0:
        return Colour.AMBER
    return Colour.RED
