"""Who may see and do what on the supply side (DESIGN.md, "Who may see and do what").

One place for the rules, used by the selectors (visibility), the services (a write refuses a user
who may not make it) and the API permissions (which answer 404 or 403 first).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from backend.accounts.models import Membership, Organisation, User
from backend.accounts.selectors import acting_organisation_ids, admin_organisation_ids, has_role

AnyUser = User | AnonymousUser


def is_moderator(user: AnyUser) -> bool:
    """Chamber staff (and a superuser, the Django admin's operator) verify and suspend companies
    and hide opportunities, so they also see every company and opportunity."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, User.Role.CHAMBER_STAFF)


def own_company_ids(user: AnyUser) -> frozenset[int]:
    """The companies whose own data the user reads: approved memberships of a company member,
    suspended companies included, so that their members see why nothing of theirs is public.
    Acting (writing) needs acting_organisation_ids, which leaves suspended ones out.
    Cached on the user object for the request, like acting_organisation_ids."""
    if not (user.is_authenticated and user.role == User.Role.COMPANY_MEMBER):
        return frozenset()
    cached = getattr(user, "_own_company_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(
                user=user,
                status=Membership.Status.APPROVED,
                organisation__kind=Organisation.Kind.COMPANY,
            ).values_list("organisation_id", flat=True)
        )
        user._own_company_ids = cached
    return cached


def forget_cached_memberships(user: AnyUser) -> None:
    """After a membership changed within the request, the cached ids are out of date."""
    for cache in ("_acting_organisation_ids", "_own_company_ids"):
        user.__dict__.pop(cache, None)


def postable_company_ids(user: AnyUser) -> frozenset[int]:
    """The companies the user publishes opportunities for."""
    if not (user.is_authenticated and user.role == User.Role.COMPANY_MEMBER):
        return frozenset()
    return acting_organisation_ids(user)


def can_post_for(user: AnyUser, company_id: int) -> bool:
    return company_id in postable_company_ids(user)


def can_create_company(user: AnyUser) -> bool:
    """Any company member may register a company, with or without one already."""
    return bool(user.is_authenticated and user.role == User.Role.COMPANY_MEMBER)


def can_admin_company(user: AnyUser, company_id: int) -> bool:
    """Edit the profile and the logo: an approved administrator of the (unsuspended) company."""
    return can_create_company(user) and company_id in admin_organisation_ids(user)


@dataclass(frozen=True)
class Viewer:
    """What one request's user may see of the rows it reads, worked out once for the request."""

    authenticated: bool
    moderator: bool
    own_company_ids: frozenset[int]

    def sees_moderation_of(self, company_id: int) -> bool:
        """The hidden reason is for the company concerned and for the moderators."""
        return self.moderator or company_id in self.own_company_ids


def viewer(user: AnyUser) -> Viewer:
    return Viewer(
        authenticated=bool(user.is_authenticated),
        moderator=is_moderator(user),
        own_company_ids=own_company_ids(user),
    )
