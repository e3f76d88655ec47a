"""Only the best MATCHING_TOP_N matches of each seeker are stored, and after them its next
MATCHING_RESERVE candidates: the full recomputation keeps the engine's top N and the next ones,
and the incremental update after an opportunity changes keeps them too (evicting the worst,
refilling a full list that loses one from its reserve, or by ranking the seeker again when the
reserve is spent), in a bounded number of queries."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backend.accounts.actor import actor_for
from backend.moderation import organisation_suspend
from companies.models import Opportunity
from matching import conf, selectors, services
from matching.engine import CandidateIndex, Ranker, rank_for_request, rank_for_student
from matching.models import Match, MatchReserve
from matching.services.ceilings import score_bounds
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.schools.factories import (
    KUMLA,
    OREBRO,
    VASTERAS,
    PlacementRequestFactory,
    StudentProfileFactory,
    programme,
)

pytestmark = pytest.mark.django_db

TOP_N = 3


@pytest.fixture(autouse=True)
def _top_3(settings):
    settings.MATCHING_TOP_N = TOP_N
    settings.MATCHING_RESERVE = 1


@pytest.fixture
def reserve(request, settings):
    settings.MATCHING_RESERVE = request.param
    return request.param


@pytest.fixture
def five(company):
    """Five opportunities that fit the request and the student, best first for the request."""
    return [
        OpportunityFactory(company=company, programmes=["EE"], stem_areas=areas, places=places)
        for areas, places in (
            (["electrification", "automation", "software"], 4),
            (["electrification", "automation"], 4),
            (["electrification"], 4),
            ([], 4),
            ([], 1),
        )
    ]


def rows() -> set[tuple]:
    return set(Match.objects.values_list("request_id", "student_id", "opportunity_id", "score"))


def stored(**seeker) -> list[tuple[int, float]]:
    matches = Match.objects.filter(**seeker).order_by("-score", "opportunity_id")
    return list(matches.values_list("opportunity_id", "score"))


def engine_top(seeker) -> list[tuple[int, float]]:
    index = CandidateIndex.build(selectors.opportunity_inputs())
    rank = rank_for_request if hasattr(seeker, "kind") else rank_for_student
    ranked = rank(seeker, index, weights=conf.weights(), today=timezone.localdate(), limit=TOP_N)
    return [(int(m.opportunity_id), m.score) for m in ranked]


def lists() -> dict[tuple, list[tuple[int, float]]]:
    """Each seeker's matches, then its reserve, as stored (each best first)."""
    found: dict[tuple, list[tuple[int, float]]] = {}
    for model in (Match, MatchReserve):
        for request, student, opportunity, score in model.objects.order_by(
            "-score", "opportunity_id"
        ).values_list("request_id", "student_id", "opportunity_id", "score"):
            found.setdefault((request, student), []).append((opportunity, score))
    return found


def assert_equals_full_recompute() -> None:
    """The matches are the full recomputation's, and each seeker's matches and reserve the
    first rows of its ranking (the reserve no longer than MATCHING_RESERVE). The stored rows
    are left as they were, so the next change updates them."""
    incremental, kept = rows(), lists()
    reserves = MatchReserve.objects.values_list("request_id", "student_id")
    assert max(Counter(reserves).values(), default=0) <= conf.reserve()
    with transaction.atomic():
        Match.objects.all().delete()
        MatchReserve.objects.all().delete()
        services.matches_recompute_all()
        full_rows, full = rows(), lists()
        transaction.set_rollback(True)
    assert full_rows == incremental
    assert {seeker: full[seeker][: len(stored)] for seeker, stored in kept.items()} == kept


def test_a_seeker_never_has_more_than_top_n_rows(five, placement_request, student_profile):
    totals = services.matches_recompute_all()

    assert Match.objects.filter(request=placement_request).count() == TOP_N
    assert Match.objects.filter(student=student_profile).count() == TOP_N
    assert totals.request_matches == totals.student_matches == TOP_N


def test_the_stored_rows_are_the_engines_top_n(five, placement_request, student_profile):
    services.matches_recompute_all()

    request = selectors.request_inputs(Q(pk=placement_request.pk))[0]
    student = selectors.student_inputs(Q(pk=student_profile.pk))[0]
    assert stored(request=placement_request) == engine_top(request)
    assert stored(student=student_profile) == engine_top(student)
    assert [o for o, _ in stored(request=placement_request)] == [o.pk for o in five[:TOP_N]]


def test_a_better_new_opportunity_evicts_the_worst(company, five, placement_request):
    services.matches_recompute_all()
    worst = stored(request=placement_request)[-1][0]
    better = OpportunityFactory(
        company=company,
        programmes=["EE"],
        stem_areas=["electrification", "automation", "software"],
        places=8,
    )

    services.matches_recompute_for_opportunity(opportunity_id=better.pk)

    kept = [o for o, _ in stored(request=placement_request)]
    assert len(kept) == TOP_N
    assert better.pk in kept
    assert worst not in kept
    assert_equals_full_recompute()


def test_a_worse_new_opportunity_is_not_stored_for_a_full_seeker(company, five, placement_request):
    services.matches_recompute_all()
    before = rows()
    worse = OpportunityFactory(company=company, programmes=["EE"], stem_areas=[], places=1)

    services.matches_recompute_for_opportunity(opportunity_id=worse.pk)

    assert not Match.objects.filter(request=placement_request, opportunity=worse).exists()
    assert {r for r in rows() if r[0] is not None} == {r for r in before if r[0] is not None}


def test_closing_one_of_a_full_seekers_opportunities_refills_it_with_the_next_best(
    five, placement_request, people
):
    services.matches_recompute_all()
    assert [o for o, _ in stored(request=placement_request)] == [o.pk for o in five[:3]]
    five[0].status, five[0].closed_at = five[0].Status.CLOSED, timezone.now()
    five[0].save()

    services.matches_recompute_for_opportunity(opportunity_id=five[0].pk)

    assert [o for o, _ in stored(request=placement_request)] == [o.pk for o in five[1:4]]
    assert_equals_full_recompute()


def test_a_closed_match_is_replaced_from_the_reserve_and_a_spent_reserve_is_refilled(
    company, five, placement_request
):
    sixth = OpportunityFactory(company=company, programmes=["EE"], stem_areas=[], places=1)
    services.matches_recompute_all()

    def reserve_of() -> list[int]:
        rows = MatchReserve.objects.filter(request=placement_request)
        return list(
            rows.order_by("-score", "opportunity_id").values_list("opportunity_id", flat=True)
        )

    assert reserve_of() == [five[3].pk]
    for closing, shown, spare in (
        (five[0], five[1:4], []),  # the reserve takes its place
        (five[1], five[2:], [sixth.pk]),  # none left: ranked again, the reserve refilled
        (five[2], [five[3], five[4], sixth], []),
    ):
        _edit(closing, {"status": closing.Status.CLOSED, "closed_at": timezone.now()})
        services.matches_recompute_for_opportunity(opportunity_id=closing.pk)
        assert [o for o, _ in stored(request=placement_request)] == [o.pk for o in shown]
        assert reserve_of() == spare
        assert_equals_full_recompute()


def test_a_suspended_companys_opportunity_leaves_the_reserves_too(
    five, placement_request, people, django_capture_on_commit_callbacks
):
    """Held only in a reserve, it must not come back as a match when a match leaves."""
    other = CompanyFactory()
    held = OpportunityFactory(
        company=other, programmes=["EE"], stem_areas=["electrification"], places=4
    )
    services.matches_recompute_all()
    assert MatchReserve.objects.filter(request=placement_request, opportunity=held).exists()

    with django_capture_on_commit_callbacks(execute=True):
        organisation_suspend(actor=actor_for(people["chamber"]), organisation=other.organisation)
    assert not MatchReserve.objects.filter(opportunity=held).exists()
    _edit(five[0], {"status": five[0].Status.CLOSED, "closed_at": timezone.now()})
    services.matches_recompute_for_opportunity(opportunity_id=five[0].pk)

    assert held.pk not in [o for o, _ in stored(request=placement_request)]
    assert_equals_full_recompute()


@pytest.mark.parametrize("reserve", [0, 1, 3], indirect=True)
def test_the_incremental_path_after_a_series_of_changes_equals_a_full_recompute(
    reserve, company, five, placement_request, student_profile, school
):
    PlacementRequestFactory(school=school, places_needed=1, max_distance_km=100)
    services.matches_recompute_all()
    twin = OpportunityFactory(company=company, programmes=["EE"], stem_areas=[], places=4)
    far = OpportunityFactory(
        company=company, programmes=["EE"], stem_areas=["software"], municipality_id=KUMLA
    )
    changes = [
        (twin, {}),  # ties with five[3]: the lower id wins
        (far, {}),
        (five[1], {"places": 1}),  # a stored pair scoring lower
        (five[4], {"stem_areas": ["electrification", "automation", "software"], "places": 9}),
        (five[0], {"hidden_at": timezone.now(), "hidden_reason": "Saknar handledare."}),
        (five[2], {"places_taken": 4}),  # filled
        (five[0], {"hidden_at": None, "hidden_reason": ""}),
        (twin, {"status": twin.Status.CLOSED, "closed_at": timezone.now()}),
    ]
    for opportunity, edits in changes:
        _edit(opportunity, edits)
        services.matches_recompute_for_opportunity(opportunity_id=opportunity.pk)
        counts = Match.objects.exclude(request=None).values_list("request_id", flat=True)
        assert all(list(counts).count(r) <= TOP_N for r in set(counts))
        assert_equals_full_recompute()


@pytest.mark.parametrize("seekers", [5, 50])
def test_an_incremental_update_needs_the_same_queries_for_5_or_50_seekers(
    seekers, company, five, school, django_assert_max_num_queries
):
    PlacementRequestFactory.create_batch(seekers, school=school, stem_areas=["software"])
    services.matches_recompute_all()
    better = OpportunityFactory(
        company=company, programmes=["EE"], stem_areas=["software"], places=9
    )

    # Every seeker's worst match moves down to its reserve, pushing the reserve's last out.
    with django_assert_max_num_queries(22):
        services.matches_recompute_for_opportunity(opportunity_id=better.pk)
    assert Match.objects.filter(opportunity=better).count() >= seekers

    better.status, better.closed_at = better.Status.CLOSED, timezone.now()
    better.save()
    with django_assert_max_num_queries(24):  # the best reserve of every seeker moves up
        services.matches_recompute_for_opportunity(opportunity_id=better.pk)
    assert not Match.objects.filter(opportunity=better).exists()
    assert_equals_full_recompute()


def test_an_opportunity_naming_a_field_or_an_occupation_reaches_the_seekers_of_programmes_with_it(
    company, school, student_profile
):
    """Elprogrammet (EE) is in ISCED field 0713 and leads to SSYK 7411; neither opportunity
    lists it."""
    PlacementRequestFactory(school=school, programme=programme("BA"))
    electrician = StudentProfileFactory(school=school, programme=programme("BA"))
    services.matches_recompute_all()
    by_field = OpportunityFactory(company=company, programmes=["TE"], education_field_id="0713")
    by_occupation = OpportunityFactory(company=company, programmes=["BA"], occupation_id="7411")

    for opportunity in (by_field, by_occupation):
        services.matches_recompute_for_opportunity(opportunity_id=opportunity.pk)

    assert {o for o, _ in stored(student=student_profile)} == {by_field.pk, by_occupation.pk}
    assert {o for o, _ in stored(student=electrician)} == {by_occupation.pk}
    assert_equals_full_recompute()


@pytest.mark.parametrize("reserve", [0, 1, 3], indirect=True)
def test_a_popular_opportunity_enters_only_the_full_lists_it_beats_and_every_list_not_full(
    reserve, company, five, school, other_school, placement_request, student_profile
):
    """Near Västerås the lists are full of better Elprogrammet places; in Örebro a request that
    travels far has a full list of worse ones, and the students (one of Barn- och
    fritidsprogrammet, BA; one speaking English only, where the workplace speaks Swedish) have
    nothing but remote places for any programme."""
    StudentProfileFactory(school=school, speaks_english=True)
    far_request = PlacementRequestFactory(school=other_school, max_distance_km=200)
    PlacementRequestFactory(school=other_school, programme=programme("BA"), max_distance_km=200)
    StudentProfileFactory(school=other_school)
    StudentProfileFactory(school=other_school, programme=programme("BA"))
    StudentProfileFactory(school=other_school, speaks_swedish=False)  # states no language
    StudentProfileFactory(school=other_school, speaks_swedish=False, speaks_english=True)
    popular = OpportunityFactory(
        company=company, programmes=[], accepts_any_programme=True, remote_allowed=True, places=4
    )
    services.matches_recompute_all()
    assert popular.pk in [o for o, _ in stored(request=far_request)]
    assert popular.pk not in [o for o, _ in stored(request=placement_request)]

    changes = [
        {"stem_areas": []},
        {"stem_areas": ["electrification", "automation", "software"]},
        {"remote_allowed": False},  # leaves the lists in Örebro
        {"remote_allowed": True},  # enters them again, evicting the far request's worst
        {"places": 1},  # a stored pair scoring lower
        {"status": popular.Status.CLOSED, "closed_at": timezone.now()},
        {"status": popular.Status.PUBLISHED, "closed_at": None},
    ]
    for edits in changes:
        _edit(popular, edits)
        services.matches_recompute_for_opportunity(opportunity_id=popular.pk)
        assert_equals_full_recompute()


def test_an_opportunity_reaches_requests_by_radius_to_the_kilometre_acceptable_places_and_period(
    company, other_school
):
    """Örebro to Västerås is 84.0 km between the seats; the opportunity in Västerås starts on
    the last day of the requests' default period."""
    reaching = [
        PlacementRequestFactory(school=other_school, max_distance_km=84),
        PlacementRequestFactory(school=other_school, acceptable_municipalities=[VASTERAS]),
        PlacementRequestFactory(
            school=other_school,
            max_distance_km=100,
            period_start=date(2026, 5, 29),
            period_end=date(2026, 6, 30),
        ),
    ]
    PlacementRequestFactory(school=other_school, max_distance_km=83)
    PlacementRequestFactory(school=other_school, max_distance_km=None)
    PlacementRequestFactory(school=other_school, max_distance_km=100, period_end=date(2026, 4, 9))
    services.matches_recompute_all()
    opportunity = OpportunityFactory(
        company=company,
        programmes=["EE"],
        period_start=date(2026, 4, 10),
        period_end=date(2026, 5, 29),
    )

    services.matches_recompute_for_opportunity(opportunity_id=opportunity.pk)

    holding = Match.objects.filter(opportunity=opportunity).exclude(request=None)
    assert set(holding.values_list("request_id", flat=True)) == {r.pk for r in reaching}
    assert_equals_full_recompute()


@pytest.mark.parametrize("reserve", [0, 1, 3], indirect=True)
def test_a_popular_opportunitys_students_alike_but_for_one_thing_are_scored_apart(
    reserve, company, school, other_school
):
    """Students of one school alike in all but one thing each: their age (one turns 18 before
    the opportunity starts), their STEM interests, their language, their programme, their
    town. The update scores students alike once; every change must still give each the full
    recomputation's rows. Each list holds 3 of its candidates: full."""
    today = timezone.localdate()
    turning_18 = date(today.year - 18, today.month, 1) + timedelta(days=40)
    students = [
        StudentProfileFactory(school=school),
        StudentProfileFactory(school=school),
        StudentProfileFactory(school=school, birth_date=turning_18),
        StudentProfileFactory(school=school, birth_date=date(today.year - 20, 1, 1)),
        StudentProfileFactory(school=school, speaks_swedish=False, speaks_english=True),
        StudentProfileFactory(school=school, programme=programme("BA")),
        StudentProfileFactory(school=other_school),
    ]
    for student in students:
        student.stem_interests.set(["software" if student is students[1] else "electrification"])
    OpportunityFactory.create_batch(
        2, company=company, programmes=["EE"], stem_areas=["automation"]
    )
    popular = OpportunityFactory(
        company=company,
        programmes=[],
        accepts_any_programme=True,
        remote_allowed=True,
        stem_areas=["electrification"],
        places=4,
    )
    services.matches_recompute_all()

    def holding() -> set[int]:
        return set(Match.objects.filter(opportunity=popular).values_list("student_id", flat=True))

    changes = [
        {"min_age_18": True},  # the adult only: the others are under 18 on a flexible period
        {"period_start": today + timedelta(days=60), "period_end": today + timedelta(days=90)},
        {"min_age_18": False, "stem_areas": ["software"]},
        {"speaks_swedish": False, "speaks_english": True},
        {"remote_allowed": False},  # out of reach of Örebro
        {"municipality_id": OREBRO},
        {"speaks_swedish": True, "stem_areas": []},
        {"hidden_at": timezone.now(), "hidden_reason": "Saknar handledare."},
        {"hidden_at": None, "hidden_reason": ""},
    ]
    held = holding()
    for step, edits in enumerate(changes):
        _edit(popular, edits)
        services.matches_recompute_for_opportunity(opportunity_id=popular.pk)
        if step == 1:  # 18 by the first day, not today: alike but for the birth date
            assert students[2].pk in holding()
            assert students[0].pk not in holding()
        held |= holding()
        assert_equals_full_recompute()
    assert held >= {student.pk for student in students}


@pytest.mark.parametrize("reserve", [0, 1, 3], indirect=True)
def test_the_seekers_an_update_leaves_unread_could_not_take_the_opportunity(
    reserve, company, five, school, other_school, placement_request, student_profile
):
    """The reach query returns only the seekers whose full list an opportunity may enter, by a
    bound of its score: every seeker it leaves out that the opportunity matches has a full list
    whose last row (of its reserve, if any) ranks ahead of the pair. Each opportunity is
    republished (fresher: a higher score) and offers more STEM areas after the lists were
    written."""
    PlacementRequestFactory(school=other_school, max_distance_km=200)
    PlacementRequestFactory(school=school, stem_areas=[], places_needed=1)
    StudentProfileFactory(school=school, programme=programme("BA"))
    StudentProfileFactory(school=other_school, speaks_swedish=False)
    StudentProfileFactory(school=school).stem_interests.set(["software", "automation"])
    opportunities = [
        OpportunityFactory(company=company, programmes=["EE"], stem_areas=["software"]),
        OpportunityFactory(company=company, programmes=["EE"], municipality_id=KUMLA),
        OpportunityFactory(
            company=company, programmes=[], accepts_any_programme=True, remote_allowed=True
        ),
        OpportunityFactory(company=company, programmes=["TE"], education_field_id="0713"),
        OpportunityFactory(company=company, programmes=["BA"], occupation_id="7411"),
    ]
    Opportunity.objects.update(published_at=timezone.now() - timedelta(days=2))
    services.matches_recompute_all()
    for opportunity in (*five, *opportunities):
        opportunity.refresh_from_db()
        opportunity.published_at = timezone.now()
        opportunity.save()
        opportunity.stem_areas.add("software", "electrification")
    requests, students = selectors.request_inputs(), selectors.student_inputs()
    weights, today = conf.weights(), timezone.localdate()
    ranker = Ranker(CandidateIndex(), weights=weights, today=today)
    left_out = 0
    for opportunity in (*five, *opportunities):
        pair = selectors.opportunity_inputs(Q(pk=opportunity.pk))[0]
        holding = selectors.opportunity_stored_pairs(opportunity_id=opportunity.pk)
        reached = selectors.seekers_reached(
            pair,
            top_n=TOP_N,
            bounds=score_bounds(pair, weights=weights, today=today),
            holding=holding.keys(),
        )
        for seeker in (*requests, *students):
            match = ranker.score(seeker, pair)
            kind = "request" if match is None or match.request_id else "student"
            if match is None or (kind, int(seeker.id)) in {*reached, *holding}:
                continue
            left_out += 1
            assert len(stored(**{kind: int(seeker.id)})) == TOP_N
            key = (int(seeker.id), None) if kind == "request" else (None, int(seeker.id))
            last = lists()[key][-1]  # of its reserve, if any
            assert (-last[1], last[0]) < (-match.score, opportunity.pk)
    assert left_out >= (13, 7, 5)[(0, 1, 3).index(reserve)]


def test_a_list_ending_in_a_tie_is_read_only_for_an_opportunity_ranking_ahead(
    company, placement_request, student_profile
):
    """Opportunities alike in all the engine reads score the same, and the lower id ranks
    first: a list full of them can take another only with a lower id. The update after one with
    a higher id changes leaves those lists unread; one with a lower id takes its place back."""
    alike = [
        OpportunityFactory(company=company, programmes=["EE"], stem_areas=[], places=4)
        for _ in range(6)
    ]
    Opportunity.objects.update(published_at=timezone.now() - timedelta(days=2))
    services.matches_recompute_all()
    seekers = {("request", placement_request.pk), ("student", student_profile.pk)}
    weights, today = conf.weights(), timezone.localdate()

    def reached(opportunity: Opportunity) -> set[tuple[str, int]]:
        pair = selectors.opportunity_inputs(Q(pk=opportunity.pk))[0]
        bounds = score_bounds(pair, weights=weights, today=today)
        return set(selectors.seekers_reached(pair, top_n=TOP_N, bounds=bounds)) & seekers

    assert [o for o, _ in lists()[(placement_request.pk, None)]] == [o.pk for o in alike[:4]]
    assert reached(alike[5]) == set()
    _edit(alike[0], {"status": Opportunity.Status.CLOSED, "closed_at": timezone.now()})
    services.matches_recompute_for_opportunity(opportunity_id=alike[0].pk)
    Opportunity.objects.filter(pk=alike[0].pk).update(
        status=Opportunity.Status.PUBLISHED, closed_at=None
    )
    assert reached(alike[0]) == seekers
    services.matches_recompute_for_opportunity(opportunity_id=alike[0].pk)
    assert [o for o, _ in lists()[(None, student_profile.pk)]] == [o.pk for o in alike[:4]]
    assert_equals_full_recompute()


def _edit(opportunity: Opportunity, edits: dict) -> None:
    """Save the opportunity with `edits` (fields, and its STEM areas by code)."""
    areas = edits.pop("stem_areas", None)
    for field, value in edits.items():
        setattr(opportunity, field, value)
    opportunity.save()
    if areas is not None:
        opportunity.stem_areas.set(areas)
