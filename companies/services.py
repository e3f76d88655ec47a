"""Writes on the supply side: companies, their logos and their opportunities.

Every service is keyword-only and atomic, validates with full_clean() before save(), and refuses
(PermissionDenied) an actor the rules in companies/policy.py do not allow, so a page view and the
API share one gate. Verifying, suspending and hiding are backend/moderation.py's, for companies
and schools alike. An illegal state change raises TransitionError naming what is allowed.

Publishing does not wait for verification: a company may publish while the chamber has not yet
verified it, and its opportunities become public the moment it is verified (and stop being public
while it is suspended). The company thus prepares everything on its first day.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts import services as account_services
from backend.accounts.actor import Actor
from backend.accounts.models import Organisation
from backend.core.errors import TransitionError
from backend.reference.models import Municipality, PlacementKind, Programme, Sector, StemArea
from companies import logos, opportunity_rules, policy
from companies.models import Company, Opportunity
from companies.signals import opportunity_changed, opportunity_closed
from companies.validators import normalise_organisation_number

NOT_ALLOWED = _("You may not do this for this company.")
COMPANY_FIELDS = frozenset({"address", "website", "description", "sector", "municipality"})
# Set by the transitions and by the Applications flow, never by an edit.
OPPORTUNITY_READ_ONLY = frozenset(
    {"id", "company", "status", "published_at", "closed_at", "hidden_at", "hidden_reason",
     "hidden_by", "places_taken", "created_at", "updated_at"}
)  # fmt: skip


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


# --- companies -----------------------------------------------------------------------------


@transaction.atomic
def company_create(
    *,
    actor: Actor,
    name: str,
    organisation_number: str,
    sector: Sector,
    municipality: Municipality,
    address: str = "",
    website: str = "",
    description: str = "",
    stem_areas: Iterable[StemArea] = (),
    verified: bool = False,
    is_chamber_member: bool = False,
) -> Company:
    """A new, unverified company with the actor as its approved administrator. `verified` is for
    the demo loader, which vouches for its own company; no surface passes it."""
    _require(policy.can_create_company(actor))
    organisation = account_services.organisation_create(
        name=name, kind=Organisation.Kind.COMPANY, verified=verified
    )
    company = Company(
        organisation=organisation,
        organisation_number=normalise_organisation_number(organisation_number),
        sector=sector,
        municipality=municipality,
        address=address,
        website=website,
        description=description,
        is_chamber_member=is_chamber_member,
    )
    company.full_clean()
    company.save()
    company.stem_areas.set(stem_areas)
    account_services.membership_create(
        user=actor.user, organisation=organisation, is_admin=True, approved=True
    )
    return company


@transaction.atomic
def company_update(
    *,
    actor: Actor,
    company: Company,
    name: str | None = None,
    organisation_number: str | None = None,
    stem_areas: Iterable[StemArea] | None = None,
    **fields: Any,
) -> Company:
    """Change the profile; None (or a missing keyword) leaves a field as it is."""
    _require(policy.can_admin_company(actor, company.pk))
    unknown = fields.keys() - COMPANY_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if name is not None:
        company.organisation.name = name
        company.organisation.full_clean()
        company.organisation.save(update_fields=["name"])
    if organisation_number is not None:
        _organisation_number_change(company, normalise_organisation_number(organisation_number))
    for field, value in fields.items():
        setattr(company, field, value)
    company.full_clean()
    company.save()
    if stem_areas is not None:
        company.stem_areas.set(stem_areas)
    return company


def _organisation_number_change(company: Company, number: str) -> None:
    # The chamber verified the company behind this number; another number is another company.
    if number != company.organisation_number and company.organisation.is_verified:
        message = _("A verified company keeps its organisation number; ask the chamber.")
        raise ValidationError({"organisation_number": [message]})
    company.organisation_number = number


@transaction.atomic
def company_logo_set(*, actor: Actor, company: Company, logo: File) -> Company:
    """Store the logo as square WebP at 256 and 64 px; the upload itself is not kept and the
    previous logo's files are deleted once the new ones are committed."""
    _require(policy.can_admin_company(actor, company.pk))
    try:
        renditions = logos.logo_renditions(logo)
    except ValidationError as exc:
        raise ValidationError({"logo": exc.messages}) from exc
    old_files = [field.name for field in (company.logo_256, company.logo_64) if field]
    company.logo_256.save("256.webp", renditions[256], save=False)
    company.logo_64.save("64.webp", renditions[64], save=False)
    company.full_clean()
    company.save()
    storage = company.logo_256.storage
    transaction.on_commit(lambda: _delete_files(storage, old_files))
    return company


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


# --- opportunities -------------------------------------------------------------------------


@transaction.atomic
def opportunity_create(
    *,
    actor: Actor,
    company: Company,
    programmes: Iterable[Programme] = (),
    stem_areas: Iterable[StemArea] = (),
    **fields: Any,
) -> Opportunity:
    """A draft opportunity of `company`."""
    _require(policy.can_post_for(actor, company.pk))
    _reject_read_only(fields)
    opportunity = Opportunity(company=company, **fields)
    return _save_with_relations(opportunity, programmes=programmes, stem_areas=stem_areas)


@transaction.atomic
def opportunity_update(
    *,
    actor: Actor,
    opportunity: Opportunity,
    programmes: Iterable[Programme] | None = None,
    stem_areas: Iterable[StemArea] | None = None,
    **fields: Any,
) -> Opportunity:
    """Change an opportunity that is not closed; None leaves programmes or STEM areas as they
    are."""
    _require(policy.can_post_for(actor, opportunity.company_id))
    if opportunity.status == Opportunity.Status.CLOSED:
        raise TransitionError(_("A closed opportunity cannot be changed."), allowed=())
    _reject_read_only(fields)
    before = Opportunity.objects.filter(pk=opportunity.pk).values(
        "places_taken", *opportunity_rules.AGREED_FIELDS
    )[0]
    for field, value in fields.items():
        setattr(opportunity, field, value)
    agreed = opportunity_rules.agreed_changes(opportunity, before)
    if agreed:
        raise ValidationError(agreed)
    return _save_with_relations(opportunity, programmes=programmes, stem_areas=stem_areas)


def _reject_read_only(fields: dict[str, Any]) -> None:
    read_only = fields.keys() & OPPORTUNITY_READ_ONLY
    if read_only:
        raise TypeError(f"Not editable: {sorted(read_only)}")


def _save_with_relations(
    opportunity: Opportunity,
    *,
    programmes: Iterable[Programme] | None,
    stem_areas: Iterable[StemArea] | None,
) -> Opportunity:
    if programmes is None:
        programmes = list(opportunity.programmes.all()) if opportunity.pk else []
    programmes = list(programmes)
    opportunity.full_clean()
    _check_programmes(opportunity, programmes)
    opportunity.save()
    opportunity.programmes.set(programmes)
    if stem_areas is not None:
        opportunity.stem_areas.set(stem_areas)
    return _announced(opportunity)


def _announced(opportunity: Opportunity) -> Opportunity:
    """Tell other apps (matching) that the opportunity changed, inside this transaction."""
    opportunity_changed.send(sender=Opportunity, opportunity_id=opportunity.pk)
    return opportunity


def _check_programmes(opportunity: Opportunity, programmes: list[Programme]) -> None:
    """The programmes are of the opportunity's level, and GLA is possible in each of them."""
    other_level = sorted(p.code for p in programmes if p.level != opportunity.level)
    if other_level:
        message = _("These programmes are not at the opportunity's level: %(codes)s.")
        raise ValidationError({"programmes": [message % {"codes": ", ".join(other_level)}]})
    if opportunity.kind == PlacementKind.APPRENTICESHIP:
        no_gla = sorted(p.code for p in programmes if p.gla_possible is False)
        if no_gla:
            message = _("An apprenticeship (GLA) is not possible in: %(codes)s.")
            raise ValidationError({"programmes": [message % {"codes": ", ".join(no_gla)}]})


def _transition(opportunity: Opportunity, *, to: str, at_field: str) -> Opportunity:
    opportunity.status = to
    setattr(opportunity, at_field, timezone.now())
    opportunity.full_clean()
    opportunity.save(update_fields=["status", at_field, "updated_at"])
    return _announced(opportunity)


def opportunity_allowed_actions(opportunity: Opportunity) -> tuple[str, ...]:
    """What the company may do next: draft → publish or close, published → close."""
    return {
        Opportunity.Status.DRAFT: ("publish", "close"),
        Opportunity.Status.PUBLISHED: ("close",),
    }.get(opportunity.status, ())


@transaction.atomic
def opportunity_publish(*, actor: Actor, opportunity: Opportunity) -> Opportunity:
    _require(policy.can_post_for(actor, opportunity.company_id))
    if opportunity.status != Opportunity.Status.DRAFT:
        raise TransitionError(
            _("Only a draft can be published; this opportunity is %(status)s.")
            % {"status": opportunity.get_status_display().lower()},
            allowed=opportunity_allowed_actions(opportunity),
        )
    return _transition(opportunity, to=Opportunity.Status.PUBLISHED, at_field="published_at")


@transaction.atomic
def opportunity_close(*, actor: Actor, opportunity: Opportunity) -> Opportunity:
    _require(policy.can_post_for(actor, opportunity.company_id))
    if opportunity.status == Opportunity.Status.CLOSED:
        raise TransitionError(_("This opportunity is already closed."), allowed=())
    closed = _transition(opportunity, to=Opportunity.Status.CLOSED, at_field="closed_at")
    opportunity_closed.send(sender=Opportunity, opportunity_id=opportunity.pk, actor=actor)
    return closed


# --- places (taken by placements, matching/services/placements.py) ------------------------


class NotEnoughPlacesError(Exception):
    """Fewer places are left than a placement needs; `left` says how many are."""

    def __init__(self, left: int) -> None:
        super().__init__(f"{left} places left")
        self.left = left


@transaction.atomic
def opportunity_take_places(*, opportunity_id: int, count: int) -> Opportunity:
    """Take `count` places of an opportunity, holding its row (select_for_update) until the
    caller's transaction ends, so concurrent placements queue here and never over-book; the
    database's check (places_taken ≤ places) backs it. NotEnoughPlacesError when too few are
    left."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity_id)
    if count > opportunity.places_left:
        raise NotEnoughPlacesError(opportunity.places_left)
    return _set_places_taken(opportunity, opportunity.places_taken + count)


@transaction.atomic
def opportunity_return_places(*, opportunity_id: int, count: int) -> Opportunity:
    """Give back the places of a cancelled placement."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity_id)
    return _set_places_taken(opportunity, max(opportunity.places_taken - count, 0))


def _set_places_taken(opportunity: Opportunity, places_taken: int) -> Opportunity:
    # Only the counter changes (no full_clean: an older opportunity's other fields must not
    # block a placement); the database's check constraint guards it.
    opportunity.places_taken = places_taken
    opportunity.save(update_fields=["places_taken", "updated_at"])
    return _announced(opportunity)
