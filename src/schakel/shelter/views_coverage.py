"""Care-coordination coverage: the table, the map and the CSV for every role that places
victims or reads figures; a form for the registrar and care coordination."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.helpers import request_user
from schakel.core.errors import ApplicationError, NotAllowed

from . import coverage, selectors, services
from .forms import CareCoordinationForm, CoverageDateForm
from .policies import can_maintain_coverage
from .tables import _cell


def _coverage(request: HttpRequest) -> tuple[coverage.Coverage, CoverageDateForm]:
    form = CoverageDateForm(request.GET)
    on = (form.cleaned_data.get("peildatum") if form.is_valid() else None) or timezone.localdate()
    try:
        return selectors.coverage_for(actor=request_user(request), on=on), form
    except NotAllowed:
        raise PermissionDenied from None


@login_required
@require_GET
def coverage_page(request: HttpRequest) -> HttpResponse:
    result, form = _coverage(request)
    return render(
        request,
        "shelter/coverage.html",
        {
            "coverage": result,
            "form": form,
            "map": mark_safe(coverage.map_svg(result)),  # noqa: S308 -- every text is escaped
            "may_maintain": can_maintain_coverage(request_user(request)),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def coverage_csv(request: HttpRequest) -> HttpResponse:
    result, _form = _coverage(request)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["gemeente", "provincie", "zorgcoordinatie", "zorgcoordinator", "contact",
         "geldig_vanaf", "bron"]
    )  # fmt: skip
    for row in result.rows:
        record = row.record
        writer.writerow(
            [
                _cell(row.centre.municipality),
                row.centre.province,
                "ja" if row.covered else "nee",
                _cell(record.coordinator) if record else "",
                _cell(record.contact) if record else "",
                record.valid_from.isoformat() if record else "",
                _cell(record.source) if record else "",
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="zorgcoordinatie-{result.on.isoformat()}.csv"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def coverage_edit(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    if not actor.has_perm("shelter.maintain_coverage"):
        try:
            services.care_coordination_record(actor=actor, data={})
        except NotAllowed:  # the refusal is audited by the service
            raise PermissionDenied from None
    initial = {"municipality": request.GET.get("gemeente", ""), "valid_from": timezone.localdate()}
    form = CareCoordinationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record = services.care_coordination_record(actor=actor, data=form.cleaned_data)
            except NotAllowed:
                raise PermissionDenied from None
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(
                    request,
                    _("Zorgcoördinatie voor %(m)s vastgelegd vanaf %(d)s.")
                    % {"m": record.municipality, "d": record.valid_from.strftime("%d-%m-%Y")},
                )
                return redirect("shelter:coverage")
        status = 400
    return render(request, "shelter/coverage_edit.html", {"form": form}, status=status)
