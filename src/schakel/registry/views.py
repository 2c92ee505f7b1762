"""Screens for reporting organisations and the report page everyone shares (thin views:
parse → one selector or service → render). The registrar's workspace is in views_registrar.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.errors import ApplicationError, InvalidInput, NotAllowed
from schakel.core.purposes import Purpose
from schakel.identification import selectors as identification_selectors

from . import selectors, services
from .actions import (
    TARGET_STATUS,
    Action,
    available_actions,
    minor_at_exploitation_start,
    reason_required,
)
from .choices import ReportStatus
from .decision_forms import ListFilterForm, TransitionForm
from .forms import ReportFormBundle, initial_from_report
from .models import Report
from .policies import purpose_for

PAGE_SIZE = 50


def actor_with(request: HttpRequest, permission: str) -> User:
    """The signed-in user, if a role of theirs grants ``permission``; the refusal is audited."""
    actor = request_user(request)
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type="registry.report",
            purpose=purpose_for(actor),
            reason=f"lacks {permission}",
        )
        raise PermissionDenied
    return actor


def page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("pagina", "1")), 1)
    except ValueError:
        return 1


def report_actions(actor: User, report: Report) -> list[Action]:
    return available_actions(
        roles=actor.role_set,
        own_organisation=actor.organisation_id == report.reporting_organisation_id,
        status=ReportStatus(report.status),
    )


def minor_of(report: Report) -> bool | None:
    record = report.person
    return minor_at_exploitation_start(
        birth_date=record.birth_date,
        birth_year=record.birth_year,
        precision=record.birth_date_precision,
        exploitation_started_on=report.exploitation_started_on,
        reported_on=report.reported_on,
    )


# -- the own organisation's reports -------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    actor = actor_with(request, "registry.view_reports")
    form = ListFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = page_number(request)
    reports, total = selectors.reports_of_own_organisation(
        actor=actor,
        status=status,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        purpose=purpose_for(actor),
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "registry/report_list.html",
        {
            "form": form,
            "reports": reports,
            "total": total,
            "page": page,
            "has_next": page * PAGE_SIZE < total,
            "query": query.urlencode(),
        },
    )


# -- creating and editing -------------------------------------------------------------------


def _save(
    request: HttpRequest, bundle: ReportFormBundle, *, actor: User, report: Report | None
) -> Report | None:
    """Hand the form to the service; on refusal put its messages next to the fields."""
    if not bundle.is_valid():
        return None
    submit = request.POST.get("action") == "submit"
    try:
        if report is None:
            return services.report_create(actor=actor, data=bundle.to_input(), submit=submit)
        return services.report_update(
            actor=actor, report=report, data=bundle.to_input(), submit=submit
        )
    except InvalidInput as exc:
        bundle.apply_errors(exc.errors)
    except NotAllowed:
        raise
    except ApplicationError as exc:
        bundle.apply_errors([(exc.field or "", str(exc.message))])
    return None


def _saved_message(report: Report) -> str:
    if report.status == ReportStatus.SUBMITTED:
        return _("Melding %(number)s is ingediend bij de centrale registratie.") % {
            "number": report.number
        }
    return _("Melding %(number)s is opgeslagen.") % {"number": report.number}


def _form_page(request: HttpRequest, bundle: ReportFormBundle, **context: Any) -> HttpResponse:
    errors = bundle.error_summary()
    return render(
        request,
        "registry/report_form.html",
        {
            "bundle": bundle,
            "errors": errors,
            "minor": bundle.minor_at_start(),
            **context,
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    actor = actor_with(request, "registry.add_report")
    if request.method == "GET":
        return _form_page(request, ReportFormBundle(), can_submit=True)
    add_row = request.POST.get("add_row", "")
    bundle = ReportFormBundle(request.POST, add_row=add_row)
    if not add_row:
        report = _save(request, bundle, actor=actor, report=None)
        if report is not None:
            messages.success(request, _saved_message(report))
            return redirect("registry:report_detail", pk=report.pk)
    return _form_page(request, bundle, can_submit=True)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_with(request, "registry.add_report")
    report = selectors.report_get_for(actor=actor, pk=pk)
    actions = report_actions(actor, report)
    if Action.EDIT not in actions:
        audit.audit_denied(
            actor=actor,
            object_type="registry.report",
            object_id=report.pk,
            purpose=purpose_for(actor),
            reason=f"may not edit a report with status {report.status}",
        )
        raise NotAllowed(_("Deze melding kan in deze status niet worden gewijzigd."))
    context = {"report": report, "can_submit": Action.SUBMIT in actions}
    if request.method == "GET":
        return _form_page(request, ReportFormBundle(initial=initial_from_report(report)), **context)
    add_row = request.POST.get("add_row", "")
    bundle = ReportFormBundle(request.POST, add_row=add_row)
    if not add_row:
        saved = _save(request, bundle, actor=actor, report=report)
        if saved is not None:
            messages.success(request, _saved_message(saved))
            return redirect("registry:report_detail", pk=saved.pk)
    return _form_page(request, bundle, **context)


# -- the report page and its status changes --------------------------------------------------


def _transition_forms(
    actor: User, report: Report, actions: list[Action], bound: TransitionForm | None = None
) -> list[TransitionForm]:
    reasons = selectors.not_registered_reasons(on=timezone.localdate())
    status = ReportStatus(report.status)
    forms = []
    for action in actions:
        if action == Action.EDIT:
            continue
        if bound is not None and bound.action == action:
            forms.append(bound)
            continue
        forms.append(
            TransitionForm(
                action=action, reasons=reasons, reason_required=reason_required(status, action)
            )
        )
    return forms


def _detail_page(
    request: HttpRequest,
    actor: User,
    report: Report,
    bound: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = report_actions(actor, report)
    today = timezone.localdate()
    return render(
        request,
        "registry/report_detail.html",
        {
            "report": report,
            "record": report.person,
            "minor": minor_of(report),
            "can_edit": Action.EDIT in actions,
            "transition_forms": _transition_forms(actor, report, actions, bound),
            "is_registrar": purpose_for(actor) == Purpose.REGISTRATION,
            "overdue": bool(
                report.decision_due_on
                and report.decision_due_on < today
                and report.status in (ReportStatus.SUBMITTED, ReportStatus.IN_REVIEW)
            ),
            "today": today,
            # Issue 4: the registrar decides with the identification assessment in view.
            "identification": identification_selectors.assessment_summary_for_report(
                actor=actor, report_id=report.pk
            )
            if purpose_for(actor) == Purpose.REGISTRATION
            else None,
        },
        status=status,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_with(request, "registry.view_reports")
    report = selectors.report_get_for(actor=actor, pk=pk)
    return _detail_page(request, actor, report)


_SUCCESS = {
    Action.SUBMIT: gettext_lazy("Melding %(number)s is ingediend bij de centrale registratie."),
    Action.START_REVIEW: gettext_lazy("De beoordeling van melding %(number)s is gestart."),
    Action.REGISTER: gettext_lazy("De persoon in melding %(number)s is geregistreerd."),
    Action.NOT_REGISTER: gettext_lazy("Melding %(number)s is niet geregistreerd."),
    Action.WITHDRAW: gettext_lazy("Melding %(number)s is ingetrokken."),
    Action.REOPEN: gettext_lazy("Melding %(number)s is heropend en weer in beoordeling."),
}


@login_required
@require_POST
def report_transition(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_with(request, "registry.view_reports")
    report = selectors.report_get_for(actor=actor, pk=pk)
    try:
        action = Action(request.POST.get("action", ""))
    except ValueError:
        action = None
    if action is None or action == Action.EDIT:
        messages.error(request, _("Kies een geldige handeling."))
        return _detail_page(request, actor, report, status=400)
    form = TransitionForm(
        request.POST,
        action=action,
        reasons=selectors.not_registered_reasons(on=timezone.localdate()),
        reason_required=reason_required(ReportStatus(report.status), action),
    )
    if form.is_valid():
        data = form.cleaned_data
        # Issue 4: a decision against the identification assessment needs a stated reason.
        departure = identification_selectors.decision_reason_problem(
            actor=actor,
            report_id=report.pk,
            to_status=TARGET_STATUS[action],
            reason=data.get("decision_note", ""),
        )
        if departure:
            form.add_error("decision_note", departure)
            return _detail_page(request, actor, report, bound=form, status=400)
        try:
            services.report_transition(
                actor=actor,
                report=report,
                to_status=TARGET_STATUS[action],
                reason=data.get("reason", ""),
                not_registered_reason=data.get("not_registered_reason"),
                decision_note=data.get("decision_note", ""),
            )
        except NotAllowed:
            raise
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, str(_SUCCESS[action]) % {"number": report.number})
            return redirect("registry:report_detail", pk=report.pk)
    return _detail_page(request, actor, report, bound=form, status=400)
