"""Screens of the shelter registry (thin views: parse → one selector or service → render)."""

from __future__ import annotations

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
from schakel.core.errors import ApplicationError, NotAllowed, NotFound

from . import selectors, services, workflow
from .choices import FacilityKind, PlacementAction, PlaceStatus
from .forms import CapacityForm, PlacementRequestForm, TransitionForm
from .policies import PURPOSE, can_view_availability, can_view_statistics, is_shelter_staff


def _actor_with(request: HttpRequest, permission: str) -> User:
    actor = request_user(request)
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor, object_type="shelter", purpose=PURPOSE, reason=f"lacks {permission}"
        )
        raise PermissionDenied
    return actor


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "shelter.request_placement")
    return render(
        request,
        "shelter/overview.html",
        {
            "placements": selectors.placements_visible(actor=actor),
            "may_view_availability": can_view_availability(actor),
            "may_view_statistics": can_view_statistics(actor),
            "facilities": selectors.facilities_run_by(actor=actor)
            if is_shelter_staff(actor)
            else [],
        },
    )


@login_required
@require_GET
def availability(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "shelter.view_availability")
    kind = request.GET.get("soort", "")
    rows = selectors.availability(actor=actor, kind=kind if kind in FacilityKind.values else "")
    return render(
        request,
        "shelter/availability.html",
        {
            "rows": rows,
            "kinds": FacilityKind.choices,
            "kind": kind,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def facility_update(request: HttpRequest, pk: int) -> HttpResponse:
    """All places of one facility in one form: set free/unavailable and confirm at once."""
    actor = _actor_with(request, "shelter.update_availability")
    try:
        return _facility_page(request, actor, pk)
    except NotFound:
        raise Http404 from None


def _facility_page(
    request: HttpRequest,
    actor: User,
    pk: int,
    *,
    capacity_form: CapacityForm | None = None,
    capacity_error: object = None,
) -> HttpResponse:
    facility, rows = selectors.facility_for_update(actor=actor, pk=pk)
    error, status = None, 400 if capacity_error else 200
    if request.method == "POST" and capacity_form is None:
        statuses = {
            row.place.pk: request.POST.get(f"place_{row.place.pk}", row.place.status)
            for row in rows
        }
        try:
            count = services.availability_update(actor=actor, facility_id=pk, statuses=statuses)
        except NotAllowed:
            raise PermissionDenied from None
        except ApplicationError as exc:
            error, status = exc, 400
        else:
            messages.success(
                request, _("Beschikbaarheid van %(n)d plaatsen bevestigd.") % {"n": count}
            )
            return redirect("shelter:facility_update", pk=pk)
    return render(
        request,
        "shelter/facility_update.html",
        {
            "facility": facility,
            "rows": rows,
            "error": error,
            "settable": [PlaceStatus.FREE, PlaceStatus.UNAVAILABLE],
            "capacity_form": capacity_form or CapacityForm(initial={"capacity": len(rows)}),
            "capacity_error": capacity_error,
        },
        status=status,
    )


@login_required
@require_POST
def capacity_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the number of places of a facility; below the places in use is refused."""
    actor = _actor_with(request, "shelter.update_availability")
    try:
        selectors.facility_for_update(actor=actor, pk=pk)
    except NotFound:
        raise Http404 from None
    form = CapacityForm(request.POST)
    try:
        capacity = services.capacity_change(
            actor=actor, facility_id=pk, capacity=request.POST.get("capacity", "")
        )
    except NotAllowed:
        raise PermissionDenied from None
    except ApplicationError as exc:
        return _facility_page(request, actor, pk, capacity_form=form, capacity_error=exc)
    messages.success(request, _("De locatie heeft nu %(n)d plaatsen.") % {"n": capacity})
    return redirect("shelter:facility_update", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def placement_create(request: HttpRequest) -> HttpResponse:
    actor = _actor_with(request, "shelter.request_placement")
    form = PlacementRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                placement = services.placement_request(
                    actor=actor, report_number=data["report_number"], needs=data
                )
            except NotAllowed:
                raise PermissionDenied from None
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                return redirect("shelter:placement_detail", pk=placement.pk)
        status = 400
    return render(request, "shelter/placement_create.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest, actor: User, pk: int, *, error: object = None, status: int = 200
) -> HttpResponse:
    try:
        placement = selectors.placement_get(actor=actor, pk=pk)
    except NotFound:
        raise Http404 from None
    who = services.roles_towards(actor, placement)
    actions = workflow.actions_from(placement.status, who)
    matches = []
    if PlacementAction.RESERVE in actions and can_view_availability(actor):
        matches = selectors.matches_for(actor=actor, placement=placement)
    return render(
        request,
        "shelter/placement_detail.html",
        {
            "placement": placement,
            "actions": [PlacementAction(a) for a in actions],
            "matches": matches,
            "events": placement.events.select_related("actor", "place"),
            "form": TransitionForm(),
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "shelter.request_placement")
    return _detail(request, actor, pk)


@login_required
@require_POST
def placement_transition(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with(request, "shelter.request_placement")
    try:
        selectors.placement_get(actor=actor, pk=pk)
    except NotFound:
        raise Http404 from None
    place = request.POST.get("place", "")
    try:
        services.placement_transition(
            actor=actor,
            pk=pk,
            action=request.POST.get("action", ""),
            place_id=int(place) if place.isdigit() else None,
            reason=request.POST.get("discharge_reason", ""),
        )
    except NotAllowed:
        raise PermissionDenied from None
    except ApplicationError as exc:
        return _detail(request, actor, pk, error=exc, status=400)
    messages.success(request, _("De stap is vastgelegd."))
    return redirect("shelter:placement_detail", pk=pk)
