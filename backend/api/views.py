"""The one base of the API's viewsets.

A viewset reads through its app's selectors and writes through its services, both given the
request's actor (backend/accounts/actor.py); it never decides who may act. An object the actor
cannot see is not in the selector, so looking it up is a 404; a service's refusal
(PermissionDenied, ValidationError, TransitionError, Conflict) is mapped to its answer in
backend/api/exceptions.py. Input reaches a service one way: a serializer's `validated_data`,
already in the service's keyword arguments (fields named with `source=`, reshaped in
`validate()`).
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import status, viewsets
from rest_framework.response import Response

from backend.accounts.actor import Actor
from backend.api.filter_backends import SelectorFilterBackend


class ServiceViewSet(viewsets.GenericViewSet):
    filter_backends = [SelectorFilterBackend]
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"
    # The API's names of the services' fields, where they differ, for field errors.
    service_field_names: Mapping[str, str] = {}

    @property
    def actor(self) -> Actor:
        return self.request.actor

    def get_serializer_context(self) -> dict[str, Any]:
        """Serializers hide per-viewer fields by asking the app's policy about `actor`."""
        return {**super().get_serializer_context(), "actor": self.request.actor}

    def validated(
        self, serializer_class: type, instance: Model | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """The request's input as the service's keyword arguments, or a 400 by field."""
        serializer = serializer_class(
            instance, data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def page(self, queryset: QuerySet, serializer_class: type | None = None) -> Response:
        serializer_class = serializer_class or self.get_serializer_class()
        rows = self.paginate_queryset(queryset)
        data = serializer_class(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def respond(
        self,
        obj: Model,
        status_code: int = status.HTTP_200_OK,
        serializer_class: type | None = None,
    ) -> Response:
        """The object as the list shows it, read again through the selector with its relations."""
        serializer_class = serializer_class or self.get_serializer_class()
        fresh = self.get_queryset().get(pk=obj.pk)
        data = serializer_class(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)
