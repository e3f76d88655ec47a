from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from backend.accounts import policy
from backend.accounts.actor import ROLE_ORGANISATION_KIND, Actor
from backend.accounts.models import Membership, Organisation, OrganisationDomain, User
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record
from backend.core.errors import TransitionError
from backend.notifications.models import Notification
from backend.notifications.services import notify


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email_verified: bool = False,
) -> User:
    """A user with their allauth e-mail address (verified only when the caller vouches for it)."""
    user = User(email=email.strip().lower(), role=role, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


def user_language_set(*, actor: Actor, language: str) -> None:
    """Remember the language the actor chose on the site: their e-mails come in it."""
    user = actor.user
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def organisation_create(*, name: str, kind: str, verified: bool = False) -> Organisation:
    organisation = Organisation(
        name=name, kind=kind, verified_at=timezone.now() if verified else None
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_create(
    *, user: User, organisation: Organisation, is_admin: bool = False, approved: bool = False
) -> Membership:
    status = Membership.Status.APPROVED if approved else Membership.Status.PENDING
    membership = Membership(user=user, organisation=organisation, is_admin=is_admin, status=status)
    membership.full_clean()
    membership.save()
    return membership


# --- joining and managing members ------------------------------------------------------------

# Anyone can have an address there: registering one would let the whole world in.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.se",
        "outlook.com",
        "outlook.se",
        "live.com",
        "live.se",
        "msn.com",
        "yahoo.com",
        "yahoo.se",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "telia.com",
        "spray.se",
    }
)
LAST_ADMIN = _lazy(
    "An organisation keeps at least one administrator: make another member administrator first."
)


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


@transaction.atomic
def membership_request(*, actor: Actor, organisation: Organisation) -> Membership:
    """The actor asks to join an organisation of their role: pending until the organisation
    approves, except a student whose verified address is at a domain the school registered.
    Asking again returns the membership there is. The actor of this request does not act for
    it yet; the next request's does."""
    user = actor.user
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None:
        return existing
    if ROLE_ORGANISATION_KIND[user.role] != organisation.kind:
        raise ValidationError(
            {"organisation": _lazy("Your role cannot join this kind of organisation.")},
            code="kind",
        )
    if organisation.suspended or (
        user.role == User.Role.STUDENT and organisation.verified_at is None
    ):
        raise ValidationError(
            {"organisation": _lazy("Choose an organisation that the chamber has verified.")},
            code="unverified",
        )
    membership = membership_create(
        user=user, organisation=organisation, approved=_domain_vouches(user, organisation.pk)
    )
    if membership.status == Membership.Status.PENDING and user.role != User.Role.STUDENT:
        _notify_admins_of_pending(membership)
    return membership


def _notify_admins_of_pending(membership: Membership) -> None:
    """The organisation's administrators hear that someone waits (a school's students are its
    counsellors' daily business, not a notice each)."""
    admins = User.objects.filter(
        is_active=True,
        memberships__organisation_id=membership.organisation_id,
        memberships__is_admin=True,
        memberships__status=Membership.Status.APPROVED,
    )
    notify(
        recipients=admins,
        kind=Notification.Kind.MEMBERSHIP_PENDING,
        payload={
            "organisation_id": membership.organisation_id,
            "organisation": membership.organisation.name,
            "user_name": membership.user.get_full_name() or membership.user.email,
        },
    )


@transaction.atomic
def membership_approve_by_domain(*, user: User) -> int:
    """Once a student's address is verified, approve their pending school memberships whose
    school registered the address's domain; returns how many."""
    pending = Membership.objects.filter(user=user, status=Membership.Status.PENDING)
    approved = [m.pk for m in pending if _domain_vouches(user, m.organisation_id)]
    Membership.objects.filter(pk__in=approved).update(status=Membership.Status.APPROVED)
    return len(approved)


def _domain_vouches(user: User, organisation_id: int) -> bool:
    if user.role != User.Role.STUDENT:
        return False
    verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True)
    return (
        verified.exists()
        and OrganisationDomain.objects.filter(
            organisation_id=organisation_id, domain=email_domain(user.email)
        ).exists()
    )


@transaction.atomic
def organisation_domains_set(
    *, actor: Actor, organisation: Organisation, domains: list[str] | None = None
) -> list[str]:
    """Replace the organisation's registered e-mail domains (its administrators)."""
    if not policy.administers(actor, organisation.pk):
        raise PermissionDenied(policy.NOT_ADMIN)
    if domains is None:
        raise ValidationError({"domains": _lazy("This field is required.")}, code="required")
    cleaned = sorted({domain.strip().lower().lstrip("@") for domain in domains if domain.strip()})
    public = [domain for domain in cleaned if domain in PUBLIC_MAIL_DOMAINS]
    if public:
        raise ValidationError(
            {
                "domains": _lazy(
                    "%(domain)s is a public e-mail service: anyone can have an address there."
                )
                % {"domain": public[0]}
            },
            code="public_domain",
        )
    rows = [OrganisationDomain(organisation=organisation, domain=domain) for domain in cleaned]
    for row in rows:
        row.full_clean(exclude=["organisation"])
    organisation.email_domains.all().delete()
    OrganisationDomain.objects.bulk_create(rows)
    return cleaned


@transaction.atomic
def membership_approve(*, actor: Actor, membership: Membership) -> Membership:
    _check_may_manage(actor, membership, action="approve")
    if membership.status == Membership.Status.APPROVED:
        raise TransitionError(
            _lazy("This membership is already approved."), allowed=["remove", "make_admin"]
        )
    membership.status = Membership.Status.APPROVED
    membership.save(update_fields=["status"])
    audit_record(by=actor.user, action=AuditEntry.Action.MEMBER_APPROVE, target=membership)
    return membership


@transaction.atomic
def membership_set_admin(*, actor: Actor, membership: Membership, is_admin: bool) -> Membership:
    _check_may_manage(actor, membership, action="admin")
    if is_admin and membership.status != Membership.Status.APPROVED:
        raise TransitionError(_lazy("Approve the membership first."), allowed=["approve"])
    if is_admin and membership.user.role == User.Role.STUDENT:
        raise TransitionError(_lazy("A student cannot administer an organisation."), allowed=[])
    if not is_admin:
        _keep_an_admin(membership)
    membership.is_admin = is_admin
    membership.save(update_fields=["is_admin"])
    audit_record(
        by=actor.user,
        action=AuditEntry.Action.MEMBER_ADMIN,
        target=membership,
        detail="admin" if is_admin else "not admin",
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> None:
    """An administrator (a school's counsellor: a student) removes a member, or a member
    leaves."""
    _check_may_manage(actor, membership, action="remove")
    _keep_an_admin(membership)
    audit_record(by=actor.user, action=AuditEntry.Action.MEMBER_REMOVE, target=membership)
    membership.delete()


def _check_may_manage(actor: Actor, membership: Membership, *, action: str) -> None:
    if not policy.may_manage_membership(actor, membership, action=action):
        raise PermissionDenied(policy.NOT_ADMIN)


def _keep_an_admin(membership: Membership) -> None:
    """Refuses to take away the organisation's last approved administrator. The admins' rows are
    locked, so two admins removing each other at once cannot both succeed."""
    if not (membership.is_admin and membership.status == Membership.Status.APPROVED):
        return
    admins = list(
        Membership.objects.select_for_update()
        .filter(
            organisation_id=membership.organisation_id,
            is_admin=True,
            status=Membership.Status.APPROVED,
        )
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise TransitionError(LAST_ADMIN, allowed=[])
