"""How the API answers the services' errors: DRF's EXCEPTION_HANDLER (backend/settings.py).

A service raises Django's ValidationError keyed by model field: a 400 by field, under the API's
name of the field where a view's `service_field_names` gives one. An illegal status change raises
TransitionError: a 400 with `detail`, and `allowed_actions` where the service names them.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class TransitionError(Exception):
    """A status change the object's current state does not allow. `allowed`, when given, names
    the actions that are."""

    def __init__(self, message: str, *, allowed: Iterable[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = None if allowed is None else tuple(allowed)


class TransitionErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    allowed_actions = serializers.ListField(child=serializers.CharField(), required=False)


TRANSITION_ERROR = OpenApiResponse(
    TransitionErrorSerializer, description="The object's status does not allow this."
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TransitionError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.allowed is not None:
            body["allowed_actions"] = list(exc.allowed)
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        names = getattr(context.get("view"), "service_field_names", {})
        exc = exceptions.ValidationError(_field_errors(exc, names))
    return drf_exception_handler(exc, context)


def _field_errors(exc: DjangoValidationError, names: Mapping[str, str]) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    names = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, **names}
    errors: dict[str, list[str]] = {}
    for field, messages in exc.message_dict.items():
        errors.setdefault(names.get(field, field), []).extend(messages)
    return errors
