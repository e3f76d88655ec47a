"""How the matches are stored and shown: a row keeps the score only (written by COPY on
PostgreSQL, by upserts on SQLite), and the explanation a page shows is the engine's for the
pair, computed for the whole page at once. Run on PostgreSQL too (DATABASE_URL)."""

import pytest
from django.db.models import Q
from django.utils import timezone

from backend.accounts.actor import actor_for
from matching import conf, selectors, services
from matching.engine import CandidateIndex, rank_for_request, rank_for_student
from matching.models import Match
from matching.services import matches
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import PlacementRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _copy_every_write(monkeypatch):
    """On PostgreSQL every write takes the COPY path here, however few its rows."""
    monkeypatch.setattr(matches, "COPY_FROM", 0)


@pytest.fixture
def supply(company):
    return [
        OpportunityFactory(company=company, programmes=["EE"], stem_areas=areas, places=places)
        for areas, places in ((["electrification", "automation"], 4), (["software"], 2), ([], 1))
    ]


def engine_matches(seeker):
    index = CandidateIndex.build(selectors.opportunity_inputs())
    rank = rank_for_request if hasattr(seeker, "kind") else rank_for_student
    return rank(seeker, index, weights=conf.weights(), today=timezone.localdate())


def as_plain(match) -> list[dict]:
    return [
        {"name": c.name, "value": c.value, "weight": c.weight, "facts": c.facts}
        for c in match.components
    ]


def test_the_stored_scores_are_the_engines_to_the_last_bit(
    supply, placement_request, student_profile
):
    services.matches_recompute_all()

    request = selectors.request_inputs(Q(pk=placement_request.pk))[0]
    student = selectors.student_inputs(Q(pk=student_profile.pk))[0]
    for seeker, stored in (
        (request, Match.objects.filter(request=placement_request)),
        (student, Match.objects.filter(student=student_profile)),
    ):
        expected = {int(m.opportunity_id): m.score for m in engine_matches(seeker)}
        assert dict(stored.values_list("opportunity_id", "score")) == expected
        assert expected


def test_a_recomputation_keeps_the_row_of_a_pair_stored_before_and_drops_the_stale_ones(
    supply, placement_request, student_profile, people
):
    services.matches_recompute_all()
    ids = dict(Match.objects.values_list("pk", "opportunity_id"))
    supply[2].places_taken = 1  # filled: no longer matchable
    supply[2].save(update_fields=["places_taken"])

    services.matches_recompute_all()

    kept = dict(Match.objects.values_list("pk", "opportunity_id"))
    assert kept == {pk: o for pk, o in ids.items() if o != supply[2].pk}
    assert len(kept) == 4  # two opportunities, a request and a student each


def test_a_recomputation_of_one_seeker_leaves_the_others_rows_alone(
    supply, placement_request, student_profile
):
    services.matches_recompute_all()
    before = set(Match.objects.filter(student=student_profile).values_list("pk", "score"))

    assert services.matches_recompute_for_request(request_id=placement_request.pk) == 3

    assert set(Match.objects.filter(student=student_profile).values_list("pk", "score")) == before
    assert Match.objects.filter(request=placement_request).count() == 3


def test_the_explanation_shown_is_the_engines_for_the_pair(
    supply, placement_request, student_profile, people
):
    services.matches_recompute_all()
    counsellor, pupil = actor_for(people["counsellor"]), actor_for(people["student"])

    request = selectors.request_inputs(Q(pk=placement_request.pk))[0]
    student = selectors.student_inputs(Q(pk=student_profile.pk))[0]
    shown = selectors.request_match_list(actor=counsellor, placement_request=placement_request)
    assert [m.components for m in shown] == [as_plain(m) for m in engine_matches(request)]
    shown = selectors.student_match_list(actor=pupil)
    assert [m.components for m in shown] == [as_plain(m) for m in engine_matches(student)]
    one = Match.objects.get(request=placement_request, opportunity=supply[0])
    assert one.components == as_plain(engine_matches(request)[0])


def test_a_page_of_matches_is_explained_in_a_few_queries_whatever_its_length(
    supply, school, company, people, django_assert_max_num_queries
):
    for _ in range(6):
        PlacementRequestFactory(school=school)
    services.matches_recompute_all()
    member = actor_for(people["member"])

    with django_assert_max_num_queries(10):  # the rows, 4 for the opportunities, 5 requests
        page = list(selectors.opportunity_match_list(actor=member, opportunity=supply[0]))
        texts = [m.components for m in page]

    assert len(texts) == 6
    assert all(texts)


def test_an_incremental_update_writes_only_the_pairs_whose_score_changed(
    supply, placement_request, student_profile, people
):
    services.matches_recompute_all()
    before = dict(Match.objects.values_list("pk", "computed_at"))

    # The title is not scored: nothing to write.
    assert services.matches_recompute_for_opportunity(opportunity_id=supply[1].pk) == 0
    supply[1].stem_areas.add("electrification")  # the request wants it: its score rises
    written = services.matches_recompute_for_opportunity(opportunity_id=supply[1].pk)

    assert written >= 1
    after = dict(Match.objects.values_list("pk", "computed_at"))
    assert after.keys() == before.keys()
    changed = {pk for pk in after if after[pk] != before[pk]}
    assert changed == set(
        Match.objects.filter(opportunity=supply[1], pk__in=changed).values_list("pk", flat=True)
    )
    assert 1 <= len(changed) <= 2
