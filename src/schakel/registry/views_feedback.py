"""The monthly feedback report to reporting organisations (action 65): page, CSV and PDF.

Thin views: parse the month (and, for the registrar, the organisation) → one selector, which
decides who sees which figures and applies the small-numbers rule → render.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from schakel.accounts.helpers import request_user

from . import feedback_export, selectors
from .feedback import Month
from .feedback_forms import FeedbackFilterForm
from .selectors import FeedbackReport


def _form(request: HttpRequest) -> FeedbackFilterForm:
    actor = request_user(request)
    return FeedbackFilterForm(
        request.GET or None,
        today=timezone.localdate(),
        organisations=selectors.feedback_organisations(actor=actor),
    )


def _report(
    request: HttpRequest, form: FeedbackFilterForm, export_format: str = ""
) -> FeedbackReport:
    month, organisation = form.selection()
    return selectors.feedback_for(
        actor=request_user(request),
        month=month,
        today=form.today,
        organisation=organisation,
        export_format=export_format,
    )


def _invalid(form: FeedbackFilterForm) -> HttpResponse:
    messages = [
        f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    ]
    return HttpResponse("\n".join(messages), status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def feedback_report(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "registry/feedback.html", {"form": form, "report": None})
    report = _report(request, form)
    month: Month = report.month
    return render(
        request,
        "registry/feedback.html",
        {
            "form": form,
            "report": report,
            "organisation": feedback_export.organisation_label(report),
            "month_label": feedback_export.month_label(report),
            "is_current_month": month == Month.of(report.today),
            "previous_month": month.previous(),
            "next_month": month.next() if month < Month.of(report.today) else None,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def feedback_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _invalid(form)
    report = _report(request, form, export_format="csv")
    response = HttpResponse(
        feedback_export.feedback_csv(report), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{feedback_export.filename(report, "csv")}"'
    )
    return response


@login_required
@require_GET
def feedback_pdf(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _invalid(form)
    report = _report(request, form, export_format="pdf")
    response = HttpResponse(feedback_export.feedback_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{feedback_export.filename(report, "pdf")}"'
    )
    return response
