"""What the apps' admin screens share."""

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.core.errors import TransitionError


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


def moderate_selected(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    targets: Iterable[Model],
    service: Callable[..., object],
    keyword: str,
    **kwargs: object,
) -> None:
    """Run a backend/moderation.py service on each selected object as the request's actor, as
    the API and the chamber's pages do; what it refuses is reported with its reason."""
    done = 0
    for target in targets:
        try:
            service(actor=request.actor, **{keyword: target}, **kwargs)
        except (TransitionError, PermissionDenied, ValidationError) as exc:
            model_admin.message_user(request, f"{target}: {_reason(exc)}", messages.WARNING)
        else:
            done += 1
    if done:
        model_admin.message_user(request, _("%(count)d changed.") % {"count": done})


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
