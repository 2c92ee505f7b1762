"""Login with a second factor, second-factor set-up, and user management (thin views)."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.core import audit
from schakel.core.errors import ApplicationError
from schakel.core.models import AuditAction, AuditOutcome

from . import selectors, services
from .forms import LoginForm, TokenForm, UserForm
from .helpers import request_user
from .models import User
from .roles import Role


def lockout_response(
    request: HttpRequest, original_response: Any, credentials: dict[str, Any]
) -> HttpResponse:
    """django-axes calls this when an account+address is locked; say so plainly, and audit."""
    username = str((credentials or {}).get("username", ""))[:150]
    audit.audit_authentication(
        action=AuditAction.LOCKOUT, actor=None, username=username, outcome=AuditOutcome.DENIED
    )
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    message = _(
        "Te veel mislukte inlogpogingen. Dit account is voor %(minutes)d minuten geblokkeerd. "
        "Neem contact op met de beheerder van uw organisatie als dit niet klopt."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": message}, status=429)
    return render(request, "accounts/locked.html", {"message": message}, status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        audit.audit_authentication(
            action=AuditAction.LOGIN_FAILED,
            actor=None,
            username=form.data.get("username", "")[:150],
            outcome=AuditOutcome.FAILED,
        )
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        audit.audit_authentication(action=AuditAction.LOGIN, actor=form.get_user())
        user = form.get_user()
        if (
            not isinstance(user, User)
            or any(True for _d in devices_for_user(user))
            or (user.needs_second_factor)
        ):
            return redirect(f"{_url('accounts:second_factor')}?next={self.get_success_url()}")
        return response


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return _url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    has_device = any(True for _d in devices_for_user(user))
    if not has_device:
        return redirect(f"{_url('accounts:second_factor_setup')}?next={_safe_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            audit.audit_authentication(
                action=AuditAction.SECOND_FACTOR_VERIFIED,
                actor=user,
                details={"device": device.persistent_id.split("/")[0]},
            )
            return HttpResponseRedirect(_safe_next(request))
        audit.audit_authentication(
            action=AuditAction.SECOND_FACTOR_FAILED, actor=user, outcome=AuditOutcome.FAILED
        )
        form.add_error("token", _("Deze code klopt niet of is al gebruikt."))
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            codes = services.backup_codes_issue(user=user, keep_unused=False)
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "next": _safe_next(request)}
            )
        form.add_error("token", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": _base32_secret(device),
            "next": _safe_next(request),
        },
    )


def _base32_secret(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.audit_authentication(action=AuditAction.LOGOUT, actor=request.user)
    logout(request)
    messages.info(request, _("U bent uitgelogd."))
    return redirect(settings.LOGIN_URL)


# -- user management ----------------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> User:
    user = request_user(request)
    if not user.has_perm("accounts.manage_users"):
        audit.audit_denied(actor=user, object_type="accounts.user", reason="not a user manager")
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return user


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    actor = _require_manager(request)
    search = request.GET.get("q", "").strip()[:100]
    users, total = selectors.users_list_for(actor=actor, search=search, limit=200)
    return render(
        request, "accounts/user_list.html", {"users": users, "total": total, "search": search}
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    actor = _require_manager(request)
    organisations = selectors.organisations_for_user_management(actor=actor)
    form = UserForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": actor.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_create(
                actor=actor,
                organisation=data["organisation"],
                username=data["username"],
                password=data["password"] or None,
                roles=[Role(r) for r in data["roles"]],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request, _("Gebruiker %(name)s is aangemaakt.") % {"name": data["username"]}
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require_manager(request)
    user = selectors.user_get_for(actor=actor, pk=pk)
    organisations = selectors.organisations_for_user_management(actor=actor)
    initial = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation_id,
        "roles": sorted(user.role_set),
        "is_active": user.is_active,
    }
    form = UserForm(
        request.POST or None, organisations=organisations, editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "reset_second_factor" in request.POST:
                services.user_reset_second_factor(actor=actor, user=user)
            services.user_update(
                actor=actor,
                user=user,
                roles=[Role(r) for r in data["roles"]],
                is_active=data["is_active"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request, _("Gebruiker %(name)s is bijgewerkt.") % {"name": user.username}
            )
            return redirect("accounts:user_list")
    return render(
        request, "accounts/user_form.html", {"form": form, "creating": False, "edited": user}
    )
