"""Why a stored match fits, computed when it is shown: the rows keep the score only.

Explaining one pair is cheap for the engine (a few microseconds), storing the explanation of
every stored pair was not (millions of JSON values written at each recomputation), so the
lists attach it to the matches they show, a page at a time: a few queries for the whole page,
whatever its length. The pair is explained as of the day its score was computed, so the
explanation and the score say the same thing.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from matching import conf
from matching.engine import OpportunityIn, RequestIn, StudentIn
from matching.engine.scoring import components
from matching.selectors.inputs import opportunity_inputs, request_inputs, student_inputs

if TYPE_CHECKING:
    from matching.models import Match


def explain_matches(matches: Sequence["Match"]) -> None:
    """Attach `components` (the engine's explanation as plain data: a list of {"name",
    "value", "weight", "facts"} in the engine's order) to each match that has none yet:
    4 queries for the opportunities, 4 or 5 for each kind of seeker among them."""
    missing = [match for match in matches if not match.is_explained]
    if not missing:
        return
    opportunities = _by_id(
        opportunity_inputs(Q(pk__in={m.opportunity_id for m in missing}), any_state=True)
    )
    request_ids = {m.request_id for m in missing if m.request_id is not None}
    student_ids = {m.student_id for m in missing if m.student_id is not None}
    requests = _by_id(request_inputs(Q(pk__in=request_ids), any_state=True)) if request_ids else {}
    students = _by_id(student_inputs(Q(pk__in=student_ids))) if student_ids else {}
    weights = conf.weights()
    for match in missing:
        opportunity = opportunities.get(match.opportunity_id)
        if match.request_id is not None:
            seeker = requests.get(match.request_id)
        else:
            seeker = students.get(match.student_id)
        if opportunity is None or seeker is None:  # deleted since: nothing to say
            match.components = []
            continue
        parts = components(
            _explainable(seeker), opportunity, today=timezone.localdate(match.computed_at)
        )
        match.components = [
            {"name": name, "value": value, "weight": weights[name], "facts": facts}
            for name, value, facts in parts
        ]


def _explainable(seeker: RequestIn | StudentIn) -> RequestIn | StudentIn:
    """A request filled since its rows were computed still has its places explained."""
    if isinstance(seeker, RequestIn) and seeker.places_needed_open <= 0:
        return replace(seeker, places_needed_open=1)
    return seeker


def _by_id(inputs: Sequence[OpportunityIn | RequestIn | StudentIn]) -> dict[int, object]:
    return {int(item.id): item for item in inputs}
