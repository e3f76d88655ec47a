"""Serializer fields and bases shared by the apps' APIs."""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from backend.core.ids import MAX_ID


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by its id; an id out of any database's range is a field error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("pk_field", serializers.IntegerField(min_value=1, max_value=MAX_ID))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Model:
        # DRF converts the id with `pk_field` but runs none of its validators: the range here.
        self.pk_field.run_validation(data)
        return super().to_internal_value(data)


class CodeListField(serializers.ListField):
    """A list of reference codes, resolved in one query; unknown codes are a field error."""

    default_error_messages = {"unknown": _("Unknown codes: {codes}.")}

    def __init__(self, *, model: type[Model], **kwargs: Any) -> None:
        self.model = model
        super().__init__(child=serializers.CharField(max_length=40), **kwargs)

    def to_internal_value(self, data: Any) -> list[Model]:
        codes = list(dict.fromkeys(super().to_internal_value(data)))
        found = self.model.objects.in_bulk(codes)
        unknown = [code for code in codes if code not in found]
        if unknown:
            self.fail("unknown", codes=", ".join(unknown))
        return [found[code] for code in codes]

    def to_representation(self, value: Any) -> list[str]:
        # `value` is a related manager; .all() reads the prefetched rows.
        return [item.pk for item in value.all()]


def code_field(model: type[Model], **kwargs: Any) -> serializers.SlugRelatedField:
    """A reference row (municipality, programme …) by its code; an unknown code is a field
    error."""
    if not kwargs.get("read_only"):
        kwargs["queryset"] = model.objects.all()
    return serializers.SlugRelatedField(slug_field="code", **kwargs)


class BlankAwareModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose read-only model fields keep `allow_blank` where the model allows
    a blank value.

    DRF drops `allow_blank` from the fields in `read_only_fields`, so the schema would promise a
    URL, an e-mail address or one of the choices where the answer is "". With it, drf-spectacular
    documents the blank too (BlankEnum, or a oneOf with an empty string). An output serializer
    of a model with such fields derives from this class.
    """

    def include_extra_kwargs(
        self, kwargs: dict[str, Any], extra_kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank:
            kwargs["allow_blank"] = True
        return kwargs


class ViewerDependentFieldsMixin:
    """A serializer whose to_representation leaves fields out for the viewers who may not see
    them: it names them all in `viewer_dependent_fields`, which the schema marks not required
    (a field left out but not named there breaks the schema, never the privacy)."""

    viewer_dependent_fields: tuple[str, ...] = ()


class ViewerDependentFieldsExtension(OpenApiSerializerExtension):
    """The schema drf-spectacular makes, without `viewer_dependent_fields` among the required."""

    target_class = ViewerDependentFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        optional = set(self.target.viewer_dependent_fields)
        required = [name for name in schema.get("required", []) if name not in optional]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        return schema
