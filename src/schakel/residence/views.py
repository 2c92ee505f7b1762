"""Screens of the residence procedure (thin views: parse → one selector or service → render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.errors import ApplicationError, NotAllowed
from schakel.core.models import AuditAction

from . import clock, exports, info_sheet, selectors, services, workflow
from .choices import ProcedureStatus
from .forms import CorrectionForm, MonitorForm, OpenForm, StepForm
from .models import Procedure
from .policies import PURPOSE, is_following_case_worker, is_immigration_service


def _actor_with(request: HttpRequest, permission: str) -> User:
    actor = request_user(request)
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type="residence.procedure",
            purpose=PURPOSE,
            reason=f"lacks {permission}",
        )
        raise PermissionDenied
    return actor


def _available_steps(actor: User, procedure: Procedure) -> list[ProcedureStatus]:
    follows = (
        is_following_case_worker(actor)
        and actor.organisation_id == procedure.following_organisation_id
    )
    ind = is_immigration_service(actor)
    targets = workflow.ALLOWED_TRANSITIONS[ProcedureStatus(procedure.status)]
    return sorted(
        (t for t in targets if follows or (ind and t in workflow.IND_DECISIONS)),
        key=list(ProcedureStatus).index,
    )


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The "due soon" list (organisation or own) and the organisation's procedures."""
    actor = _actor_with(request, "residence.view_procedures")
    mine = request.GET.get("wie") == "mij"
    today = clock.today()
    due = selectors.due_soon_for(actor=actor, today=today, mine=mine)
    procedures, total = selectors.procedures_list(actor=actor, limit=100)
    return render(
        request,
        "residence/overview.html",
        {
            "due": due,
            "mine": mine,
            "procedures": procedures,
            "total": total,
            "today": today,
            "may_open": actor.has_perm("residence.open_procedure"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_open(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "residence.open_procedure")
    organisations = (
        selectors.following_organisations() if not is_following_case_worker(actor) else None
    )
    form = OpenForm(
        request.POST or None, organisations=organisations, initial={"started_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            procedure = services.procedure_open(
                actor=actor,
                report_number=data["report_number"],
                started_on=data["started_on"],
                following_organisation=data.get("following_organisation"),
            )
        except NotAllowed:
            raise
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request, _("Procedure %(ref)s is geopend.") % {"ref": procedure.reference}
            )
            return redirect("residence:procedure_detail", procedure.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "residence/open.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest,
    actor: User,
    procedure: Procedure,
    *,
    failed: StepForm | None = None,
    correction: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = [
        failed
        if failed is not None and failed.target == target
        else StepForm(to_status=target, initial={"on": clock.today()})
        for target in _available_steps(actor, procedure)
    ]
    may_correct = (
        is_following_case_worker(actor)
        and actor.organisation_id == procedure.following_organisation_id
    )
    return render(
        request,
        "residence/detail.html",
        {
            "procedure": procedure,
            "step_forms": forms,
            "failed": failed,
            "failed_shown": failed is not None
            and failed.target in _available_steps(actor, procedure),
            "correction_form": correction or (CorrectionForm() if may_correct else None),
            "languages": info_sheet.available_languages(),
            "deadlines": selectors.due_items([procedure], today=clock.today()),
        },
        status=status,
    )


@login_required
@require_GET
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "residence.view_procedures")
    return _detail(request, actor, selectors.procedure_get_for(actor=actor, pk=pk))


@login_required
@require_POST
def procedure_step(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "residence.view_procedures")
    procedure = selectors.procedure_get_for(actor=actor, pk=pk)
    if not _available_steps(actor, procedure):
        audit.audit_denied(
            actor=actor,
            object_type="residence.procedure",
            object_id=pk,
            purpose=PURPOSE,
            reason="no step available to this user",
        )
        raise PermissionDenied
    try:
        target = ProcedureStatus(request.POST.get("step", ""))
    except ValueError:
        return _detail(request, actor, procedure, status=400)
    form = StepForm(request.POST, to_status=target)
    if form.is_valid():
        try:
            services.procedure_transition(
                actor=actor,
                procedure=procedure,
                to_status=target,
                on=form.cleaned_data["on"],
                values=form.step_values(),
                ind_reference=form.cleaned_data.get("ind_reference", ""),
            )
        except NotAllowed:
            raise
        except ApplicationError as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("De stap “%(step)s” is vastgelegd.") % {"step": form.title})
            return redirect("residence:procedure_detail", pk)
    return _detail(request, actor, procedure, failed=form, status=400)


@login_required
@require_POST
def procedure_correct(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "residence.view_procedures")
    procedure = selectors.procedure_get_for(actor=actor, pk=pk)
    if not (
        is_following_case_worker(actor)
        and actor.organisation_id == procedure.following_organisation_id
    ):
        audit.audit_denied(
            actor=actor,
            object_type="residence.procedure",
            object_id=pk,
            purpose=PURPOSE,
            reason="may not correct this procedure",
        )
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.procedure_correct(
                actor=actor,
                procedure=procedure,
                field=data["field"],
                value=data["value"],
                reason=data["reason"],
            )
        except NotAllowed:
            raise
        except ApplicationError as exc:
            target = {"field": "field", "reason": "reason"}.get(exc.field or "", "value")
            form.add_error(target, str(exc.message))
        else:
            messages.success(
                request, _("De correctie is vastgelegd; de oude waarde staat in de geschiedenis.")
            )
            return redirect("residence:procedure_detail", pk)
    return _detail(request, actor, procedure, correction=form, status=400)


def _sheet(request: HttpRequest, pk: int, language: str) -> tuple[User, Procedure, str]:
    actor = _actor_with(request, "residence.view_procedures")
    if language not in dict(info_sheet.available_languages()):
        raise Http404
    procedure = selectors.procedure_get_for(actor=actor, pk=pk)
    return (
        actor,
        procedure,
        info_sheet.render_sheet(procedure, language=language, today=clock.today()),
    )


@login_required
@require_GET
def sheet(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    _actor, _procedure, html = _sheet(request, pk, language)
    return HttpResponse(html)


@login_required
@require_GET
def sheet_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    actor, procedure, html = _sheet(request, pk, language)
    audit.audit_change(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="residence.procedure",
        object_id=procedure.pk,
        purpose=PURPOSE,
        subject_person_id=procedure.subject_person_id or "",
        details={"document": "info_sheet", "language": language},
    )
    response = HttpResponse(info_sheet.sheet_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="informatieblad-{procedure.reference}-{language}.pdf"'
    )
    return response


def _monitor(request: HttpRequest, export_format: str = "") -> tuple[Any, MonitorForm]:
    actor = _actor_with(request, "residence.view_monitor")
    form = MonitorForm(request.GET or {"jaar": clock.today().year})
    year = form.cleaned_data["jaar"] if form.is_valid() else clock.today().year
    return selectors.monitor_for(actor=actor, year=year, export_format=export_format), form


@login_required
@require_GET
def monitor(request: HttpRequest) -> HttpResponse:
    report, form = _monitor(request)
    return render(
        request,
        "residence/monitor.html",
        {"report": report, "form": form, "table": exports.monitor_table(report)},
        status=200 if form.is_valid() else 400,
    )


@login_required
@require_GET
def monitor_csv(request: HttpRequest) -> HttpResponse:
    report, _form = _monitor(request, "csv")
    response = HttpResponse(exports.monitor_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="monitor-b8-3-{report.year}.csv"'
    return response


@login_required
@require_GET
def monitor_pdf(request: HttpRequest) -> HttpResponse:
    report, _form = _monitor(request, "pdf")
    response = HttpResponse(exports.monitor_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="monitor-b8-3-{report.year}.pdf"'
    return response
