"""API error mapping: every refusal is JSON naming the field and the reason, never a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError, InvalidInput


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every refusal that `exception_handler` writes (one schema component)."""

    detail = serializers.CharField()
    # A field named like Serializer.errors: the metaclass takes it out of the class body.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Per veld (pad zoals person.birth_date of places[0].country) de redenen."),
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, InvalidInput):
        errors: dict[str, list[str]] = {}
        for field, message in exc.errors:
            errors.setdefault(field, []).append(str(message))
        return Response({"detail": str(exc.message), "errors": errors}, status=exc.status_code)
    if isinstance(exc, ApplicationError):
        body: dict[str, Any] = {"detail": str(exc.message)}
        if exc.field:
            body["errors"] = {exc.field: [str(exc.message)]}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(
            {"detail": "invalid input", "errors": errors}, status=status.HTTP_400_BAD_REQUEST
        )
    return drf_exception_handler(exc, context)
