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
