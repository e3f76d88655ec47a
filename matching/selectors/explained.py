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
from matching.selectors.inputs import (
    opportunity_inputs,
    opportunity_inputs_of,
    request_inputs,
    student_inputs,
)

if TYPE_CHECKING:
    from matching.models import Match


def explain_matches(matches: Sequence["Match"]) -> None:
    """Attach `components` (the engine's explanation as plain data: a list of {"name",
    "value", "weight", "facts"} in the engine's order) to each match that has none yet:
    2 or 3 queries for the opportunities, 3 for the requests among them, 2 for the students."""
    missing = [match for match in matches if not match.is_explained]
    if not missing:
        return
    opportunities = _by_id(_opportunity_inputs(missing))
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


def _opportunity_inputs(matches: Sequence["Match"]) -> list[OpportunityIn]:
    """The matches' opportunities as the engine takes them: from the rows a list fetched with
    its matches (their municipality joined too), else read again."""
    loaded = [m.opportunity for m in matches if type(m).opportunity.is_cached(m)]
    if len(loaded) == len(matches) and all(type(o).municipality.is_cached(o) for o in loaded):
        return opportunity_inputs_of(loaded)
    return opportunity_inputs(Q(pk__in={m.opportunity_id for m in matches}), any_state=True)


def _explainable(seeker: RequestIn | StudentIn) -> RequestIn | StudentIn:
    """A request filled since its rows were computed still has its places explained."""
    if isinstance(seeker, RequestIn) and seeker.places_needed_open <= 0:
        return replace(seeker, places_needed_open=1)
    return seeker


def _by_id(inputs: Sequence[OpportunityIn | RequestIn | StudentIn]) -> dict[int, object]:
    return {int(item.id): item for item in inputs}
