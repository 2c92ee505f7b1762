"""The registrar's review queue: pairs the model was unsure about, side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schakel.accounts.helpers import request_user
from schakel.core.errors import InvalidInput, NotAllowed, NotFound
from schakel.registry import clustering as registry_clustering

from . import selectors, services


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    try:
        pairs = selectors.review_queue(actor=request_user(request))
    except NotAllowed:
        raise PermissionDenied from None
    return render(request, "linkage/review_queue.html", {"pairs": pairs[:200]})


@login_required
@require_GET
def review_pair(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        pair, record_a, record_b, rows = selectors.review_pair_for(
            actor=request_user(request), pk=pk
        )
    except NotAllowed:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "linkage/review_pair.html",
        {"pair": pair, "record_a": record_a, "record_b": record_b, "rows": rows},
    )


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    try:
        selectors.require_reviewer(actor, pk)
    except NotAllowed:
        raise PermissionDenied from None
    choice = request.POST.get("besluit", "")
    if choice not in {"zelfde", "verschillend"}:
        return HttpResponseBadRequest(_("Kies ‘zelfde persoon’ of ‘verschillende personen’."))
    try:
        services.review_decide(
            actor=actor,
            pair_id=pk,
            same_person=choice == "zelfde",
            reason=request.POST.get("toelichting", ""),
        )
    except NotAllowed:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    except InvalidInput as error:
        return HttpResponseBadRequest(str(error))
    messages.success(request, _("Besluit vastgelegd."))
    return redirect("linkage:review_queue")


@login_required
@require_GET
def report_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """Intake check on a report: existing persons that may be the same human being."""
    actor = request_user(request)
    try:
        selectors.require_reviewer(actor, pk)
        row = registry_clustering.linkage_row_for(actor, pk)
    except NotAllowed:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    matches = services.possible_same_persons(actor=actor, record=row)
    return render(
        request,
        "linkage/report_matches.html",
        {
            "report_pk": pk,
            "report_number": row["report_number"],
            "matches": matches,
            "index_ready": services.index_ready(),
        },
    )
