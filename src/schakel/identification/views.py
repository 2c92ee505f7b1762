"""Screens of identification (thin: parse → one selector or service → render)."""

from __future__ import annotations

import json
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
from schakel.core import audit
from schakel.core.errors import ApplicationError, InvalidInput, NotAllowed

from . import selectors, services
from .forms import ChecklistForm, DraftMetaForm, IndicatorForm, MdtForm
from .models import IndicatorList, ListStatus
from .policies import purpose_for


def _actor(request: HttpRequest, permission: str) -> User:
    actor = request_user(request)
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type="identification",
            purpose=purpose_for(actor),
            reason=f"lacks {permission}",
        )
        raise PermissionDenied
    return actor


def _form_errors(form: Any, exc: ApplicationError) -> None:
    pairs = exc.errors if isinstance(exc, InvalidInput) else [(exc.field or "", str(exc.message))]
    for field, message in pairs:
        form.add_error(field if field in form.fields else None, message)


# -- lists ------------------------------------------------------------------------------------


@login_required
def list_index(request: HttpRequest) -> HttpResponse:
    actor = _actor(request, "identification.view_lists")
    families: dict[str, list[IndicatorList]] = {}
    for row in selectors.lists_overview(actor=actor):
        families.setdefault(row.family, []).append(row)
    # Each version beside the one before it, for the "difference" link.
    rows = [
        [(v, versions[n + 1] if n + 1 < len(versions) else None) for n, v in enumerate(versions)]
        for versions in families.values()
    ]
    return render(
        request,
        "identification/list_index.html",
        {
            "families": rows,
            "can_manage": actor.has_perm("identification.manage_lists"),
        },
    )


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request, "identification.view_lists")
    indicator_list = selectors.list_get(actor=actor, pk=pk)
    return render(
        request,
        "identification/list_detail.html",
        {
            "list": indicator_list,
            "criteria": selectors.criteria_lines(indicator_list),
            "can_manage": actor.has_perm("identification.manage_lists"),
        },
    )


@login_required
@require_POST
def list_draft(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request, "identification.manage_lists")
    based_on = selectors.list_get(actor=actor, pk=pk)
    try:
        draft = services.list_draft_create(actor=actor, based_on=based_on)
    except NotAllowed:
        raise
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("identification:list_detail", pk=pk)
    messages.success(
        request, _("Conceptversie %(version)s is aangemaakt.") % {"version": draft.version}
    )
    return redirect("identification:list_edit", pk=draft.pk)


def _edit_page(
    request: HttpRequest,
    draft: IndicatorList,
    *,
    meta: DraftMetaForm | None = None,
    indicator: IndicatorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "identification/list_edit.html",
        {
            "list": draft,
            "meta_form": meta
            or DraftMetaForm(
                initial={
                    "valid_from": draft.valid_from,
                    "source": draft.source,
                    "criteria": json.dumps(draft.criteria, indent=1, ensure_ascii=False),
                }
            ),
            "indicator_form": indicator or IndicatorForm(indicator_list=draft),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request, "identification.manage_lists")
    draft = selectors.list_get(actor=actor, pk=pk)
    if draft.status != ListStatus.DRAFT:
        raise NotAllowed(_("Alleen een conceptversie kan worden gewijzigd."))
    if request.method == "GET":
        return _edit_page(request, draft)
    part = request.POST.get("part", "")
    try:
        if part == "meta":
            meta = DraftMetaForm(request.POST)
            if not meta.is_valid():
                return _edit_page(request, draft, meta=meta, status=400)
            services.list_draft_update(actor=actor, draft=draft, **meta.cleaned_data)
        elif part == "indicator":
            form = IndicatorForm(request.POST, indicator_list=draft)
            if not form.is_valid():
                return _edit_page(request, draft, indicator=form, status=400)
            services.indicator_save(
                actor=actor,
                draft=draft,
                element_code=form.cleaned_data.pop("element"),
                **form.cleaned_data,
            )
        elif part == "remove":
            services.indicator_remove(actor=actor, draft=draft, code=request.POST.get("code", ""))
        else:
            messages.error(request, _("Kies wat u wilt wijzigen."))
            return _edit_page(request, draft, status=400)
    except NotAllowed:
        raise
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return _edit_page(request, draft, status=400)
    messages.success(request, _("De conceptversie is bijgewerkt."))
    return redirect("identification:list_edit", pk=draft.pk)


@login_required
@require_POST
def list_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request, "identification.manage_lists")
    draft = selectors.list_get(actor=actor, pk=pk)
    try:
        services.list_publish(actor=actor, draft=draft)
    except NotAllowed:
        raise
    except InvalidInput as exc:
        for _field, message in exc.errors:
            messages.error(request, _("Niet gepubliceerd: %(reason)s") % {"reason": message})
        return _edit_page(request, draft, status=400)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return _edit_page(request, draft, status=400)
    messages.success(request, _("Versie %(version)s is gepubliceerd.") % {"version": draft.version})
    return redirect("identification:list_detail", pk=draft.pk)


@login_required
def list_diff(request: HttpRequest) -> HttpResponse:
    actor = _actor(request, "identification.view_lists")
    old, new = request.GET.get("van", ""), request.GET.get("naar", "")
    if not (old.isdigit() and new.isdigit()):
        return render(
            request,
            "error.html",
            {"message": _("Kies twee versies van dezelfde lijst (van en naar).")},
            status=400,
        )
    diff = selectors.list_diff(actor=actor, old_pk=old, new_pk=new)
    return render(
        request,
        "identification/list_diff.html",
        {
            "diff": diff,
            # both versions' criteria in plain Dutch, so a changed rule can be read, not guessed
            "old_criteria": selectors.criteria_lines(diff.old) if diff.criteria_changed else None,
            "new_criteria": selectors.criteria_lines(diff.new) if diff.criteria_changed else None,
        },
    )


# -- assessments --------------------------------------------------------------------------------


@login_required
def report_assessments(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = _actor(request, "identification.assess")
    report, minor = services.minor_for_report(actor=actor, report_id=report_id)
    return render(
        request,
        "identification/report_assessments.html",
        {
            "report": report,
            "minor": minor,
            "lists": selectors.lists_for_assessment(on=timezone.localdate(), minor=minor),
            "assessments": selectors.assessments_for_report(actor=actor, report_id=report_id),
            "mdt": selectors.mdt_assessments_for_report(actor=actor, report_id=report_id),
            "can_record_mdt": actor.has_perm("identification.record_mdt"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = _actor(request, "identification.assess")
    report, minor = services.minor_for_report(actor=actor, report_id=report_id)
    list_id = request.GET.get("lijst") or request.POST.get("lijst", "")
    choices = selectors.lists_for_assessment(on=timezone.localdate(), minor=minor)
    chosen = next((c for c in choices if str(c.pk) == list_id), None)
    if chosen is None:
        messages.error(request, _("Kies een indicatorenlijst."))
        return redirect("identification:report_assessments", report_id=report_id)
    indicator_list = selectors.list_get(actor=actor, pk=chosen.pk)
    form = ChecklistForm(request.POST or None, indicator_list=indicator_list)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=actor,
                report_id=report_id,
                list_id=indicator_list.pk,
                observations=form.observations(),
                note=form.cleaned_data["note"],
                today=timezone.localdate(),
            )
        except NotAllowed:
            raise
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("De beoordeling is vastgelegd."))
            return redirect("identification:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "identification/checklist.html",
        {
            "report": report,
            "minor": minor,
            "list": indicator_list,
            "form": form,
            "criteria": selectors.criteria_lines(indicator_list),
        },
        status=400 if form.errors else 200,
    )


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request, "identification.assess")
    assessment = selectors.assessment_get_for(actor=actor, pk=pk)
    return render(
        request,
        "identification/assessment_detail.html",
        {
            "assessment": assessment,
            "outcomes": selectors.outcomes_of(assessment),
            "elements": assessment.explanation.get("elements", []),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mdt_create(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = _actor(request, "identification.record_mdt")
    report, _minor = services.minor_for_report(actor=actor, report_id=report_id)
    form = MdtForm(request.POST or None, organisations=selectors.organisations_for_mdt())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mdt_assessment_create(
                actor=actor,
                report_id=report_id,
                organisations=list(data["organisations"]),
                met_on=data["met_on"],
                conclusion=data["conclusion"],
                reasoning=data["reasoning"],
                today=timezone.localdate(),
            )
        except NotAllowed:
            raise
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("De MDT-beoordeling is vastgelegd."))
            return redirect("identification:report_assessments", report_id=report_id)
    return render(
        request,
        "identification/mdt_form.html",
        {"report": report, "form": form},
        status=400 if form.errors else 200,
    )
