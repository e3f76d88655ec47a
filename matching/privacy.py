"""A student's data: export (one JSON file and their CVs in a zip), erasure, and retention.

It lives in matching because a student's data spans the school side (profile, membership) and
matching (applications, placements, messages). Erasure deletes the account and everything that
names the student, and keeps their applications and placements anonymised (the student set to
null, the motivation, CV and their messages blanked), so every count the chamber reports stays
the same.
"""

import io
import json
import logging
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import User
from backend.audit.models import AuditEntry
from backend.audit.services import STUDENT, audit_record
from backend.notifications.models import Notification
from matching import policy
from matching.agreements.selectors import student_lifecycle_export
from matching.agreements.services import student_lifecycle_anonymise
from matching.models import Application, ApplicationEvent, Message, Placement
from schools.models import StudentProfile

logger = logging.getLogger(__name__)
EXPORT_VERSION = 1


# --- export ----------------------------------------------------------------------------------


ONLY_STUDENTS = _("Only students have student data to export or erase.")


def data_subject(*, actor: Actor, student_id: int | None) -> User:
    """The student whose data the actor exports or erases: themself (`student_id` None, "me"),
    or one of the counsellor's schools' students (anyone else: 404)."""
    if student_id is None:
        if not actor.is_student:
            raise PermissionDenied(ONLY_STUDENTS)
        return actor.user
    profile = (
        StudentProfile.objects.select_related("user")
        .filter(pk=student_id, school_id__in=policy.counsellor_school_ids(actor))
        .exclude(user_id=actor.user_id)
        .first()
    )
    if profile is None:
        raise Http404
    return profile.user


def _check_may_handle(actor: Actor, student: User) -> None:
    profile = StudentProfile.objects.filter(user_id=student.pk).first()
    if not policy.may_handle_student_data(actor, profile, student.pk):
        raise PermissionDenied(ONLY_STUDENTS)


def student_export(*, actor: Actor, student: User) -> bytes:
    """The zip of everything stored about `student`: data.json and cvs/<id>.pdf, for the
    student or a counsellor of their school (matching/policy.py). A read by anyone else than
    the student is recorded in the audit log."""
    _check_may_handle(actor, student)
    user = student
    applications = list(
        Application.objects.filter(student_id=user.pk)
        .select_related("opportunity__company__organisation", "school__organisation")
        .prefetch_related("events")
    )
    data = {
        "format_version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "account": _account(user),
        "profile": _profile(user),
        "memberships": [
            {
                "organisation": m.organisation.name,
                "kind": m.organisation.kind,
                "status": m.status,
                "is_admin": m.is_admin,
                "since": m.created_at,
            }
            for m in user.memberships.select_related("organisation")
        ],
        "applications": [_application(a, user) for a in applications],
        "placements": [_placement(p) for p in _placements(user)],
        "placement_lifecycle": student_lifecycle_export(student_id=user.pk),
        "messages_written": list(
            Message.objects.filter(author=user).values("thread_id", "body", "created_at")
        ),
        "notifications": list(
            Notification.objects.filter(recipient=user).values(
                "kind", "payload", "created_at", "read_at"
            )
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        for application in applications:
            if application.cv:
                with application.cv.open("rb") as cv:
                    archive.writestr(f"cvs/{application.pk}.pdf", cv.read())
    if actor.user_id != user.pk:
        audit_record(
            by=actor.user, action=AuditEntry.Action.EXPORT, target_type=STUDENT, target_id=user.pk
        )
    return buffer.getvalue()


def _account(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
    }


def _profile(user: User) -> dict | None:
    profile = (
        StudentProfile.objects.select_related(
            "school__organisation", "programme", "home_municipality"
        )
        .prefetch_related("stem_interests")
        .filter(user=user)
        .first()
    )
    if profile is None:
        return None
    return {
        "school": profile.school.organisation.name,
        "programme": profile.programme.name if profile.programme else None,
        "year": profile.year,
        "home_municipality": profile.home_municipality.name,
        "birth_date": profile.birth_date,
        "gender": profile.gender,
        "languages": profile.languages,
        "stem_interests": [area.name for area in profile.stem_interests.all()],
        "about": profile.about,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _application(application: Application, user: User) -> dict:
    return {
        "id": application.pk,
        "opportunity": application.opportunity.title,
        "company": application.opportunity.company.organisation.name,
        "school": application.school.organisation.name,
        "status": application.status,
        "motivation": application.motivation,
        "cv": f"cvs/{application.pk}.pdf" if application.cv else None,
        "created_at": application.created_at,
        "events": [
            {
                "from": event.from_status,
                "to": event.to_status,
                "at": event.at,
                "by_you": event.by_id == user.pk,
                "note": event.note,
            }
            for event in application.events.all()
        ],
    }


def _placements(user: User) -> QuerySet[Placement]:
    return Placement.objects.filter(student_id=user.pk).select_related(
        "opportunity__company__organisation", "school__organisation"
    )


def _placement(placement: Placement) -> dict:
    return {
        "opportunity": placement.opportunity.title,
        "company": placement.opportunity.company.organisation.name,
        "school": placement.school.organisation.name,
        "kind": placement.kind,
        "level": placement.level,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "status": placement.status,
    }


# --- erasure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    applications: int
    placements: int
    messages: int
    files: int


def student_erase(*, actor: Actor, student: User, reason: str = "") -> Erasure:
    """The student erases themself, or a counsellor of their school erases them on their
    behalf (matching/policy.py); see _erase."""
    _check_may_handle(actor, student)
    return _erase(student, by=actor.user, reason=reason)


def student_erase_by_platform(*, student: User, reason: str) -> Erasure:
    """The platform erases a student (retention, or an operator's command): no person acts."""
    return _erase(student, by=None, reason=reason)


@transaction.atomic
def _erase(user: User, *, by: User | None, reason: str) -> Erasure:
    """Delete the student's account and personal data; their applications and placements stay,
    anonymised. The CV files are deleted once the transaction commits. `by` None: the platform
    (retention)."""
    applications = Application.objects.filter(student_id=user.pk)
    cvs = [name for name in applications.exclude(cv="").values_list("cv", flat=True) if name]
    erasure = Erasure(
        applications=applications.update(motivation="", cv=""),
        placements=Placement.objects.filter(student_id=user.pk).count(),
        messages=Message.objects.filter(author=user).update(body=""),
        files=len(cvs),
    )
    ApplicationEvent.objects.filter(by=user).exclude(note="").update(note="")
    _forget_in_notifications(user)
    student_lifecycle_anonymise(student_id=user.pk)
    audit_record(
        by=by if by is not None and by.pk != user.pk else None,
        action=AuditEntry.Action.ERASE,
        target_type=STUDENT,
        target_id=user.pk,
        detail=reason,
    )
    # The profile goes with the account; applications and placements keep a null student.
    user.delete()
    transaction.on_commit(lambda: _delete_files(cvs))
    return erasure


def _forget_in_notifications(user: User) -> None:
    """Other people's message notifications keep neither the student's name nor her words."""
    name = user.get_full_name() or user.email
    # A list, not a subquery: a JSON key compared with a subquery of ids fails on PostgreSQL.
    threads = list(Message.objects.filter(author=user).values_list("thread_id", flat=True))
    written = Notification.objects.filter(kind=Notification.Kind.MESSAGE).filter(
        Q(payload__author_id=user.pk) | Q(payload__author_name=name, payload__thread_id__in=threads)
    )
    for notification in written.exclude(recipient=user):
        notification.payload = {
            **notification.payload,
            "author_id": None,
            "author_name": "",
            "excerpt": "",
        }
        notification.save(update_fields=["payload"])


def _delete_files(names: list[str]) -> None:
    storage = Application._meta.get_field("cv").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone, or the disk refuses: the row no longer points to it
            logger.warning("Could not delete %s", name)


# --- retention -------------------------------------------------------------------------------


def students_due_for_anonymisation(*, today: date | None = None) -> QuerySet[User]:
    """Students whose last placement (not cancelled) ended more than
    PERSONAL_DATA_RETENTION_DAYS ago and who have not logged in since it ended."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    last_end = Max(
        "student_profile__placements__end_date",
        filter=~Q(student_profile__placements__status=Placement.Status.CANCELLED),
    )
    return (
        User.objects.filter(role=User.Role.STUDENT)
        .annotate(last_placement_end=last_end)
        .filter(last_placement_end__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__date__lte=F("last_placement_end")))
        .order_by("email")
    )


@shared_task
def anonymise_inactive_students() -> int:
    """The beat task: erase every student due (one transaction each); returns how many."""
    erased = 0
    for user in students_due_for_anonymisation():
        student_erase_by_platform(student=user, reason="retention")
        erased += 1
    return erased
