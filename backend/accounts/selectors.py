"""Who acts for which organisation. A user acts for an organisation only through an approved
membership; the role says in which capacity."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from backend.accounts.models import Membership, Organisation, User

AnyUser = User | AnonymousUser
ROLE_ORGANISATION_KIND = {
    User.Role.COMPANY_MEMBER: Organisation.Kind.COMPANY,
    User.Role.COUNSELLOR: Organisation.Kind.SCHOOL,
    User.Role.STUDENT: Organisation.Kind.SCHOOL,
    User.Role.CHAMBER_STAFF: Organisation.Kind.CHAMBER,
}
# The request-long caches of the membership ids on the user object.
_CACHES = ("_acting_organisation_ids", "_own_organisation_ids")


def user_with_memberships(*, user_id: int) -> User:
    queryset: QuerySet[User] = User.objects.prefetch_related("memberships__organisation")
    return queryset.get(pk=user_id)


def acting_organisation_ids(user: AnyUser) -> frozenset[int]:
    """The organisations the user acts for in their role (approved memberships of the kind the
    role belongs to, organisation not suspended). Cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    kind = ROLE_ORGANISATION_KIND[user.role]
    return _approved_ids(
        user, "_acting_organisation_ids", organisation__kind=kind, organisation__suspended=False
    )


def own_organisation_ids(user: AnyUser, kind: str) -> frozenset[int]:
    """The organisations of `kind` whose own data the user reads: approved memberships in the
    user's role, suspended organisations included, so that their members see why nothing of
    theirs is public. Acting (writing) needs acting_organisation_ids, which leaves suspended ones
    out. Cached on the user object for the request."""
    if not (user.is_authenticated and ROLE_ORGANISATION_KIND[user.role] == kind):
        return frozenset()
    return _approved_ids(user, "_own_organisation_ids", organisation__kind=kind)


def _approved_ids(user: User, cache: str, **conditions: object) -> frozenset[int]:
    cached = getattr(user, cache, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(
                user=user, status=Membership.Status.APPROVED, **conditions
            ).values_list("organisation_id", flat=True)
        )
        setattr(user, cache, cached)
    return cached


def forget_cached_memberships(user: AnyUser) -> None:
    """After a membership changed within the request, the cached ids are out of date."""
    for cache in _CACHES:
        if hasattr(user, cache):
            delattr(user, cache)


def role_organisation_ids(user: AnyUser, role: str) -> frozenset[int]:
    """The organisations the user acts for in `role`; none when it is not their role."""
    if not (user.is_authenticated and user.role == role):
        return frozenset()
    return acting_organisation_ids(user)


def admin_organisation_ids(user: AnyUser) -> frozenset[int]:
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


def has_role(user: AnyUser, role: str) -> bool:
    """The user has the role and acts for at least one organisation in it."""
    return bool(role_organisation_ids(user, role))


def is_chamber_staff(user: AnyUser) -> bool:
    """Chamber staff moderate (verify and suspend organisations, hide postings) and so see
    everything; so does a superuser, the operator of the Django admin."""
    if user.is_authenticated and user.is_superuser:
        return True
    return has_role(user, User.Role.CHAMBER_STAFF)
