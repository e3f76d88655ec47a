"""How the API answers the services' errors: DRF's EXCEPTION_HANDLER (backend/settings.py).

A service raises Django's ValidationError keyed by model field: a 400 by field, under the API's
name of the field where a view's `service_field_names` gives one. An illegal status change raises
TransitionError (backend/core/errors.py): a 400 with `detail`, and `allowed_actions` where the
service names them. A Conflict (the state changed under the request) is a 409 with `detail`.
BAD_REQUEST documents both 400 shapes for the views' schemas.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from backend.core.errors import Conflict, TransitionError


class TransitionErrorSerializer(serializers.Serializer):
    """The object's status does not allow this: `detail` says why, `allowed_actions` (where the
    service names them) what is allowed now."""

    detail = serializers.CharField()
    allowed_actions = serializers.ListField(child=serializers.CharField(), required=False)


class FieldErrorsSerializer(serializers.Serializer):
    """The input is wrong: messages by field, `non_field_errors` for the input as a whole. A
    nested input has its messages by item (a list) or by field (an object)."""


class FieldErrorsExtension(OpenApiSerializerExtension):
    """Field errors are an object of any keys, which a serializer's fields cannot describe."""

    target_class = FieldErrorsSerializer

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        nested = {"type": "object"}
        messages = {"type": "array", "items": {"anyOf": [{"type": "string"}, nested]}}
        return {
            "type": "object",
            "description": get_doc(FieldErrorsSerializer),
            "additionalProperties": {"anyOf": [messages, nested]},
        }


# Every 400 of the API: a service may refuse the input (a ValidationError: field errors) or the
# step (a TransitionError), and the two shapes never match each other's schema.
BAD_REQUEST = OpenApiResponse(
    PolymorphicProxySerializer(
        component_name="BadRequest",
        serializers=[FieldErrorsSerializer, TransitionErrorSerializer],
        resource_type_field_name=None,
    ),
    description="Field errors by field, or `detail` (and `allowed_actions`) when the object's "
    "status does not allow this.",
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TransitionError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.allowed is not None:
            body["allowed_actions"] = list(exc.allowed)
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Conflict):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
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
