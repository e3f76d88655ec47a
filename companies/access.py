"""Who may see and do what on the supply side (DESIGN.md, "Who may see and do what").

One place for the rules, used by the selectors (visibility), the services (a write refuses a user
who may not make it) and the API permissions (which answer 404 or 403 first). Moderation is for
backend.accounts.selectors.is_chamber_staff (chamber staff, and a superuser).
"""

from dataclasses import dataclass

from backend.accounts.models import Organisation, User
from backend.accounts.selectors import (
    AnyUser,
    admin_organisation_ids,
    is_chamber_staff,
    own_organisation_ids,
    role_organisation_ids,
)


def postable_company_ids(user: AnyUser) -> frozenset[int]:
    """The companies the user publishes opportunities for."""
    return role_organisation_ids(user, User.Role.COMPANY_MEMBER)


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
        moderator=is_chamber_staff(user),
        own_company_ids=own_organisation_ids(user, Organisation.Kind.COMPANY),
    )
