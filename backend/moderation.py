"""Moderation, once for every surface (issue 16): chamber staff verify, suspend and unsuspend an
organisation (a company or a school) and hide or unhide a posting (an opportunity or a placement
request). The companies and schools APIs, the chamber's pages and the Django admin all call these
services, so each refuses a non-moderator (PermissionDenied), validates (full_clean), writes the
same audit entry and announces the change the same way.

It sits above both sides, as backend/reports does: it imports only their models and signals
(modules that import nothing of either side's services or views), so companies and schools call it
without an import cycle, and it sends each side's own signal, so matching and the apps react as
they do to any other change of a company, a school, an opportunity or a request.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record
from backend.core.errors import TransitionError
from companies.models import Company, Opportunity
from companies.signals import company_changed, opportunity_changed
from schools.models import PlacementRequest, School
from schools.signals import placement_request_changed, school_changed

NOT_MODERATOR = _("Only chamber staff moderate organisations and postings.")

Posting = Opportunity | PlacementRequest

# What each kind's refusals say: the words name what is allowed instead.
ORGANISATION_WORDS = {
    Organisation.Kind.COMPANY: {
        "verified": _("This company is already verified."),
        "suspended": _("This company is already suspended; it can only be unsuspended."),
        "not_suspended": _("This company is not suspended; it can only be suspended."),
    },
    Organisation.Kind.SCHOOL: {
        "verified": _("This school is already verified."),
        "suspended": _("This school is already suspended; it can only be unsuspended."),
        "not_suspended": _("This school is not suspended; it can only be suspended."),
    },
}
POSTING_WORDS = {
    Opportunity: {
        "hidden": _("This opportunity is already hidden; it can only be unhidden."),
        "not_hidden": _("This opportunity is not hidden; it can only be hidden."),
        "no_reason": _("Say why, so the company can put it right."),
    },
    PlacementRequest: {
        "hidden": _("This request is already hidden; it can only be unhidden."),
        "not_hidden": _("This request is not hidden; it can only be hidden."),
        "no_reason": _("Give a reason: the school will read it."),
    },
}


def _require_moderator(actor: Actor) -> None:
    if not actor.moderator:
        raise PermissionDenied(NOT_MODERATOR)


# --- organisations -------------------------------------------------------------------------


@transaction.atomic
def organisation_verify(*, actor: Actor, organisation: Organisation) -> Organisation:
    """The organisation is who it says: a company's published opportunities and a school's
    requests go public."""
    _require_moderator(actor)
    words = _organisation_words(organisation)
    if organisation.is_verified:
        raise TransitionError(words["verified"], allowed=())
    organisation.verified_at = timezone.now()
    return _moderated(actor, organisation, ["verified_at"], AuditEntry.Action.VERIFY)


@transaction.atomic
def organisation_suspend(*, actor: Actor, organisation: Organisation) -> Organisation:
    """Nothing of the organisation is public, and its members cannot act for it."""
    _require_moderator(actor)
    words = _organisation_words(organisation)
    if organisation.suspended:
        raise TransitionError(words["suspended"], allowed=["unsuspend"])
    organisation.suspended = True
    return _moderated(actor, organisation, ["suspended"], AuditEntry.Action.SUSPEND)


@transaction.atomic
def organisation_unsuspend(*, actor: Actor, organisation: Organisation) -> Organisation:
    _require_moderator(actor)
    words = _organisation_words(organisation)
    if not organisation.suspended:
        raise TransitionError(words["not_suspended"], allowed=["suspend"])
    organisation.suspended = False
    return _moderated(actor, organisation, ["suspended"], AuditEntry.Action.UNSUSPEND)


def _organisation_words(organisation: Organisation) -> dict:
    if organisation.kind not in ORGANISATION_WORDS:
        raise ValidationError(_("Only companies and schools are moderated."))
    return ORGANISATION_WORDS[organisation.kind]


def _moderated(
    actor: Actor, organisation: Organisation, fields: list[str], action: str
) -> Organisation:
    organisation.full_clean()
    organisation.save(update_fields=fields)
    # The company or school row shares the organisation's id and is named by its kind.
    audit_record(
        by=actor.user, action=action, target_type=organisation.kind, target_id=organisation.pk
    )
    if organisation.kind == Organisation.Kind.COMPANY:
        company_changed.send(sender=Company, company_id=organisation.pk)
    else:
        school_changed.send(sender=School, school_id=organisation.pk)
    return organisation


# --- postings ------------------------------------------------------------------------------


@transaction.atomic
def posting_hide(*, actor: Actor, posting: Posting, reason: str) -> Posting:
    """Take an opportunity or a request out of view of everyone but its company or school (who
    read the reason) and the chamber."""
    _require_moderator(actor)
    words = POSTING_WORDS[type(posting)]
    if posting.hidden_at is not None:
        raise TransitionError(words["hidden"], allowed=["unhide"])
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [words["no_reason"]]})
    posting.hidden_at = timezone.now()
    posting.hidden_reason = reason
    posting.hidden_by = actor.user
    _save_posting(posting)
    audit_record(by=actor.user, action=AuditEntry.Action.HIDE, target=posting, detail=reason)
    return _announced(posting)


@transaction.atomic
def posting_unhide(*, actor: Actor, posting: Posting) -> Posting:
    """Back in view (an opportunity is public again if it is published)."""
    _require_moderator(actor)
    if posting.hidden_at is None:
        raise TransitionError(POSTING_WORDS[type(posting)]["not_hidden"], allowed=["hide"])
    posting.hidden_at = None
    posting.hidden_reason = ""
    posting.hidden_by = None
    _save_posting(posting)
    audit_record(by=actor.user, action=AuditEntry.Action.UNHIDE, target=posting)
    return _announced(posting)


def _save_posting(posting: Posting) -> None:
    posting.full_clean()
    posting.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])


def _announced(posting: Posting) -> Posting:
    if isinstance(posting, Opportunity):
        opportunity_changed.send(sender=Opportunity, opportunity_id=posting.pk)
    else:
        placement_request_changed.send(sender=PlacementRequest, placement_request_id=posting.pk)
    return posting
