from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backend.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models import Field, ForeignObject

        from backend.core.lookups import AnyOf, RelatedExactInRange

        ForeignObject.register_lookup(RelatedExactInRange, lookup_name="exact")
        for fields in (Field, ForeignObject):  # a relation's lookups are its class's own
            fields.register_lookup(AnyOf)
