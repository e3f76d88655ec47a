"""Who acts for which organisation. A user acts for an organisation only through an approved
membership; the role says in which capacity."""

from django.db.models import QuerySet

from backend.accounts.actor import Actor, AnyUser, actor_for
from backend.accounts.models import Membership, Organisation, User


def as_actor(who: Actor | AnyUser) -> Actor:
    """TRANSITIONAL, removed once every caller passes an Actor: the actor of a user, cached on
    the user object for the request."""
    if isinstance(who, Actor):
        return who
    cached = getattr(who, "_actor", None)
    if cached is None:
        cached = actor_for(who)
        if who.is_authenticated:
            who._actor = cached
    return cached


def user_with_memberships(*, user_id: int) -> User:
    queryset: QuerySet[User] = User.objects.prefetch_related("memberships__organisation")
    return queryset.get(pk=user_id)


def acting_organisation_ids(who: Actor | AnyUser) -> frozenset[int]:
    return as_actor(who).organisation_ids


def own_organisation_ids(who: Actor | AnyUser, kind: str) -> frozenset[int]:
    return as_actor(who).own_organisation_ids_of(kind)


def forget_cached_memberships(user: AnyUser) -> None:
    """TRANSITIONAL: after a membership changed within the request, the cached actor is out of
    date."""
    if hasattr(user, "_actor"):
        delattr(user, "_actor")


def role_organisation_ids(who: Actor | AnyUser, role: str) -> frozenset[int]:
    return as_actor(who).organisation_ids_as(role)


def admin_organisation_ids(who: Actor | AnyUser) -> frozenset[int]:
    return as_actor(who).admin_organisation_ids


def has_role(who: Actor | AnyUser, role: str) -> bool:
    return as_actor(who).has_role(role)


def is_chamber_staff(who: Actor | AnyUser) -> bool:
    return as_actor(who).moderator


def organisation_list(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the user belongs to (pending memberships too); all for chamber staff."""
    queryset = Organisation.objects.prefetch_related("email_domains").order_by("name", "id")
    if is_chamber_staff(user):
        return queryset
    return queryset.filter(memberships__user=user).distinct()


def joinable_organisations() -> QuerySet[Organisation]:
    """What a user can ask to join: companies and schools (never the chamber)."""
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.COMPANY, Organisation.Kind.SCHOOL]
    ).order_by("name", "id")


def signup_organisations() -> QuerySet[Organisation]:
    """What sign-up offers: verified companies and schools that are not suspended, with their
    place, by name."""
    return (
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.COMPANY, Organisation.Kind.SCHOOL],
            verified_at__isnull=False,
            suspended=False,
        )
        .select_related("company__municipality", "school__municipality")
        .order_by("name", "id")
    )


def grouped_by_municipality(
    organisations: QuerySet[Organisation],
) -> list[tuple[str, list[tuple[int, str]]]]:
    """Select choices in groups (<optgroup>) per municipality, in alphabetical order."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for organisation in organisations:
        place = getattr(organisation, organisation.kind, None)
        municipality = place.municipality.name if place is not None else ""
        groups.setdefault(municipality, []).append((organisation.pk, organisation.name))
    return sorted(groups.items())


def organisation_members(*, user: AnyUser, organisation_id: int) -> QuerySet[Membership]:
    """The members `user` may see, pending first, then by e-mail. Chamber staff manage staff
    memberships but never see a student (DESIGN.md: student personal data, never)."""
    members = Membership.objects.select_related("user", "organisation").filter(
        organisation_id=organisation_id
    )
    if is_chamber_staff(user) and organisation_id not in admin_organisation_ids(user):
        members = members.exclude(user__role=User.Role.STUDENT)
    return members.order_by("-status", "user__email")


class MemberAccess:
    """What a user may do with an organisation's members."""

    NONE = "none"  # the organisation does not exist for them (404)
    MEMBER = "member"  # they belong to it but do not manage it (403)
    COUNSELLOR = "counsellor"  # a school's counsellor: sees everyone, approves students
    ADMIN = "admin"  # an administrator or chamber staff: everything


def member_access(user: AnyUser, organisation_id: int) -> str:
    if not user.is_authenticated:
        return MemberAccess.NONE
    if is_chamber_staff(user) or organisation_id in admin_organisation_ids(user):
        return MemberAccess.ADMIN
    if organisation_id in role_organisation_ids(user, User.Role.COUNSELLOR):
        return MemberAccess.COUNSELLOR
    if Membership.objects.filter(user=user, organisation_id=organisation_id).exists():
        return MemberAccess.MEMBER
    return MemberAccess.NONE


def may_manage_membership(user: AnyUser, membership: Membership, *, action: str) -> bool:
    """Approve and remove: admins, and a school's counsellors for students; anyone may remove
    (leave) their own membership; make or unmake administrators: admins only."""
    access = member_access(user, membership.organisation_id)
    if access == MemberAccess.ADMIN:
        return True
    if action == "remove" and membership.user_id == user.pk:
        return True
    return (
        access == MemberAccess.COUNSELLOR
        and action in ("approve", "remove")
        and membership.user.role == User.Role.STUDENT
    )


def memberships_awaiting_approval(*, user: AnyUser) -> QuerySet[Membership]:
    """The staff (not students: their school approves them) who ask to act for a company or a
    school, oldest first: for chamber staff to see; nobody else."""
    if not is_chamber_staff(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(status=Membership.Status.PENDING)
        .exclude(user__role=User.Role.STUDENT)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
