"""The registrar's workspace: queues, search, and the person view with the manual "same
person" decisions (thin views: parse → one selector or service → render)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from schakel.accounts.models import User
from schakel.core.errors import ApplicationError, NotAllowed, NotFound

from . import selectors, services
from .choices import ReportStatus
from .decision_forms import DifferentPersonForm, SamePersonForm, SearchForm
from .models import Report
from .selectors import Queue
from .views import PAGE_SIZE, actor_with, minor_of, page_number

QUEUE_LABELS = {
    Queue.NEW: gettext_lazy("Nieuw"),
    Queue.IN_REVIEW: gettext_lazy("In beoordeling"),
    Queue.OVERDUE: gettext_lazy("Termijn verstreken"),
}


@dataclass(frozen=True)
class Row:
    """A report as a line of a table, with what the registrar must see at a glance."""

    report: Report
    minor: bool | None
    overdue: bool


def _rows(reports: list[Report], today: date) -> list[Row]:
    open_statuses = {ReportStatus.SUBMITTED, ReportStatus.IN_REVIEW}
    return [
        Row(
            report=r,
            minor=minor_of(r),
            overdue=bool(
                r.decision_due_on and r.decision_due_on < today and r.status in open_statuses
            ),
        )
        for r in reports
    ]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_with(request, "registry.work_queue")
    try:
        current = Queue(request.GET.get("wachtrij", Queue.NEW))
    except ValueError:
        current = Queue.NEW
    today = timezone.localdate()
    page = page_number(request)
    counts = selectors.queue_counts(actor=actor, today=today)
    reports, total = selectors.registrar_queue(
        actor=actor, queue=current, today=today, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    return render(
        request,
        "registry/queue.html",
        {
            "queues": [(q, str(QUEUE_LABELS[q]), counts[q]) for q in Queue],
            "current": current,
            "current_label": str(QUEUE_LABELS[current]),
            "rows": _rows(reports, today),
            "total": total,
            "page": page,
            "has_next": page * PAGE_SIZE < total,
            "today": today,
        },
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    actor = actor_with(request, "registry.view_reports")
    form = SearchForm(request.GET or None)
    rows: list[Row] = []
    total = 0
    searched = False
    page = page_number(request)
    if form.is_valid() and not form.query().empty:
        searched = True
        reports, total = selectors.reports_search(
            actor=actor, query=form.query(), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        rows = _rows(reports, timezone.localdate())
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "registry/search.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "searched": searched,
            "page": page,
            "has_next": page * PAGE_SIZE < total,
            "query": query.urlencode(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# -- one person, every report about them --------------------------------------------------------


def _person_page(
    request: HttpRequest,
    actor: User,
    pk: int,
    *,
    same_form: SamePersonForm | None = None,
    different_form: DifferentPersonForm | None = None,
) -> HttpResponse:
    person, records = selectors.person_get_for(actor=actor, pk=pk)
    choices = [(r.pk, f"{r.report.number} — {r.display_name}") for r in records]
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "rows": [(r, minor_of(r.report)) for r in records],
            "organisations": sorted({r.report.reporting_organisation.name for r in records}),
            "same_form": same_form or SamePersonForm(),
            "different_form": different_form or DifferentPersonForm(records=choices),
        },
        status=400 if same_form or different_form else 200,
    )


def _other_report(actor: User, number: str) -> Report | None:
    try:
        return selectors.report_get_by_number(actor=actor, number=number)
    except NotFound:
        return None


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_with(request, "registry.link_persons")
    return _person_page(request, actor, pk)


@login_required
@require_POST
def person_link(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_with(request, "registry.link_persons")
    person, records = selectors.person_get_for(actor=actor, pk=pk)
    form = SamePersonForm(request.POST)
    if form.is_valid():
        other = _other_report(actor, form.cleaned_data["number"])
        if other is None:
            form.add_error("number", _("Geen melding met dit nummer gevonden."))
        else:
            try:
                services.persons_link_same(
                    actor=actor,
                    record_a=records[0],
                    record_b=other.person,
                    reason=form.cleaned_data["reason"],
                )
            except NotAllowed:
                raise
            except ApplicationError as exc:
                form.add_error("number", str(exc.message))
            else:
                messages.success(
                    request,
                    _("Melding %(number)s is gekoppeld: het is dezelfde persoon.")
                    % {"number": other.number},
                )
                # The person with the lower number absorbs the other (services.persons_link_same).
                return redirect("registry:person_detail", pk=min(person.pk, other.person.person_id))
    return _person_page(request, actor, pk, same_form=form)


@login_required
@require_POST
def person_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_with(request, "registry.link_persons")
    _person, records = selectors.person_get_for(actor=actor, pk=pk)
    by_pk = {str(r.pk): r for r in records}
    form = DifferentPersonForm(
        request.POST, records=[(r.pk, f"{r.report.number} — {r.display_name}") for r in records]
    )
    if form.is_valid():
        other = _other_report(actor, form.cleaned_data["number"])
        if other is None:
            form.add_error("number", _("Geen melding met dit nummer gevonden."))
        else:
            try:
                services.persons_mark_different(
                    actor=actor,
                    record_a=by_pk[form.cleaned_data["record"]],
                    record_b=other.person,
                    reason=form.cleaned_data["reason"],
                )
            except NotAllowed:
                raise
            except ApplicationError as exc:
                form.add_error("number", str(exc.message))
            else:
                messages.success(
                    request,
                    _("Vastgelegd: melding %(number)s gaat niet over dezelfde persoon.")
                    % {"number": other.number},
                )
                return redirect("registry:person_detail", pk=pk)
    return _person_page(request, actor, pk, different_form=form)
