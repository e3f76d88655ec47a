"""Serializer fields shared by the apps' APIs."""

from typing import Any

from django.db.models import Model
from rest_framework import serializers


def code_field(model: type[Model], **kwargs: Any) -> serializers.SlugRelatedField:
    """A reference row (municipality, programme …) by its code; an unknown code is a field
    error."""
    if not kwargs.get("read_only"):
        kwargs["queryset"] = model.objects.all()
    return serializers.SlugRelatedField(slug_field="code", **kwargs)
