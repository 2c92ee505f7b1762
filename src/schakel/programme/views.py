"""Programme monitor pages (thin: parse, authorise, call a selector or service, render)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.accounts.roles import OrganisationKind
from schakel.core import audit
from schakel.core.errors import ApplicationError

from . import forecast as fc
from . import reports, selectors, services
from .forms import (
    ActionFilterForm,
    DeadlinesForm,
    IndicatorValueForm,
    MinistryLinkForm,
    ProgressUpdateForm,
    ReportForm,
    default_period,
)
from .models import MinistryOrganisation, Plan, ProgressUpdate, ValueKind
from .workflow import ProgressStatus


def _require(request: HttpRequest, perm: str, obj: Any = None) -> User:
    user = request_user(request)
    if not user.has_perm(perm, obj):
        audit.audit_denied(
            actor=user,
            object_type="programme",
            object_id=request.path[:64],
            purpose=services.PURPOSE,
            reason=f"lacks {perm}",
        )
        raise PermissionDenied
    return user


def _add_errors(form: Any, exc: ApplicationError) -> None:
    errors = getattr(exc, "errors", None) or [(exc.field, str(exc.message))]
    for field, message in errors:
        form.add_error(field if field in form.fields else None, message)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _require(request, "programme.view")
    today = timezone.localdate()
    plans = [
        (plan, selectors.status_counts(plan=plan, today=today)) for plan in selectors.plans_list()
    ]
    return render(
        request, "programme/plan_list.html", {"plans": plans, "statuses": ProgressStatus.choices}
    )


@login_required
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = _require(request, "programme.view")
    plan = selectors.plan_get(slug=slug)
    today = timezone.localdate()
    form = ActionFilterForm(request.GET or None, plan=plan)
    filters = selectors.ActionFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ActionFilter(
            theme=data["theme"],
            ministry=data["ministry"],
            status=data["status"],
            overdue=data["overdue"],
            search=data["q"].strip(),
        )
    actions = selectors.actions_for(plan=plan, filters=filters, today=today)
    rows = [
        (
            a,
            a.due_date is not None
            and a.due_date < today
            and a.status not in ("completed", "cancelled"),
            user.has_perm("programme.report_progress", a),
        )
        for a in actions
    ]
    return render(
        request,
        "programme/plan_detail.html",
        {
            "plan": plan,
            "form": form,
            "rows": rows,
            "counts": selectors.status_counts(plan=plan, today=today),
        },
    )


@login_required
def action_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    user = _require(request, "programme.view")
    plan = selectors.plan_get(slug=slug)
    action = selectors.action_get(plan=plan, number=number)
    refs = list(action.references.all())
    return render(
        request,
        "programme/action_detail.html",
        {
            "plan": plan,
            "action": action,
            "in_action": [r for r in refs if r.placement == "action"],
            "in_context": [r for r in refs if r.placement == "context"],
            "updates": list(action.updates.all()),
            "can_report": user.has_perm("programme.report_progress", action),
            "overdue": action.due_date is not None
            and action.due_date < timezone.localdate()
            and action.status not in ("completed", "cancelled"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = selectors.plan_get(slug=slug)
    action = selectors.action_get(plan=plan, number=number)
    user = _require(request, "programme.report_progress", action)
    form = ProgressUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_update_record(
                action=action,
                reported_on=data["reported_on"],
                status=ProgressStatus(data["status"]),
                text=data["text"],
                new_end_date=data["new_end_date"],
                actor=user,
            )
        except ApplicationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("De voortgang van actie %(number)s is vastgelegd.") % {"number": action.number},
            )
            return redirect("programme:action_detail", slug=plan.slug, number=action.number)
    return render(
        request, "programme/progress_form.html", {"plan": plan, "action": action, "form": form}
    )


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    _require(request, "programme.view")
    today = timezone.localdate()
    form = DeadlinesForm(request.GET or None)
    ministry, days = "", 30
    if form.is_valid():
        ministry = form.cleaned_data["ministry"]
        days = form.cleaned_data["days"] if form.cleaned_data["days"] is not None else 30
    groups = selectors.deadlines_per_ministry(today=today, within_days=days, ministry=ministry)
    return render(
        request,
        "programme/deadlines.html",
        {"form": form, "groups": groups, "today": today, "days": days},
    )


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    _require(request, "programme.view")
    return render(
        request,
        "programme/indicator_list.html",
        {"overviews": selectors.indicators_overview(), "rule_text": fc.RULE_TEXT},
    )


@login_required
def indicator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = _require(request, "programme.view")
    indicator = selectors.indicator_get(slug=slug)
    return render(
        request,
        "programme/indicator_detail.html",
        {
            "indicator": indicator,
            "overview": selectors.indicator_overview(indicator=indicator),
            "values": list(indicator.values.all()),
            "can_record": user.has_perm("programme.record_indicator_value", indicator),
            "rule_text": fc.RULE_TEXT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_value_create(request: HttpRequest, slug: str) -> HttpResponse:
    indicator = selectors.indicator_get(slug=slug)
    user = _require(request, "programme.record_indicator_value", indicator)
    form = IndicatorValueForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_value_record(
                indicator=indicator,
                year=data["year"],
                kind=ValueKind(data["kind"]),
                value=data["value"],
                as_of=data["as_of"],
                low=data["low"],
                high=data["high"],
                note=data["note"],
                actor=user,
            )
        except ApplicationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("De waarde is vastgelegd."))
            return redirect("programme:indicator_detail", slug=indicator.slug)
    return render(
        request, "programme/indicator_value_form.html", {"indicator": indicator, "form": form}
    )


# -- the progress report --------------------------------------------------------------------


def _report_request(request: HttpRequest) -> tuple[ReportForm, list[Plan], dt.date, dt.date]:
    plans = selectors.plans_list()
    latest = (
        ProgressUpdate.objects.order_by("-reported_on")
        .values_list("reported_on", flat=True)
        .first()
    )
    today = timezone.localdate()
    start, end = (
        default_period(today)
        if latest is None
        else (dt.date(latest.year, 1, 1), dt.date(latest.year, 12, 31))
    )
    form = ReportForm(
        request.GET or None, plans=plans, initial={"period_start": start, "period_end": end}
    )
    chosen = plans
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        if form.cleaned_data["plan"]:
            chosen = [p for p in plans if p.slug == form.cleaned_data["plan"]]
    return form, chosen, start, end


@login_required
def report(request: HttpRequest) -> HttpResponse:
    _require(request, "programme.view")
    form, plans, start, end = _report_request(request)
    built = None
    if not form.is_bound or form.is_valid():
        built = reports.report_build(plans=plans, period_start=start, period_end=end)
    return render(
        request,
        "programme/report.html",
        {"form": form, "report": built, "query": request.GET.urlencode()},
    )


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = _require(request, "programme.view")
    form, plans, start, end = _report_request(request)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "programme/report.html",
            {"form": form, "report": None, "query": ""},
            status=400,
        )
    export = reports.report_export(
        plans=plans, period_start=start, period_end=end, fmt=fmt, actor=user
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export.filename}"'
    return response


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


# -- ministries -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def ministry_list(request: HttpRequest) -> HttpResponse:
    user = _require(request, "programme.manage_ministries")
    from schakel.accounts.selectors import organisations_for_user_management

    organisations = organisations_for_user_management(actor=user).filter(
        kind=OrganisationKind.MINISTRY
    )
    form = MinistryLinkForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.ministry_link(
                ministry=form.cleaned_data["ministry"],
                organisation=form.cleaned_data["organisation"],
                actor=user,
            )
        except ApplicationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("De koppeling is vastgelegd."))
            return redirect("programme:ministry_list")
    return render(
        request,
        "programme/ministry_list.html",
        {"form": form, "links": selectors.ministry_links(), "ministries": selectors.ministries()},
    )


@login_required
@require_POST
def ministry_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    user = _require(request, "programme.manage_ministries")
    link = MinistryOrganisation.objects.select_related("ministry").filter(pk=pk).first()
    if link is None:
        from django.http import Http404

        raise Http404
    services.ministry_unlink(link=link, actor=user)
    messages.success(request, _("De koppeling is verwijderd."))
    return redirect("programme:ministry_list")
