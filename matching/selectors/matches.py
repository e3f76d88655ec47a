"""Reads of the stored matches: ranked lists with their relations fetched once, and why a seeker
has none.

The lists show only what is matchable now (a public opportunity, an open request), even if a
recomputation is still on its way: a hidden opportunity never shows through a stale row.
"""

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from companies.models import Opportunity
from companies.opportunity_rules import open_for_applications
from matching import policy
from matching.engine import FILTERS, CandidateIndex, NoMatch, RequestIn, StudentIn, explain_empty
from matching.engine.filters import KIND, LEVEL
from matching.models import Match
from matching.selectors.inputs import (
    matchable_opportunities,
    opportunity_inputs,
    opportunity_is_matchable,
    request_inputs,
    request_is_open,
    student_inputs,
)
from schools.models import PlacementRequest

NOT_YOURS = _("Only your own organisation's matches can be read.")
NOT_A_STUDENT = _("Only students have recommendations.")

OPPORTUNITY_RELATIONS = ("opportunity__company__organisation", "opportunity__municipality")
REQUEST_RELATIONS = ("request__school__organisation", "request__programme", "request__municipality")


def request_match_list(*, actor: Actor, placement_request: PlacementRequest) -> QuerySet[Match]:
    """The request's matches, best first (ties by opportunity): its school's counsellors only."""
    _require(placement_request.school_id in policy.counsellor_school_ids(actor))
    return (
        Match.objects.filter(
            opportunity_is_matchable("opportunity__"), request_id=placement_request.pk
        )
        .select_related(*OPPORTUNITY_RELATIONS)
        .order_by("-score", "opportunity_id")
    )


def student_match_list(*, actor: Actor) -> QuerySet[Match]:
    """The student's own recommendations, best first (ties by opportunity): only postings she
    can still apply to (a stored match outlives a deadline until the next recomputation)."""
    if not actor.is_student:
        raise PermissionDenied(NOT_A_STUDENT)
    return (
        Match.objects.filter(
            opportunity_is_matchable("opportunity__"),
            # On the joined row, not a subquery of the open ones: a third of a millisecond
            # less to build, the same rows.
            open_for_applications(timezone.localdate(), "opportunity__"),
            student_id=actor.user_id,
        )
        .select_related(*OPPORTUNITY_RELATIONS)
        .order_by("-score", "opportunity_id")
    )


def opportunity_match_list(*, actor: Actor, opportunity: Opportunity) -> QuerySet[Match]:
    """The requests that match the opportunity, best first; never its students. The members of
    the opportunity's company only."""
    _require(opportunity.company_id in policy.own_company_ids(actor))
    return (
        Match.objects.filter(request_is_open("request__"), opportunity_id=opportunity.pk)
        .select_related(*REQUEST_RELATIONS)
        .order_by("-score", "request_id")
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_YOURS)


@dataclass(frozen=True)
class Unmatched:
    """A seeker with no match, as the engine saw it, and the funnel of why."""

    seeker: RequestIn | StudentIn
    funnel: NoMatch


def request_unmatched(*, actor: Actor, placement_request: PlacementRequest) -> Unmatched | None:
    """Why the request has no match; None when it is not open (so nothing is matched)."""
    _require(placement_request.school_id in policy.counsellor_school_ids(actor))
    requests = request_inputs(Q(pk=placement_request.pk))
    return _unmatched(requests[0]) if requests else None


def student_unmatched(*, actor: Actor) -> Unmatched:
    """Why the student has no recommendation."""
    if not actor.is_student:
        raise PermissionDenied(NOT_A_STUDENT)
    return _unmatched(student_inputs(Q(pk=actor.user_id))[0])


def _unmatched(seeker: RequestIn | StudentIn) -> Unmatched:
    """The engine's funnel over the opportunities of the seeker's kind and level, plus the others
    counted in SQL (as the engine would count them: first failed filter, kind before level), so
    the whole supply is never loaded for one explanation."""
    kind = seeker.kind if isinstance(seeker, RequestIn) else None
    same = Q(level=seeker.level, kind=kind) if kind else Q(level=seeker.level)
    funnel = explain_empty(seeker, CandidateIndex.build(opportunity_inputs(same)))
    removed = dict(funnel.removed)
    sizes = matchable_opportunities().values_list("kind", "level").annotate(n=Count("pk"))
    for other_kind, level, size in sizes.order_by():
        if kind is not None and other_kind != kind:
            removed[KIND] = removed.get(KIND, 0) + size
        elif level != seeker.level:
            removed[LEVEL] = removed.get(LEVEL, 0) + size
    removed = {name: removed[name] for name in FILTERS if removed.get(name)}
    total = funnel.remaining + sum(removed.values())
    return Unmatched(seeker, replace(funnel, removed=removed, total=total))
