"""Screens of sharing (thin views: parse → one selector or service → render)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeAlias

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.errors import ApplicationError, InvalidInput, NotAllowed, NotFound
from schakel.core.purposes import Purpose

from . import export, rights, selectors, services
from .forms import (
    ConsentForm,
    DecisionForm,
    DisclosureRequestForm,
    ReasonForm,
    RectifyForm,
    WithdrawForm,
)
from .models import RequestStatus
from .vocabulary import SHARING_CATEGORIES, SHARING_PURPOSES, Decision, Domain

# What a rights form's valid data is handed to: the actor and the form's cleaned_data.
RightsAction: TypeAlias = Callable[[User, dict[str, Any]], None]


def _actor_with(request: HttpRequest, permission: str) -> User:
    actor = request_user(request)
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type="sharing",
            purpose=Purpose.REGISTRATION,
            reason=f"lacks {permission}",
        )
        raise PermissionDenied
    return actor


def _add_errors(form: Form, error: ApplicationError) -> None:
    pairs = error.errors if isinstance(error, InvalidInput) else [(error.field, error.message)]
    for name, message in pairs:
        form.add_error(name if name in form.fields else None, str(message))


@login_required
@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    """The whole rule set in force, one table per purpose, filterable; readable by everyone."""
    request_user(request)
    rule_set = services.rule_set_in_force()
    purpose = request.GET.get("doel", "")
    holder = request.GET.get("houder", "")
    recipient = request.GET.get("ontvanger", "")
    purpose = purpose if purpose in {str(p) for p in SHARING_PURPOSES} else ""
    holder = holder if holder in Domain.values else ""
    recipient = recipient if recipient in Domain.values else ""
    sections = (
        selectors.matrix(rule_set, purpose=purpose, holder=holder, recipient=recipient)
        if rule_set
        else []
    )
    return render(
        request,
        "sharing/matrix.html",
        {
            "rule_set": rule_set,
            "sections": sections,
            "rules": selectors.rules_explained(rule_set) if rule_set else [],
            "categories": SHARING_CATEGORIES,
            "purposes": SHARING_PURPOSES,
            "domains": Domain.choices,
            "decisions": Decision.choices,
            "purpose": purpose,
            "holder": holder,
            "recipient": recipient,
        },
    )


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "sharing.view_requests")
    requests_, total = selectors.requests_visible(actor=actor)
    return render(
        request,
        "sharing/request_list.html",
        {
            "requests": requests_,
            "total": total,
            "may_request": actor.has_perm("sharing.request_disclosure"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "sharing.request_disclosure")
    form = DisclosureRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not form.is_valid():
            # Refused before the service: still audited (no purpose, or other bad input).
            services.request_input_refused(actor, purpose=request.POST.get("purpose", ""))
        else:
            data = form.cleaned_data
            holder = data.get("holder_organisation")
            try:
                created = services.disclosure_request_create(
                    actor=actor,
                    data=services.RequestInput(
                        kind=data["kind"],
                        purpose=data["purpose"],
                        report_number=data["report_number"],
                        justification=data["justification"],
                        holder_organisation_id=holder.pk if holder else None,
                    ),
                )
            except NotAllowed:
                raise PermissionDenied from None
            except ApplicationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Het verzoek is vastgelegd: %(status)s.")
                    % {"status": created.get_status_display()},
                )
                return redirect("sharing:request_detail", created.pk)
    return render(request, "sharing/request_form.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest,
    actor: User,
    pk: int,
    *,
    form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        disclosure = selectors.request_get(actor=actor, pk=pk)
    except NotFound:
        raise Http404 from None
    disclosed = selectors.disclosed_for(actor=actor, request=disclosure)
    may_decide = (
        actor.has_perm("sharing.decide_disclosure")
        and disclosure.holder_organisation_id == actor.organisation_id
        and disclosure.status == RequestStatus.AWAITING_OFFICER
    )
    return render(
        request,
        "sharing/request_detail.html",
        {
            "disclosure": disclosure,
            "disclosed": disclosed,
            "may_decide": may_decide,
            "form": form or DecisionForm(),
            "rulings": sorted(disclosure.rulings.items()),
        },
        status=status,
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "sharing.view_requests")
    return _detail(request, actor, pk)


@login_required
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "sharing.decide_disclosure")
    try:
        disclosure = selectors.request_get(actor=actor, pk=pk)
    except NotFound:
        raise Http404 from None
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, actor, pk, form=form, status=400)
    try:
        services.disclosure_decide(
            actor=actor,
            request=disclosure,
            approve=form.cleaned_data["approve"],
            text=form.cleaned_data["text"],
        )
    except NotAllowed:
        raise PermissionDenied from None
    except ApplicationError as exc:
        _add_errors(form, exc)
        return _detail(request, actor, pk, form=form, status=400)
    messages.success(request, _("Het besluit is vastgelegd."))
    return redirect("sharing:request_detail", pk)


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "sharing.view_log")
    entries, total = selectors.log_entries(actor=actor)
    return render(request, "sharing/log.html", {"entries": entries, "total": total})


# -- a person's rights (registrar) -------------------------------------------------------------


def _rights_page(
    request: HttpRequest,
    actor: User,
    pk: int,
    *,
    forms: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        person_rights = selectors.person_rights(actor=actor, person_id=pk)
    except NotFound:
        raise Http404 from None
    forms = forms or {}
    return render(
        request,
        "sharing/person_rights.html",
        {
            "rights": person_rights,
            "consent_form": forms.get("consent") or ConsentForm(),
            "withdraw_form": WithdrawForm(),
            "reason_form": forms.get("restriction") or ReasonForm(),
            "rectify_form": forms.get("rectify") or RectifyForm(records=person_rights.records),
        },
        status=status,
    )


@login_required
@require_GET
def person_rights(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "sharing.manage_rights")
    return _rights_page(request, actor, pk)


def _rights_post(
    request: HttpRequest, pk: int, key: str, form: Form, action: RightsAction
) -> HttpResponse:
    actor = _actor_with(request, "sharing.manage_rights")
    if form.is_valid():
        try:
            action(actor, form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except NotAllowed:
            raise PermissionDenied from None
        except ApplicationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Vastgelegd."))
            return redirect("sharing:person_rights", pk)
    return _rights_page(request, actor, pk, forms={key: form}, status=400)


@login_required
@require_POST
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    def action(actor: User, data: dict[str, Any]) -> None:
        rights.consent_record(
            actor=actor,
            person_id=pk,
            data=rights.ConsentInput(
                categories=tuple(data["categories"]),
                recipient_domains=tuple(data["recipient_domains"]),
                purposes=tuple(data["purposes"]),
                given_on=data["given_on"],
                recorded_how=data["recorded_how"],
                signed_by=data["signed_by"],
                guardian_name=data["guardian_name"],
                guardian_relation=data["guardian_relation"],
            ),
        )

    return _rights_post(request, pk, "consent", ConsentForm(request.POST), action)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    def action(actor: User, data: dict[str, Any]) -> None:
        rights.consent_withdraw(
            actor=actor,
            person_id=pk,
            consent_id=consent_pk,
            withdrawn_on=data["withdrawn_on"],
            how=data["how"],
        )

    return _rights_post(request, pk, "withdraw", WithdrawForm(request.POST), action)


@login_required
@require_POST
def restriction_set(request: HttpRequest, pk: int) -> HttpResponse:
    def action(actor: User, data: dict[str, Any]) -> None:
        rights.restriction_set(actor=actor, person_id=pk, reason=data["reason"])

    return _rights_post(request, pk, "restriction", ReasonForm(request.POST), action)


@login_required
@require_POST
def restriction_lift(request: HttpRequest, pk: int, restriction_pk: int) -> HttpResponse:
    def action(actor: User, data: dict[str, Any]) -> None:
        rights.restriction_lift(
            actor=actor, person_id=pk, restriction_id=restriction_pk, reason=data["reason"]
        )

    return _rights_post(request, pk, "restriction", ReasonForm(request.POST), action)


@login_required
@require_POST
def rectify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "sharing.manage_rights")
    try:
        records = selectors.person_rights(actor=actor, person_id=pk).records
    except NotFound:
        raise Http404 from None

    def action(actor: User, data: dict[str, Any]) -> None:
        rights.rectify(
            actor=actor,
            person_id=pk,
            record_id=data["record"],
            field_name=data["field_name"],
            new_value=data["new_value"],
            reason=data["reason"],
        )

    return _rights_post(request, pk, "rectify", RectifyForm(request.POST, records=records), action)


@login_required
@require_GET
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "sharing.manage_rights")
    try:
        bundle = export.person_export(actor=actor, person_id=pk)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(
        json.dumps(bundle, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="inzage-{pk}.json"'
    return response


@login_required
@require_GET
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "sharing.manage_rights")
    try:
        bundle = export.person_export(actor=actor, person_id=pk)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(export.person_export_pdf(bundle), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{pk}.pdf"'
    return response


@login_required
@require_GET
def analysis(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "sharing.analyse")
    rows, total = selectors.analysis_rows(actor=actor, limit=200)
    return render(request, "sharing/analysis.html", {"rows": rows, "total": total})
