from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backend.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models import ForeignObject

        from backend.core.lookups import RelatedExactInRange

        ForeignObject.register_lookup(RelatedExactInRange, lookup_name="exact")
