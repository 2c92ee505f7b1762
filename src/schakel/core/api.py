"""API error mapping: every refusal is JSON naming the field and the reason, never a 500."""

from __future__ import annotations

import threading
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


# -- input -------------------------------------------------------------------------------------


def _flatten(errors: Any, prefix: str = "") -> list[tuple[str, str]]:
    """DRF's nested error structure as (field path, message) pairs, paths as the service
    names them: person.birth_date, places[0].country."""
    if isinstance(errors, dict):
        pairs: list[tuple[str, str]] = []
        for key, value in errors.items():
            if key == "non_field_errors":
                path = prefix or "non_field_errors"
            elif isinstance(key, int) or str(key).isdigit():  # a list field's child
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            pairs.extend(_flatten(value, path))
        return pairs
    if isinstance(errors, list):
        if not any(isinstance(e, dict | list) for e in errors):
            return [(prefix or "non_field_errors", str(e)) for e in errors]
        pairs = []
        for index, item in enumerate(errors):
            if item:
                pairs.extend(_flatten(item, f"{prefix}[{index}]"))
        return pairs
    return [(prefix or "non_field_errors", str(errors))]


def validated(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """The serializer's data, or InvalidInput naming every bad field by its path."""
    if not serializer.is_valid():
        raise InvalidInput(
            _flatten(serializer.errors) or [("non_field_errors", str(_("Ongeldige invoer.")))]
        )
    return dict(serializer.validated_data)


_parsers = threading.local()


def parsed(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    """As ``validated(serializer_class(data=data))``, with the same checks and messages, but
    without building the serializer anew on every request.

    DRF deep-copies every declared field (and, for nested serializers, every nested field)
    each time a serializer is made: for the nested report body that is most of its cost
    (docs/benchmarks.md, issue 3). Validation itself keeps no state on the fields, so one
    instance per class and thread is bound once and given each request's data in turn.
    """
    instances: dict[type, serializers.Serializer[Any]] = _parsers.__dict__.setdefault(
        "instances", {}
    )
    serializer = instances.get(serializer_class)
    if serializer is None:
        serializer = instances[serializer_class] = serializer_class(data=data)
    else:
        serializer.initial_data = data
        serializer.__dict__.pop("_validated_data", None)
        serializer.__dict__.pop("_errors", None)
    return validated(serializer)
