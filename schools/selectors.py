"""Reads of the school side: who sees which schools, requests and students.

Every selector takes the actor and returns only what schools/policy.py lets them see, as a
QuerySet with its relations fetched once (no query per row); it applies its FilterSet when given
`filters` (invalid filters raise ValidationError keyed by parameter). A collection the actor's
role may not use at all raises PermissionDenied.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from backend.accounts.actor import Actor
from backend.accounts.models import Membership
from backend.audit.querysets import PupilRowsQuerySet
from backend.core.filters import apply_filterset
from backend.reference.models import Municipality, StemArea
from schools import policy
from schools.filters import PlacementRequestFilter, SchoolFilter, StudentFilter
from schools.models import OWN_PROGRAMME_LEVELS, PlacementRequest, School, StudentProfile

# Schools


def school_list(*, actor: Actor, filters: Mapping[str, Any] | None = None) -> QuerySet[School]:
    """Verified, unsuspended schools for everyone; the chamber sees all; members of a school
    (approved) always see their own."""
    qs = (
        School.objects.select_related("organisation", "municipality")
        .prefetch_related("programmes", "own_programmes")
        .filter(policy.school_scope(actor))
    )
    return apply_filterset(SchoolFilter, filters, qs)


def own_programme_schools(*, actor: Actor) -> QuerySet[School]:
    """The YH schools and universities whose own programmes the actor administers."""
    return School.objects.filter(
        pk__in=policy.administered_school_ids(actor), level__in=OWN_PROGRAMME_LEVELS
    ).select_related("organisation")


# Placement requests


def placement_request_list(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[PlacementRequest]:
    """The requests the actor may read (policy.placement_request_scope; none for a student or a
    visitor), filtered."""
    qs = (
        PlacementRequest.objects.select_related(
            "school__organisation",
            "school__municipality",
            "programme",
            "education_field",
            "school_programme",
            "municipality",
            "created_by",
        )
        .prefetch_related(
            Prefetch("acceptable_municipalities", queryset=Municipality.objects.only("code")),
            Prefetch("stem_areas", queryset=StemArea.objects.only("code")),
        )
        .filter(policy.placement_request_scope(actor))
    )
    return apply_filterset(PlacementRequestFilter, filters, qs)


def placement_request_board(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[PlacementRequest]:
    """placement_request_list for those who read requests at all (the API's collection);
    anyone else is refused (PermissionDenied) rather than shown an empty list."""
    policy.require_may_read_requests(actor)
    return placement_request_list(actor=actor, filters=filters)


# Students


class StudentsQuerySet(PupilRowsQuerySet):
    """Student profiles: each row is a pupil's data (its key is the pupil's user id)."""

    def pupil_ids(self, rows: list[StudentProfile]) -> set[int]:
        return {row.pk for row in rows}


def student_list(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[StudentProfile]:
    """The students of the counsellor's schools; a student sees only themself; anyone else
    (chamber staff included, always) sees none. Annotated with the student's membership status
    in their school (pending until the school approves). Fetching the rows records their read
    by the actor (backend/audit/querysets.py), whatever surface shows them."""
    membership = Membership.objects.filter(
        user_id=OuterRef("user_id"), organisation_id=OuterRef("school_id")
    )
    qs = (
        StudentsQuerySet(model=StudentProfile)
        .select_related("user", "school__organisation", "programme", "home_municipality")
        .prefetch_related(Prefetch("stem_interests", queryset=StemArea.objects.only("code")))
        .annotate(membership_status=Subquery(membership.values("status")[:1]))
        .filter(policy.student_scope(actor))
        .read_by(actor.user, purpose="student")
    )
    return apply_filterset(StudentFilter, filters, qs)


def school_student_list(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[StudentProfile]:
    """The students of the counsellor's schools, filtered; anyone but a counsellor is refused
    (PermissionDenied): a student reads themself through student_profile_of."""
    policy.require_may_list_students(actor)
    return student_list(actor=actor, filters=filters)


def student_profile_of(*, actor: Actor) -> StudentProfile | None:
    """The student's own profile, None until they create it; anyone but a student is refused
    (PermissionDenied)."""
    policy.require_student(actor)
    return student_list(actor=actor).filter(user_id=actor.user_id).first()
