"""Reads of conversations: the threads a user takes part in, their messages, their participants.

Who takes part (DESIGN.md; issue 5):
- a thread about a request: the school's approved counsellors and the company's approved members;
- a thread about an application: the student, the approved members of the opportunity's company
  and the approved counsellors of the student's school (who follow, and can comment).
Chamber staff take part in none.
"""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from backend.accounts.actor import Actor
from backend.accounts.models import Membership, User
from backend.audit.services import audit_student_read
from matching import policy
from matching.models import Application, Message, Thread

THREAD_RELATIONS = (
    "request__school__organisation",
    "request__programme",
    "company__organisation",
    "application__opportunity__company__organisation",
    "application__school__organisation",
)


def thread_list(*, actor: Actor) -> QuerySet[Thread]:
    """The threads the actor takes part in (matching/policy.py), the most recently active
    first."""
    if not actor.is_authenticated:
        return Thread.objects.none()
    return (
        Thread.objects.filter(policy.thread_sides(actor).threads())
        .select_related(*THREAD_RELATIONS)
        .annotate(message_count=Count("messages"))
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )


def thread_with_messages(*, actor: Actor) -> QuerySet[Thread]:
    """thread_list with every message and its author fetched once."""
    messages = Message.objects.select_related("author").order_by("created_at", "id")
    return thread_list(actor=actor).prefetch_related(Prefetch("messages", queryset=messages))


def thread_detail(*, actor: Actor, pk: int) -> Thread | None:
    """One thread the actor takes part in, with its messages; None when they take part in none
    of that id. Reading an application's thread (the pupil's words and name) is recorded as a
    read of the pupil (backend/audit)."""
    thread = thread_with_messages(actor=actor).filter(pk=pk).first()
    if thread is not None and thread.application_id is not None:
        student_id = thread.application.student_id
        if student_id is not None:
            audit_student_read(by=actor.user, students=[student_id], purpose="thread")
    return thread


def thread_application_list(*, actor: Actor) -> QuerySet[Application]:
    """The applications the actor may open a thread about: the student's own, those to the
    actor's company, those of the counsellor's school's students."""
    if not actor.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(policy.thread_sides(actor).applications()).select_related(
        "opportunity__company__organisation", "school__organisation", "student__user"
    )


def thread_participants(*, thread: Thread) -> QuerySet[User]:
    """Everyone who takes part in the thread (active users with an approved membership)."""
    if thread.application_id is not None:
        application = thread.application
        sides = _members(User.Role.COMPANY_MEMBER, application.opportunity.company_id) | _members(
            User.Role.COUNSELLOR, application.school_id
        )
        if application.student_id is not None:
            sides |= Q(pk=application.student_id)  # the profile's key is its user's
    else:
        sides = _members(User.Role.COMPANY_MEMBER, thread.company_id) | _members(
            User.Role.COUNSELLOR, thread.request.school_id
        )
    return User.objects.filter(sides, is_active=True).distinct()


def _members(role: str, organisation_id: int) -> Q:
    return Q(
        role=role,
        memberships__organisation_id=organisation_id,
        memberships__status=Membership.Status.APPROVED,
        memberships__organisation__suspended=False,
    )
