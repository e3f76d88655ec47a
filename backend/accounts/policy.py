"""Who may see and do what with organisations, their members and invitations (accounts'
policy). Plain functions of the actor (backend/accounts/actor.py); the services and selectors
ask them, the pages and the API never decide themselves."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import Membership, User

NOT_ADMIN = _("Only the organisation's administrators can do this.")


class MemberAccess:
    """What an actor may do with the members of an organisation they see."""

    MEMBER = "member"  # they belong to it but do not manage it (403)
    COUNSELLOR = "counsellor"  # a school's counsellor: sees everyone, approves students
    ADMIN = "admin"  # an administrator or a moderator: everything


def organisations_visible(actor: Actor) -> Q:
    """The organisations the actor sees: those they belong to (pending memberships too); all
    for moderators."""
    if actor.moderator:
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    return Q(pk__in=Membership.objects.filter(user_id=actor.user_id).values("organisation_id"))


def member_access(actor: Actor, organisation_id: int) -> str:
    """For an organisation the actor sees (organisations_visible)."""
    if actor.moderator or organisation_id in actor.admin_organisation_ids:
        return MemberAccess.ADMIN
    if organisation_id in actor.organisation_ids_as(User.Role.COUNSELLOR):
        return MemberAccess.COUNSELLOR
    return MemberAccess.MEMBER


def administers(actor: Actor, organisation_id: int) -> bool:
    """Edits the organisation: its e-mail domains, its members' administration."""
    return member_access(actor, organisation_id) == MemberAccess.ADMIN


def sees_members(actor: Actor, organisation_id: int) -> bool:
    """Lists the organisation's members: its administrators, a school's counsellors,
    moderators."""
    return member_access(actor, organisation_id) != MemberAccess.MEMBER


def sees_students_of(actor: Actor, organisation_id: int) -> bool:
    """Moderators manage staff memberships but never see a student (DESIGN.md: student personal
    data, never), unless they administer the organisation themselves."""
    return not actor.moderator or organisation_id in actor.admin_organisation_ids


def sees_membership(actor: Actor, organisation_id: int, member_id: int) -> bool:
    """One membership (of user `member_id`): those who list the members, and the member."""
    return member_id == actor.user_id or sees_members(actor, organisation_id)


def may_manage_membership(actor: Actor, membership: Membership, *, action: str) -> bool:
    """Approve and remove: admins, and a school's counsellors for students; anyone may remove
    (leave) their own membership; make or unmake administrators ("admin"): admins only."""
    access = member_access(actor, membership.organisation_id)
    if access == MemberAccess.ADMIN:
        return True
    if action == "remove" and membership.user_id == actor.user_id:
        return True
    return (
        access == MemberAccess.COUNSELLOR
        and action in ("approve", "remove")
        and membership.user.role == User.Role.STUDENT
    )


def invites_to(actor: Actor, organisation_id: int) -> bool:
    """Invitations (make, list, withdraw): the organisation's own administrators."""
    return organisation_id in actor.admin_organisation_ids


def sees_memberships_awaiting_approval(actor: Actor) -> bool:
    return actor.moderator
