"""What the apps' admin screens share."""

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added or edited here: the rows change through the apps' services (which
    validate each step and keep the places counted), or through migrations. `deletable = False`
    where deleting one would be wrong too (reference data, the audit log)."""

    deletable = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)
