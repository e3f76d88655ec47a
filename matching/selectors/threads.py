"""Reads of conversations: the threads a user takes part in, their messages, their participants.

Who takes part (DESIGN.md; issue 5):
- a thread about a request: the school's approved counsellors and the company's approved members;
- a thread about an application: the student, the approved members of the opportunity's company
  and the approved counsellors of the student's school (who follow, and can comment).
Chamber staff take part in none.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from backend.accounts.actor import actor_for
from backend.accounts.models import Membership, User
from backend.accounts.selectors import AnyUser
from companies.policy import postable_company_ids
from matching.models import Application, Message, Thread
from schools.selectors import counsellor_school_ids

THREAD_RELATIONS = (
    "request__school__organisation",
    "request__programme",
    "company__organisation",
    "application__opportunity__company__organisation",
    "application__school__organisation",
)


@dataclass(frozen=True)
class Sides:
    """The organisations (and, for a student, the user) a user speaks for in threads."""

    school_ids: frozenset[int]
    company_ids: frozenset[int]
    student_user_id: int | None

    def threads(self) -> Q:
        return (
            Q(request__school_id__in=self.school_ids)
            | Q(company_id__in=self.company_ids)
            | self._applications("application__")
        )

    def applications(self) -> Q:
        return self._applications("")

    def _applications(self, prefix: str) -> Q:
        sides = Q(**{f"{prefix}school_id__in": self.school_ids}) | Q(
            **{f"{prefix}opportunity__company_id__in": self.company_ids}
        )
        if self.student_user_id is not None:  # never `IS NULL`: erased students' rows
            sides |= Q(**{f"{prefix}student__user_id": self.student_user_id})
        return sides


def sides_of(user: AnyUser) -> Sides:
    student = user.is_authenticated and user.role == User.Role.STUDENT
    return Sides(
        school_ids=counsellor_school_ids(user),
        company_ids=postable_company_ids(actor_for(user)),
        student_user_id=user.pk if student else None,
    )


def thread_list(*, user: AnyUser) -> QuerySet[Thread]:
    """The threads the user takes part in, the most recently active first."""
    if not user.is_authenticated:
        return Thread.objects.none()
    return (
        Thread.objects.filter(sides_of(user).threads())
        .select_related(*THREAD_RELATIONS)
        .annotate(message_count=Count("messages"))
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )


def thread_with_messages(*, user: AnyUser) -> QuerySet[Thread]:
    """thread_list with every message and its author fetched once."""
    messages = Message.objects.select_related("author").order_by("created_at", "id")
    return thread_list(user=user).prefetch_related(Prefetch("messages", queryset=messages))


def thread_application_list(*, user: AnyUser) -> QuerySet[Application]:
    """The applications the user may open a thread about: the student's own, those to the
    user's company, those of the counsellor's school's students."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(sides_of(user).applications()).select_related(
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
