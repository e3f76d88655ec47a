"""Reads of the school side: who sees which schools, requests and students.

Every selector returns a QuerySet with its relations fetched once (no query per row) and applies
its FilterSet when given `filters`; invalid filters raise ValidationError keyed by parameter.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from backend.accounts import selectors as account_selectors
from backend.accounts.models import Membership, Organisation, User
from backend.accounts.selectors import AnyUser
from backend.core.filters import apply_filterset
from backend.reference.models import Municipality, StemArea
from schools.filters import OPEN_STATUSES, PlacementRequestFilter, SchoolFilter, StudentFilter
from schools.models import OWN_PROGRAMME_LEVELS, PlacementRequest, School, StudentProfile


def counsellor_school_ids(user: AnyUser) -> frozenset[int]:
    """The schools the user acts for as a counsellor (none for any other role)."""
    return account_selectors.role_organisation_ids(user, User.Role.COUNSELLOR)


# Schools


def school_list(*, user: AnyUser, filters: Mapping[str, Any] | None = None) -> QuerySet[School]:
    """Verified, unsuspended schools for everyone; the chamber sees all; members of a school
    (approved) always see their own."""
    qs = School.objects.select_related("organisation", "municipality").prefetch_related(
        "programmes", "own_programmes"
    )
    if not account_selectors.is_chamber_staff(user):
        public = Q(organisation__verified_at__isnull=False, organisation__suspended=False)
        own = account_selectors.own_organisation_ids(user, Organisation.Kind.SCHOOL)
        qs = qs.filter(public | Q(pk__in=own) if own else public)
    return apply_filterset(SchoolFilter, filters, qs)


# Placement requests


def placement_request_list(
    *, user: AnyUser, filters: Mapping[str, Any] | None = None
) -> QuerySet[PlacementRequest]:
    """The requests the user may read, filtered.

    Chamber staff: all. Counsellors: every visible request (not hidden, school verified and not
    suspended) and all of their own schools'. Company members: visible ones that are open or
    partially filled. Anyone else: none.
    """
    return apply_filterset(PlacementRequestFilter, filters, _visible_requests(user))


def _visible_requests(user: AnyUser) -> QuerySet[PlacementRequest]:
    qs = PlacementRequest.objects.select_related(
        "school__organisation",
        "school__municipality",
        "programme",
        "education_field",
        "school_programme",
        "municipality",
        "created_by",
    ).prefetch_related(
        Prefetch("acceptable_municipalities", queryset=Municipality.objects.only("code")),
        Prefetch("stem_areas", queryset=StemArea.objects.only("code")),
    )
    if account_selectors.is_chamber_staff(user):
        return qs
    visible = Q(
        hidden_at__isnull=True,
        school__organisation__verified_at__isnull=False,
        school__organisation__suspended=False,
    )
    if account_selectors.has_role(user, User.Role.COUNSELLOR):
        return qs.filter(visible | Q(school_id__in=counsellor_school_ids(user)))
    if account_selectors.has_role(user, User.Role.COMPANY_MEMBER):
        return qs.filter(visible, status__in=OPEN_STATUSES)
    return qs.none()


# Students


def student_list(
    *, user: AnyUser, filters: Mapping[str, Any] | None = None
) -> QuerySet[StudentProfile]:
    """The students of the counsellor's schools; a student sees only themself; anyone else
    (chamber staff included, always) sees none. Annotated with the student's membership status
    in their school (pending until the school approves)."""
    qs = StudentProfile.objects.select_related(
        "user", "school__organisation", "programme", "home_municipality"
    ).prefetch_related(Prefetch("stem_interests", queryset=StemArea.objects.only("code")))
    membership = Membership.objects.filter(
        user_id=OuterRef("user_id"), organisation_id=OuterRef("school_id")
    )
    qs = qs.annotate(membership_status=Subquery(membership.values("status")[:1]))
    if account_selectors.has_role(user, User.Role.COUNSELLOR):
        qs = qs.filter(school_id__in=counsellor_school_ids(user))
    elif user.is_authenticated and user.role == User.Role.STUDENT:
        qs = qs.filter(user=user)
    else:
        qs = qs.none()
    return apply_filterset(StudentFilter, filters, qs)


def student_profile_of(*, user: User) -> StudentProfile | None:
    """The student's own profile, None until they create it."""
    return student_list(user=user).filter(user=user).first()


def own_programme_schools(*, user: AnyUser) -> QuerySet[School]:
    """The YH schools and universities whose own programmes the user administers."""
    return School.objects.filter(
        pk__in=account_selectors.admin_organisation_ids(user), level__in=OWN_PROGRAMME_LEVELS
    ).select_related("organisation")
