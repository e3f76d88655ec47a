"""Who may see and do what on the supply side (DESIGN.md, "Who may see and do what").

One place for the rules, used by the selectors (visibility), the services (a write refuses a user
who may not make it) and the API permissions (which answer 404 or 403 first). Moderation is for
backend.accounts.selectors.is_chamber_staff (chamber staff, and a superuser).
"""

from dataclasses import dataclass

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation, User
from backend.accounts.selectors import (
    admin_organisation_ids,
    is_chamber_staff,
    own_organisation_ids,
    role_organisation_ids,
)


def postable_company_ids(actor: Actor) -> frozenset[int]:
    """The companies the user publishes opportunities for."""
    return role_organisation_ids(actor, User.Role.COMPANY_MEMBER)


def can_post_for(actor: Actor, company_id: int) -> bool:
    return company_id in postable_company_ids(actor)


def can_create_company(actor: Actor) -> bool:
    """Any company member may register a company, with or without one already."""
    return bool(actor.is_authenticated and actor.role == User.Role.COMPANY_MEMBER)


def can_admin_company(actor: Actor, company_id: int) -> bool:
    """Edit the profile and the logo: an approved administrator of the (unsuspended) company."""
    return can_create_company(actor) and company_id in admin_organisation_ids(actor)


@dataclass(frozen=True)
class Viewer:
    """What one request's user may see of the rows it reads, worked out once for the request."""

    authenticated: bool
    moderator: bool
    own_company_ids: frozenset[int]

    def sees_moderation_of(self, company_id: int) -> bool:
        """The hidden reason is for the company concerned and for the moderators."""
        return self.moderator or company_id in self.own_company_ids


def viewer(actor: Actor) -> Viewer:
    return Viewer(
        authenticated=bool(actor.is_authenticated),
        moderator=is_chamber_staff(actor),
        own_company_ids=own_organisation_ids(actor, Organisation.Kind.COMPANY),
    )
