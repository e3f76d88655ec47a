"""The actor: who acts in one request, worked out once (DESIGN.md, "Who may see and do what").

Pages get it from backend.accounts.middleware.ActorMiddleware and the API from its
authentication classes (backend/accounts/authentication.py), both as `request.actor`. Every
service and selector takes it; the apps' policies (`<app>/policy.py`) read it. It is immutable:
a membership that changes during a request shows in the next request's actor, never in this one.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from backend.accounts.models import Membership, Organisation, User

AnyUser = User | AnonymousUser
# The kind of organisation each role acts for.
ROLE_ORGANISATION_KIND = {
    User.Role.COMPANY_MEMBER: Organisation.Kind.COMPANY,
    User.Role.COUNSELLOR: Organisation.Kind.SCHOOL,
    User.Role.STUDENT: Organisation.Kind.SCHOOL,
    User.Role.CHAMBER_STAFF: Organisation.Kind.CHAMBER,
}


@dataclass(frozen=True, slots=True)
class Actor:
    user: AnyUser
    role: str
    # Approved memberships of the role's kind of organisation, suspended organisations left out:
    # whom the actor acts (writes) for.
    organisation_ids: frozenset[int]
    # The same with suspended organisations: whose own data the actor reads, so that members
    # see why nothing of theirs is public.
    own_organisation_ids: frozenset[int]
    # Of organisation_ids, those the actor administers (profile, members).
    admin_organisation_ids: frozenset[int]
    # Chamber staff acting for the chamber, or a superuser (the Django admin's operator).
    moderator: bool
    # This session's login included the second factor, or the API token was made in one.
    second_factor: bool

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @property
    def user_id(self) -> int | None:
        return self.user.pk

    def organisation_ids_as(self, role: str) -> frozenset[int]:
        """The organisations the actor acts for in `role`; none when it is not their role."""
        return self.organisation_ids if self.role == role else frozenset()

    def own_organisation_ids_of(self, kind: str) -> frozenset[int]:
        """The organisations of `kind` whose own data the actor reads."""
        if ROLE_ORGANISATION_KIND.get(self.role) != kind:
            return frozenset()
        return self.own_organisation_ids

    def has_role(self, role: str) -> bool:
        """The actor has the role and acts for at least one organisation in it."""
        return bool(self.organisation_ids_as(role))

    @property
    def is_student(self) -> bool:
        return self.is_authenticated and self.role == User.Role.STUDENT


ANONYMOUS = Actor(
    user=AnonymousUser(),
    role="",
    organisation_ids=frozenset(),
    own_organisation_ids=frozenset(),
    admin_organisation_ids=frozenset(),
    moderator=False,
    second_factor=False,
)


def actor_for(user: AnyUser, *, second_factor: bool = False) -> Actor:
    """The actor of `user`, from their approved memberships (one query). Requests get theirs
    from the middleware or the API's authentication; commands, tasks and tests call this."""
    if not user.is_authenticated:
        return ANONYMOUS
    kind = ROLE_ORGANISATION_KIND.get(user.role)
    rows = list(
        Membership.objects.filter(
            user=user, status=Membership.Status.APPROVED, organisation__kind=kind
        ).values_list("organisation_id", "organisation__suspended", "is_admin")
    )
    own = frozenset(organisation_id for organisation_id, _, _ in rows)
    acting = frozenset(pk for pk, suspended, _ in rows if not suspended)
    admin = frozenset(pk for pk, suspended, is_admin in rows if is_admin and not suspended)
    return Actor(
        user=user,
        role=user.role,
        organisation_ids=acting,
        own_organisation_ids=own,
        admin_organisation_ids=admin,
        moderator=user.is_superuser or (user.role == User.Role.CHAMBER_STAFF and bool(acting)),
        second_factor=second_factor,
    )
