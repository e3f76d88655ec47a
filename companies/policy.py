"""Who may see and do what on the supply side (DESIGN.md, "Who may see and do what").

One place for the rules, each a question about the request's actor (backend/accounts/actor.py):
the selectors ask who sees beyond the public rows, the services refuse (PermissionDenied) an
actor who may not write, and the serializers ask which fields a viewer sees. Moderation (verify,
suspend, hide) is the chamber's: backend/moderation.py asks `actor.moderator`.
"""

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation, User


def postable_company_ids(actor: Actor) -> frozenset[int]:
    """The companies the actor publishes opportunities for (approved, not suspended)."""
    return actor.organisation_ids_as(User.Role.COMPANY_MEMBER)


def can_post(actor: Actor) -> bool:
    """Create opportunities: for at least one company."""
    return bool(postable_company_ids(actor))


def can_post_for(actor: Actor, company_id: int) -> bool:
    return company_id in postable_company_ids(actor)


def can_create_company(actor: Actor) -> bool:
    """Any company member may register a company, with or without one already."""
    return actor.is_authenticated and actor.role == User.Role.COMPANY_MEMBER


def administered_company_ids(actor: Actor) -> frozenset[int]:
    """Whose profile and logo the actor edits: the (unsuspended) companies they administer."""
    return actor.admin_organisation_ids if can_create_company(actor) else frozenset()


def can_admin_company(actor: Actor, company_id: int) -> bool:
    return company_id in administered_company_ids(actor)


def sees_everything(actor: Actor) -> bool:
    """Chamber staff see every company and opportunity, public or not, to moderate them."""
    return actor.moderator


def own_company_ids(actor: Actor) -> frozenset[int]:
    """The companies whose drafts, closed and hidden opportunities the actor sees (a suspended
    one too, so that its members see why nothing of theirs is public)."""
    return actor.own_organisation_ids_of(Organisation.Kind.COMPANY)


def sees_contact_details(actor: Actor) -> bool:
    """The names, e-mail addresses and phone numbers of an opportunity: signed-in users only."""
    return actor.is_authenticated


def sees_moderation_of(actor: Actor, company_id: int) -> bool:
    """Why an opportunity is hidden: for the company concerned and for the moderators."""
    return sees_everything(actor) or company_id in own_company_ids(actor)
