"""Placement requests: open -> partially_filled -> filled, or closed. The chamber hides and
unhides them with backend/moderation.py."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.reference.models import EducationField, Municipality, Programme, StemArea
from schools import policy
from schools.models import PlacementRequest, School, SchoolProgramme
from schools.services.common import InvalidTransitionError, check_programme_offered
from schools.services.own_programmes import check_school_programme
from schools.signals import placement_request_changed

REQUEST_SCALAR_FIELDS = (
    "kind",
    "level",
    "programme",
    "education_field",
    "school_programme",
    "places_needed",
    "year",
    "period_start",
    "period_end",
    "municipality",
    "max_distance_km",
    "notes",
)
EDITABLE_STATUSES = frozenset(
    {PlacementRequest.Status.OPEN, PlacementRequest.Status.PARTIALLY_FILLED}
)


@transaction.atomic
def placement_request_create(
    *,
    actor: Actor,
    kind: str,
    level: str,
    places_needed: int,
    period_start: date,
    period_end: date,
    school: School | None = None,
    programme: Programme | None = None,
    education_field: EducationField | None = None,
    school_programme: SchoolProgramme | None = None,
    municipality: Municipality | None = None,
    max_distance_km: int | None = None,
    year: int | None = None,
    acceptable_municipalities: Iterable[Municipality] = (),
    stem_areas: Iterable[StemArea] = (),
    notes: str = "",
) -> PlacementRequest:
    """A new open request of one of the counsellor's schools (the only one when they act for one
    school; `school` is required when they act for several). Its municipality defaults to the
    school's."""
    policy.require_may_post_requests(actor)
    school = _counsellors_school(actor=actor, school=school)
    placement_request = PlacementRequest(
        school=school,
        created_by=actor.user,
        kind=kind,
        level=level,
        programme=programme,
        education_field=education_field,
        school_programme=school_programme,
        places_needed=places_needed,
        year=year,
        period_start=period_start,
        period_end=period_end,
        municipality=municipality or school.municipality,
        max_distance_km=max_distance_km,
        notes=notes,
    )
    placement_request.full_clean()
    check_programme_offered(school=school, programme=programme)
    check_school_programme(placement_request)
    placement_request.save()
    placement_request.acceptable_municipalities.set(acceptable_municipalities)
    placement_request.stem_areas.set(stem_areas)
    return _announced(placement_request)


@transaction.atomic
def placement_request_update(
    *, actor: Actor, placement_request: PlacementRequest, data: Mapping[str, Any]
) -> PlacementRequest:
    """The request's school changes the given fields of an open or partially filled request.
    The school never changes; a change of places needed re-derives the status."""
    policy.require_may_change_request(actor, placement_request)
    if data.get("school", placement_request.school) != placement_request.school:
        raise ValidationError({"school": _("A request stays with the school that posted it.")})
    _require_status(
        placement_request,
        EDITABLE_STATUSES,
        _("Only open or partially filled requests can be changed; this one is %(status)s."),
    )
    for field in REQUEST_SCALAR_FIELDS:
        if field in data:
            setattr(placement_request, field, data[field])
    placement_request.status = _derived_status(placement_request)
    placement_request.full_clean()
    if "programme" in data:
        check_programme_offered(
            school=placement_request.school, programme=placement_request.programme
        )
    check_school_programme(placement_request)
    placement_request.save()
    for field in ("acceptable_municipalities", "stem_areas"):
        if field in data:
            getattr(placement_request, field).set(data[field])
    return _announced(placement_request)


@transaction.atomic
def placement_request_close(
    *, actor: Actor, placement_request: PlacementRequest
) -> PlacementRequest:
    """The request's school closes an open or partially filled request; it cannot reopen."""
    policy.require_may_change_request(actor, placement_request)
    _require_status(
        placement_request,
        EDITABLE_STATUSES,
        _("Only open or partially filled requests can be closed; this one is %(status)s."),
    )
    placement_request.status = PlacementRequest.Status.CLOSED
    placement_request.closed_at = timezone.now()
    placement_request.save(update_fields=["status", "closed_at", "updated_at"])
    return _announced(placement_request)


@transaction.atomic
def placement_request_sync_status(*, placement_request: PlacementRequest) -> PlacementRequest:
    """Store `places_filled` as set on the object and the status it implies: none filled is open,
    some is partially filled, all is filled. A closed request stays closed. The caller (a
    placement being confirmed or cancelled) should hold the row with select_for_update() while
    it computes places_filled."""
    placement_request.status = _derived_status(placement_request)
    placement_request.full_clean()
    placement_request.save(update_fields=["places_filled", "status", "updated_at"])
    return _announced(placement_request)


class NotEnoughPlacesOpenError(Exception):
    """The request needs fewer places than a placement would fill; `open` says how many."""

    def __init__(self, open: int) -> None:
        super().__init__(f"{open} places open")
        self.open = open


@transaction.atomic
def placement_request_take_places(*, placement_request_id: int, count: int) -> PlacementRequest:
    """Fill `count` places of an open or partially filled request, holding its row
    (select_for_update) until the caller's transaction ends; the status follows. A closed or
    filled request, or one with fewer places open, raises NotEnoughPlacesOpenError."""
    placement_request = PlacementRequest.objects.select_for_update().get(pk=placement_request_id)
    if placement_request.status not in EDITABLE_STATUSES or count > placement_request.places_open:
        is_open = placement_request.status in EDITABLE_STATUSES
        raise NotEnoughPlacesOpenError(placement_request.places_open if is_open else 0)
    placement_request.places_filled += count
    return placement_request_sync_status(placement_request=placement_request)


@transaction.atomic
def placement_request_return_places(*, placement_request_id: int, count: int) -> PlacementRequest:
    """Give back the places of a cancelled placement: a filled request opens again (a closed
    one stays closed)."""
    placement_request = PlacementRequest.objects.select_for_update().get(pk=placement_request_id)
    placement_request.places_filled = max(placement_request.places_filled - count, 0)
    return placement_request_sync_status(placement_request=placement_request)


def _announced(placement_request: PlacementRequest) -> PlacementRequest:
    """Tell other apps (matching) that the request changed, inside this transaction."""
    placement_request_changed.send(
        sender=PlacementRequest, placement_request_id=placement_request.pk
    )
    return placement_request


def _derived_status(placement_request: PlacementRequest) -> str:
    if placement_request.status == PlacementRequest.Status.CLOSED:
        return placement_request.status
    if placement_request.places_filled == 0:
        return PlacementRequest.Status.OPEN
    if placement_request.places_filled < placement_request.places_needed:
        return PlacementRequest.Status.PARTIALLY_FILLED
    return PlacementRequest.Status.FILLED


def _counsellors_school(*, actor: Actor, school: School | None) -> School:
    acting = policy.counsellor_school_ids(actor)
    if school is None:
        if len(acting) > 1:
            raise ValidationError(
                {"school": _("You act for several schools: choose one of yours.")},
                code="required",
            )
        return School.objects.select_related("organisation", "municipality").get(
            pk=next(iter(acting))
        )
    if school.pk not in acting:
        raise ValidationError(
            {"school": _("You can only post requests for a school you act for.")},
            code="not_yours",
        )
    return school


def _require_status(placement_request: PlacementRequest, allowed: frozenset[str], message) -> None:
    if placement_request.status not in allowed:
        raise InvalidTransitionError(
            message % {"status": placement_request.get_status_display().lower()}
        )
