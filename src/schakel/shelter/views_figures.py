"""Pages and CSV exports of the shelter figures (aggregates, no personal data): why victims
leave shelter (action 39), occupancy over time, under-occupancy and waiting times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from schakel.accounts.helpers import request_user
from schakel.core.errors import NotAllowed

from . import charts, report_selectors, reports, tables
from .forms import FigureForm, OccupancyForm

DEFAULT_OCCUPANCY_WEEKS = 12


def _csv(table: tables.Table, filename: str) -> HttpResponse:
    response = HttpResponse(tables.to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _selection(request: HttpRequest) -> tuple[report_selectors.Selection, FigureForm]:
    form = FigureForm(request.GET or {"jaar": timezone.localdate().year})
    if not form.is_valid():
        return report_selectors.Selection(year=timezone.localdate().year), form
    data = form.cleaned_data
    return (
        report_selectors.Selection(
            year=data["jaar"],
            granularity=data["per"] or reports.Granularity.MONTH,
            kind=data["soort"],
            region=data["regio"],
        ),
        form,
    )


def _page(request: HttpRequest, context: dict[str, Any], form: Any) -> HttpResponse:
    context = {"form": form, "query": request.GET.urlencode(), **context}
    return render(request, "shelter/figures.html", context, status=400 if form.errors else 200)


def _figure(
    request: HttpRequest, read: Callable[..., Any], export_format: str = ""
) -> tuple[Any, FigureForm]:
    """A figure for the period chosen in the form, read by `read` (a report selector) as the
    signed-in user; refused reads become 403."""
    selection, form = _selection(request)
    try:
        report = read(actor=request_user(request), selection=selection, export_format=export_format)
    except NotAllowed:
        raise PermissionDenied from None
    return report, form


def _discharges(request: HttpRequest, export_format: str = "") -> tuple[Any, FigureForm]:
    return _figure(request, report_selectors.discharge_report_for, export_format)


@login_required
@require_GET
def discharges(request: HttpRequest) -> HttpResponse:
    report, form = _discharges(request)
    return _page(
        request,
        {
            "title": _("Uitstroom uit de opvang naar reden"),
            "intro": _(
                "Waarom verlaten slachtoffers de opvang (actie 39 van het Nationaal Actieplan "
                "Mensenhandel)? Uitstroom per periode, soort opvang en regio, met de "
                "verblijfsduur van plaatsing tot uitstroom. Geen persoonsgegevens."
            ),
            "exact": report.exact,
            "csv_url": "shelter:discharges_csv",
            "tables": [
                (
                    _("Uitstroom naar reden, %(year)s") % {"year": report.selection.year},
                    tables.discharge_share_table(report),
                ),
                (_("Uitstroom per periode, soort en regio"), tables.discharge_table(report)),
            ],
            "total": report.total,
        },
        form,
    )


@login_required
@require_GET
def discharges_csv(request: HttpRequest) -> HttpResponse:
    report, _form = _discharges(request, "csv")
    return _csv(tables.discharge_table(report), f"uitstroom-opvang-{report.selection.year}.csv")


def _occupancy(request: HttpRequest, export_format: str = "") -> tuple[Any, OccupancyForm]:
    today = timezone.localdate()
    default_start = (
        today - timedelta(weeks=DEFAULT_OCCUPANCY_WEEKS) - timedelta(days=today.weekday())
    )
    form = OccupancyForm(request.GET or {"van": default_start, "tot": today, "per": "week"})
    data = form.cleaned_data if form.is_valid() else {}
    try:
        report = report_selectors.occupancy_for(
            actor=request_user(request),
            start=data.get("van", default_start),
            end=data.get("tot", today),
            weekly=data.get("per", "week") != "dag",
            kind=data.get("soort", ""),
            region=data.get("regio", ""),
            export_format=export_format,
        )
    except NotAllowed:
        raise PermissionDenied from None
    return report, form


@login_required
@require_GET
def occupancy(request: HttpRequest) -> HttpResponse:
    report, form = _occupancy(request)
    return _page(
        request,
        {
            "title": _("Bezetting van de opvang"),
            "intro": _(
                "Bezette en vrije plaatsen per soort opvang en regio, aan het eind van elke "
                "dag; per week het gemiddelde van de dagen. Berekend uit de geschiedenis van "
                "de status van elke plaats."
            ),
            "exact": True,
            "csv_url": "shelter:occupancy_csv",
            "chart": charts.occupancy_chart(report),
            "tables": [(_("Bezetting per periode"), tables.occupancy_table(report))],
        },
        form,
    )


@login_required
@require_GET
def occupancy_csv(request: HttpRequest) -> HttpResponse:
    report, _form = _occupancy(request, "csv")
    return _csv(tables.occupancy_table(report), f"bezetting-opvang-{report.start}-{report.end}.csv")


class _NoForm:
    errors: dict[str, object] = {}


@login_required
@require_GET
def under_occupancy(request: HttpRequest) -> HttpResponse:
    try:
        report = report_selectors.under_occupancy_for(actor=request_user(request))
    except NotAllowed:
        raise PermissionDenied from None
    return _page(
        request,
        {
            "title": _("Onderbezetting"),
            "intro": _(
                "Locaties met een plaats die langer dan %(days)d dagen vrij staat, of die de "
                "afgelopen %(window)d dagen gemiddeld minder dan %(rate)d%% bezet waren."
            )
            % {
                "days": report.free_days,
                "window": report.window_days,
                "rate": report.low_rate,
            },
            "exact": report.exact,
            "csv_url": "shelter:under_occupancy_csv",
            "tables": [(_("Locaties met onderbezetting"), tables.under_occupancy_table(report))],
        },
        _NoForm(),
    )


@login_required
@require_GET
def under_occupancy_csv(request: HttpRequest) -> HttpResponse:
    try:
        report = report_selectors.under_occupancy_for(
            actor=request_user(request), export_format="csv"
        )
    except NotAllowed:
        raise PermissionDenied from None
    return _csv(tables.under_occupancy_table(report), "onderbezetting-opvang.csv")


def _waiting(request: HttpRequest, export_format: str = "") -> tuple[Any, FigureForm]:
    return _figure(request, report_selectors.waiting_for, export_format)


@login_required
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    report, form = _waiting(request)
    return _page(
        request,
        {
            "title": _("Wachttijd tot plaatsing"),
            "intro": _(
                "Uren van het plaatsingsverzoek tot de aankomst op de plaats, per periode van "
                "het verzoek en urgentie: mediaan en 90e percentiel."
            ),
            "exact": report.exact,
            "csv_url": "shelter:waiting_csv",
            "tables": [(_("Wachttijd per periode en urgentie"), tables.waiting_table(report))],
        },
        form,
    )


@login_required
@require_GET
def waiting_csv(request: HttpRequest) -> HttpResponse:
    report, _form = _waiting(request, "csv")
    return _csv(tables.waiting_table(report), f"wachttijd-opvang-{report.selection.year}.csv")
