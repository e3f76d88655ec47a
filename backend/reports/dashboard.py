"""The tables of the reports page for one selection, each built once through the reports'
selectors (the same the API calls, so the page and the API give the same numbers and refuse the
same actors), one cube (the placement tally, backend/reports/cube.py) for every table it can give.

They are kept CACHE_SECONDS in Django's cache (shared by every worker process when CACHE_URL names
Redis or a database table): staff move back and forth between a few selections. The policy is
asked before the cache is. The API (and so every download) always counts afresh.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from backend.accounts.actor import Actor
from backend.reports import companies, demand, gla, policy, selectors, supply
from backend.reports.cube import placement_cube
from backend.reports.selection import Selection
from backend.reports.tables import ReportTable

CACHE_SECONDS = 5 * 60


@dataclass(frozen=True)
class Dashboard:
    selection: Selection
    group_by: tuple[str, ...]
    programmes: ReportTable  # students placed by programme
    terms: ReportTable  # the trend by term
    stem: ReportTable  # the STEM share by kind
    by_municipality: ReportTable  # supply and demand by municipality
    gaps: ReportTable
    placements: ReportTable  # students placed by the chosen groupings
    gla: ReportTable
    gender: ReportTable
    unmet_demand: ReportTable
    companies_in_demand: ReportTable
    evaluations: dict[str, Any]  # the handledare's evaluations, totals only
    counted_at: datetime


def dashboard(
    *, actor: Actor, selection: Selection | None, group_by: list[str]
) -> Dashboard | None:
    """The page's tables for `selection`, students placed grouped by `group_by`; cached. None
    when the page's filters gave no selection (they are invalid): the actor is refused all
    the same, whatever they asked."""
    policy.require_reports(actor)
    if selection is None:
        return None
    key = "reports-dashboard:" + ":".join(
        [
            get_language(),
            str(selection.period_from),
            str(selection.period_to),
            selection.region,
            ",".join(group_by),
        ]
    )
    return cache.get_or_set(key, lambda: _counted(actor, selection, tuple(group_by)), CACHE_SECONDS)


def companies_table(*, actor: Actor, selection: Selection | None) -> ReportTable | None:
    """The companies hosting (counted when asked: it groups every placement); None as above."""
    policy.require_reports(actor)
    return (
        None if selection is None else companies.companies_hosting(actor=actor, selection=selection)
    )


def _counted(actor: Actor, selection: Selection, group_by: tuple[str, ...]) -> Dashboard:
    cube = placement_cube(selection)
    by_municipality = supply.supply_demand(
        actor=actor, selection=selection, group_by=["municipality"], cube=cube
    )
    return Dashboard(
        selection=selection,
        group_by=group_by,
        programmes=selectors.placement_counts(
            actor=actor, selection=selection, group_by=["programme"], cube=cube
        ),
        terms=selectors.trend(actor=actor, selection=selection, interval="term", cube=cube),
        stem=selectors.stem_share(actor=actor, selection=selection, group_by=["kind"], cube=cube),
        by_municipality=by_municipality,
        gaps=supply.gaps(actor=actor, selection=selection, cube=cube),
        placements=selectors.placement_counts(
            actor=actor, selection=selection, group_by=group_by, cube=cube
        ),
        gla=gla.gla_progress(actor=actor, selection=selection, cube=cube),
        gender=selectors.gender_balance(actor=actor, selection=selection, cube=cube),
        unmet_demand=demand.unmet_demand(actor=actor, selection=selection),
        companies_in_demand=demand.companies_in_demand(actor=actor, selection=selection),
        evaluations=companies.evaluation_totals(actor=actor, selection=selection),
        counted_at=timezone.localtime(),
    )
