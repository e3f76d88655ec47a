"""Who acts for which organisation. A user acts for an organisation only through an approved
membership; the role says in which capacity."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from backend.accounts.models import Membership, Organisation, User

ROLE_ORGANISATION_KIND = {
    User.Role.COMPANY_MEMBER: Organisation.Kind.COMPANY,
    User.Role.COUNSELLOR: Organisation.Kind.SCHOOL,
    User.Role.STUDENT: Organisation.Kind.SCHOOL,
    User.Role.CHAMBER_STAFF: Organisation.Kind.CHAMBER,
}


def user_with_memberships(*, user_id: int) -> User:
    queryset: QuerySet[User] = User.objects.prefetch_related("memberships__organisation")
    return queryset.get(pk=user_id)


def acting_organisation_ids(user: User | AnonymousUser) -> frozenset[int]:
    """The organisations the user acts for in their role (approved memberships of the kind the
    role belongs to, organisation not suspended). Cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_acting_organisation_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(
                user=user,
                status=Membership.Status.APPROVED,
                organisation__kind=ROLE_ORGANISATION_KIND[user.role],
                organisation__suspended=False,
            ).values_list("organisation_id", flat=True)
        )
        user._acting_organisation_ids = cached
    return cached


def admin_organisation_ids(user: User | AnonymousUser) -> frozenset[int]:
    """The organisations the user may administer (edit the profile, manage members)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(
            user=user,
            is_admin=True,
            status=Membership.Status.APPROVED,
            organisation_id__in=acting_organisation_ids(user),
        ).values_list("organisation_id", flat=True)
    )


def has_role(user: User | AnonymousUser, role: str) -> bool:
    """The user has the role and acts for at least one organisation in it."""
    return bool(user.is_authenticated and user.role == role and acting_organisation_ids(user))


def is_chamber_staff(user: User | AnonymousUser) -> bool:
    return has_role(user, User.Role.CHAMBER_STAFF)
