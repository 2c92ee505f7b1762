"""Reports in and out of Schakel through files: the import page for reporting organisations
and the registrar, and the HTCDS download for the registrar. Thin views: parse → one call
into importer/exports → render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.core import audit

from . import exports, htcds
from .exchange_forms import HtcdsExportForm, ImportForm
from .importer import COLUMNS, MAX_FILE_BYTES, import_file
from .policies import purpose_for


def _require(actor: User, permission: str, object_type: str) -> None:
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type=object_type,
            purpose=purpose_for(actor),
            reason=f"lacks {permission}",
        )
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    _require(actor, "registry.add_report", "registry.report")
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            form.add_error("file", _("Het bestand is groter dan 10 MB; splits het in delen."))
        else:
            outcome = import_file(
                actor=actor,
                content=upload.read(),
                filename=upload.name,
                submit=form.cleaned_data["submit"],
            )
    return render(
        request, "registry/import.html", {"form": form, "outcome": outcome, "columns": COLUMNS}
    )


@login_required
@require_GET
def htcds_export(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    _require(actor, "registry.work_queue", "registry.person")
    form = HtcdsExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        rows = exports.htcds_export(actor=actor, year=year)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="schakel-htcds-{year}.csv"'
        htcds.write_csv(rows, response)
        return response
    return render(
        request, "registry/export_htcds.html", {"form": form, "layout": htcds.LAYOUT_VERSION}
    )
