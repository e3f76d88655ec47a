"""Writing the audit log. Every call writes in the caller's transaction, so an action and its
entry are committed (or rolled back) together."""

from collections.abc import Iterable

from django.db import models

from backend.accounts.models import User
from backend.audit.models import AuditEntry

STUDENT = "student"


def audit_record(
    *,
    by: User | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: object = "",
    detail: str = "",
) -> AuditEntry:
    """One entry: `target` (a model instance) or `target_type` and `target_id`."""
    if target is not None:
        target_type, target_id = target._meta.model_name, target.pk
    return AuditEntry.objects.create(
        **_actor(by),
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail[:200],
    )


def audit_student_read(*, by: User, students: Iterable[object], purpose: str) -> int:
    """Record that `by` read the data of `students` (profiles, or their user ids) for
    `purpose` ("student list", "application"…); a student reading their own data is not
    recorded. One row per student, written in one query; returns how many."""
    ids = {getattr(student, "pk", student) for student in students} - {by.pk}
    if not ids:  # bulk_create would still open a transaction for no row
        return 0
    actor = _actor(by)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            **actor,
            action=AuditEntry.Action.STUDENT_READ,
            target_type=STUDENT,
            target_id=str(student_id),
            detail=purpose[:200],
        )
        for student_id in sorted(ids)
    )
    return len(ids)


def _actor(by: User | None) -> dict[str, object]:
    if by is None or not by.is_authenticated:
        return {"actor": None, "actor_email": ""}
    return {"actor": by, "actor_email": by.email}
