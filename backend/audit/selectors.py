from django.db.models import QuerySet

from backend.accounts.models import User
from backend.audit.models import AuditEntry


def audit_entries_by(*, user: User) -> QuerySet[AuditEntry]:
    """The user's own actions, newest first."""
    return AuditEntry.objects.filter(actor=user).order_by("-at", "-id")
