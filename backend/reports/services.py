"""The writes of the reports: chamber staff set the GLA target of a school year; the placement
services keep the placement tally exact."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from backend.accounts.actor import Actor
from backend.reports import policy
from backend.reports.counted import COUNTED
from backend.reports.models import GlaTarget, GlaTargetChange, PlacementTally
from companies.models import Opportunity
from matching.models import Placement


@transaction.atomic
def gla_target_set(*, actor: Actor, school_year: int, placements: int) -> GlaTarget:
    """Set (or change) the target of `school_year`; every change is kept with who made it."""
    policy.require(policy.sets_gla_target(actor), policy.GLA_TARGET_REFUSED)
    target = GlaTarget.objects.select_for_update().filter(school_year=school_year).first()
    previous = target.placements if target else None
    target = target or GlaTarget(school_year=school_year)
    target.placements = placements
    target.full_clean()
    target.save()
    change = GlaTargetChange(
        school_year=school_year, placements=placements, previous=previous, set_by=actor.user
    )
    change.full_clean()
    change.save()
    return target


# The placement tally (PlacementTally): every write of a counted placement goes through here.

GENDERS = ("female", "male", "other")


def _tally_key(placement: Placement) -> dict[str, Any]:
    return {
        "month": placement.start_date.replace(day=1),
        "kind": placement.kind,
        "programme": placement.programme_id or "",
        "municipality": placement.municipality_id,
    }


def placement_tally_add(*, placement: Placement, sign: int) -> None:
    """Add a placement to the tally (sign 1, when it is confirmed) or take it away (sign -1,
    when a confirmed one is cancelled), in the caller's transaction."""
    count = sign * placement.students_count
    deltas = {
        "students": count,
        "stem_content": count if placement.opportunity.stem_areas.exists() else 0,
        **{g: count if placement.student_gender == g else 0 for g in GENDERS},
    }
    key = _tally_key(placement)
    changes = {name: F(name) + delta for name, delta in deltas.items() if delta}
    if PlacementTally.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            PlacementTally.objects.create(**key, **deltas)
    except IntegrityError:  # another transaction created the row first
        PlacementTally.objects.filter(**key).update(**changes)


def tally_rows(placements: QuerySet, with_area: QuerySet) -> list[dict[str, Any]]:
    """The tally's rows for `placements` (the counted ones), from one grouped query."""

    def students(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("students_count", filter=condition), 0)

    rows = (
        placements.values("kind", "programme_id", "municipality_id", month=TruncMonth("start_date"))
        .annotate(
            students=students(),
            stem_content=students(Q(opportunity_id__in=with_area)),
            **{g: students(Q(student_gender=g)) for g in GENDERS},
        )
        .order_by()
    )
    return [
        {
            "month": row["month"],
            "kind": row["kind"],
            "programme": row["programme_id"] or "",
            "municipality": row["municipality_id"],
            **{name: row[name] for name in ("students", "stem_content", *GENDERS)},
        }
        for row in rows
    ]


@transaction.atomic
def placement_tally_rebuild() -> int:
    """Count the tally afresh from the placements (after a bulk load); the rows written."""
    rows = tally_rows(
        Placement.objects.filter(status__in=COUNTED),
        Opportunity.stem_areas.through.objects.values("opportunity_id"),
    )
    PlacementTally.objects.all().delete()
    PlacementTally.objects.bulk_create(PlacementTally(**row) for row in rows)
    return len(rows)
