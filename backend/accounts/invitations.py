"""Invitations: an organisation admin invites someone by e-mail; the link signs them up (or, if
they have an account, adds them) into the organisation. It works once, for seven days."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts import policy, services
from backend.accounts.actor import ROLE_ORGANISATION_KIND, Actor
from backend.accounts.models import Invitation, Membership, Organisation, User
from backend.accounts.tokens import hash_key, new_key
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record
from backend.core.errors import TransitionError

VALID_DAYS = 7
SESSION_KEY = "invitation_key"


def invitation_url(key: str) -> str:
    return settings.SITE_URL + reverse("frontend:invitation", kwargs={"key": key})


@transaction.atomic
def invitation_create(
    *, actor: Actor, organisation: Organisation, email: str, role: str, is_admin: bool = False
) -> tuple[Invitation, str]:
    """An administrator of the organisation invites someone: the invitation and its link's key
    (which is not stored); the e-mail with the link goes out once the transaction commits."""
    if not policy.invites_to(actor, organisation.pk):
        raise PermissionDenied(policy.NOT_ADMIN)
    if ROLE_ORGANISATION_KIND.get(role) != organisation.kind:
        raise ValidationError({"role": _("This role does not belong to this organisation.")})
    if is_admin and role == User.Role.STUDENT:
        raise ValidationError({"is_admin": _("A student cannot administer an organisation.")})
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    key, key_hash = new_key()
    now = timezone.now()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        is_admin=is_admin,
        key_hash=key_hash,
        invited_by=actor.user,
        created_at=now,
        expires_at=now + timedelta(days=VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(by=actor.user, action=AuditEntry.Action.INVITE, target=invitation)
    link = invitation_url(key)
    transaction.on_commit(lambda: _send(invitation=invitation, link=link))
    return invitation, key


def _send(*, invitation: Invitation, link: str) -> None:
    subject = _("Invitation to %(organisation)s on Praktikbryggan") % {
        "organisation": invitation.organisation.name
    }
    body = _(
        "%(inviter)s invites you to %(organisation)s on Praktikbryggan.\n\n"
        "Open this link within %(days)d days to join:\n%(link)s\n\n"
        "If you did not expect this invitation, ignore this e-mail."
    ) % {
        "inviter": invitation.invited_by.email if invitation.invited_by else "Praktikbryggan",
        "organisation": invitation.organisation.name,
        "days": VALID_DAYS,
        "link": link,
    }
    send_mail(str(subject), str(body), None, [invitation.email])


def invitation_by_key(key: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(key_hash=hash_key(key))
        .first()
    )


def invitation_list(*, actor: Actor) -> QuerySet[Invitation]:
    """The unused invitations of the organisations the actor invites to."""
    return Invitation.objects.select_related("organisation", "invited_by").filter(
        organisation_id__in=actor.admin_organisation_ids, accepted_at__isnull=True
    )


def invitation_get(
    *, actor: Actor, organisation: Organisation, invitation_id: int
) -> Invitation | None:
    """An unused invitation of an organisation the actor sees (organisation_list), None when it
    has no such invitation; refused to those who do not invite to it."""
    if not policy.invites_to(actor, organisation.pk):
        raise PermissionDenied(policy.NOT_ADMIN)
    return invitation_list(actor=actor).filter(organisation=organisation, pk=invitation_id).first()


def invitation_problem(invitation: Invitation) -> str | None:
    """Why the link no longer works, or None."""
    if invitation.accepted_at is not None:
        return str(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        return str(_("This invitation has expired: ask for a new one."))
    return None


@transaction.atomic
def invitation_accept(*, actor: Actor, invitation: Invitation) -> Membership:
    """The invited person (the actor: the address and the role must be the invitation's) joins:
    an approved membership (an administrator's when the invitation says so). The invitation row
    is locked, so the link works exactly once. The actor of this request does not act for the
    organisation yet; the next request's does."""
    user = actor.user
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise TransitionError(problem, allowed=[])
    if user.email.lower() != invitation.email:
        raise ValidationError(
            _("This invitation is for %(email)s; sign in with that address.")
            % {"email": invitation.email}
        )
    if user.role != invitation.role:
        raise ValidationError(
            _("This invitation is for a %(invited)s; your account is a %(role)s.")
            % {"invited": User.Role(invitation.role).label, "role": user.get_role_display()}
        )
    membership = Membership.objects.filter(user=user, organisation=invitation.organisation).first()
    if membership is None:
        membership = services.membership_create(
            user=user,
            organisation=invitation.organisation,
            is_admin=invitation.is_admin,
            approved=True,
        )
    else:
        membership.status = Membership.Status.APPROVED
        membership.is_admin = membership.is_admin or invitation.is_admin
        membership.save(update_fields=["status", "is_admin"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: Invitation) -> None:
    """An administrator of its organisation withdraws an unused invitation."""
    if not policy.invites_to(actor, invitation.organisation_id):
        raise PermissionDenied(policy.NOT_ADMIN)
    if invitation.accepted_at is not None:
        raise TransitionError(_("This invitation has already been used."), allowed=[])
    invitation.delete()
