from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.audit import policy
from backend.audit.models import AuditEntry

NOT_STAFF = _("Only chamber staff read the audit log.")


def audit_entries_by(*, actor: Actor) -> QuerySet[AuditEntry]:
    """The actor's own actions, newest first: chamber staff's (the full log is in the Django
    admin)."""
    if not policy.reads_own_actions(actor):
        raise PermissionDenied(NOT_STAFF)
    return AuditEntry.objects.filter(actor_id=actor.user_id).order_by("-at", "-id")
