"""Who acts for which organisation. A user acts for an organisation only through an approved
membership; the role says in which capacity."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from backend.accounts import policy
from backend.accounts.actor import Actor
from backend.accounts.models import Membership, Organisation, User
from backend.audit.querysets import PupilRowsQuerySet


def user_with_memberships(*, actor: Actor) -> User:
    """The actor's own user row with their memberships (pending ones too)."""
    queryset: QuerySet[User] = User.objects.prefetch_related("memberships__organisation")
    return queryset.get(pk=actor.user_id)


def organisation_list(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations the actor belongs to (pending memberships too); all for moderators."""
    return (
        Organisation.objects.filter(policy.organisations_visible(actor))
        .prefetch_related("email_domains")
        .order_by("name", "id")
    )


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


class MembersQuerySet(PupilRowsQuerySet):
    """Memberships: a student's is a pupil's data, logged when read."""

    def pupil_ids(self, rows: list[Membership]) -> set[int]:
        return {row.user_id for row in rows if row.user.role == User.Role.STUDENT}


def _members(actor: Actor, organisation: Organisation) -> QuerySet[Membership]:
    members = (
        MembersQuerySet(model=Membership)
        .select_related("user", "organisation")
        .filter(organisation=organisation)
    )
    if not policy.sees_students_of(actor, organisation.pk):
        members = members.exclude(user__role=User.Role.STUDENT)
    return members.read_by(actor.user, purpose="members")


def organisation_members(*, actor: Actor, organisation: Organisation) -> QuerySet[Membership]:
    """The members of an organisation the actor sees (organisation_list), pending first, then by
    e-mail; reading a student's is logged. Refused to a member who does not manage it."""
    if not policy.sees_members(actor, organisation.pk):
        raise PermissionDenied(policy.NOT_ADMIN)
    return _members(actor, organisation).order_by("-status", "user__email")


def membership_get(
    *, actor: Actor, organisation: Organisation, membership_id: int
) -> Membership | None:
    """One membership of an organisation the actor sees, None when it has no such member (or
    one the actor may not know of); refused to another member who does not manage it."""
    members = _members(actor, organisation).filter(pk=membership_id)
    member_id = members.values_list("user_id", flat=True).first()  # not a read of their data
    if member_id is None:
        return None
    if not policy.sees_membership(actor, organisation.pk, member_id):
        raise PermissionDenied(policy.NOT_ADMIN)
    return members.get()


def memberships_awaiting_approval(*, actor: Actor) -> QuerySet[Membership]:
    """The staff (not students: their school approves them) who ask to act for a company or a
    school, oldest first: for moderators to see; nobody else."""
    if not policy.sees_memberships_awaiting_approval(actor):
        return Membership.objects.none()
    return (
        Membership.objects.filter(status=Membership.Status.PENDING)
        .exclude(user__role=User.Role.STUDENT)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
