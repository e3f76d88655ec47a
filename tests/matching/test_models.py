"""Invariants the database keeps, the weights check, and how the tasks are configured."""

import pytest
from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from backend.accounts.actor import actor_for
from matching import checks, services, tasks
from matching.engine import DEFAULT_WEIGHTS
from matching.models import AllocationRound, Match, Proposal, RoundChoice

pytestmark = pytest.mark.django_db


def _refused(model, **fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_a_match_has_exactly_one_seeker_and_a_score_in_0_1(
    opportunity, placement_request, student_profile
):
    now = timezone.now()
    both = {"request": placement_request, "student": student_profile}
    _refused(Match, opportunity=opportunity, score=0.5, computed_at=now, **both)
    _refused(Match, opportunity=opportunity, score=0.5, computed_at=now)
    _refused(Match, opportunity=opportunity, request=placement_request, score=1.5, computed_at=now)
    Match.objects.create(
        opportunity=opportunity, request=placement_request, score=0.5, computed_at=now
    )
    _refused(Match, opportunity=opportunity, request=placement_request, score=0.6, computed_at=now)


def test_a_rounds_scope_fits_its_kind(school):
    _refused(AllocationRound, kind="stable")
    _refused(AllocationRound, kind="pairing", school=school)
    _refused(AllocationRound, kind="stable", school=school, county_code="19")
    _refused(AllocationRound, kind="pairing", status="failed")
    _refused(AllocationRound, kind="pairing", progress=101)


def test_choices_and_proposals_keep_their_invariants(school, student_profile, opportunity):
    stable = AllocationRound.objects.create(kind="stable", school=school)
    choice = {"round": stable, "student": student_profile}
    _refused(RoundChoice, opportunity=opportunity, rank=0, **choice)
    RoundChoice.objects.create(opportunity=opportunity, rank=1, **choice)
    _refused(RoundChoice, opportunity=opportunity, rank=2, **choice)
    proposal = {"round": stable, "student": student_profile, "opportunity": opportunity}
    _refused(Proposal, places=2, score=0.5, **proposal)
    _refused(Proposal, places=1, score=0.5, status="confirmed", **proposal)
    Proposal.objects.create(places=1, score=0.5, **proposal)
    _refused(Proposal, places=1, score=0.4, **proposal)


def test_the_default_weights_are_the_engines():
    assert settings.MATCHING_WEIGHTS == DEFAULT_WEIGHTS
    assert checks.check_weights() == []


@pytest.mark.parametrize(
    "weights",
    [{"programme_fit": 1.0}, {**DEFAULT_WEIGHTS, "distance": -1.0}, {**DEFAULT_WEIGHTS, "x": 1}],
)
def test_unusable_weights_stop_the_start(settings, weights):
    settings.MATCHING_WEIGHTS = weights
    (error,) = checks.check_weights()
    assert error.id == "matching.E001"


@pytest.mark.parametrize("top_n", [0, -5])
def test_storing_no_match_per_seeker_stops_the_start(settings, top_n):
    settings.MATCHING_TOP_N = top_n
    (error,) = checks.check_list_sizes()
    assert error.id == "matching.E002"
    assert checks.check_weights() == []


def test_a_negative_reserve_stops_the_start(settings):
    settings.MATCHING_RESERVE = -1
    (error,) = checks.check_list_sizes()
    assert error.id == "matching.E003"
    settings.MATCHING_RESERVE = 0
    assert checks.check_list_sizes() == []


@pytest.mark.parametrize(
    "task",
    [
        tasks.recompute_for_opportunity,
        tasks.recompute_for_request,
        tasks.recompute_for_student,
        tasks.run_allocation_round,
    ],
)
def test_tasks_acknowledge_late_and_retry_a_lost_database(task):
    assert task.acks_late
    assert task.autoretry_for == (OperationalError,)
    assert task.max_retries == 3
    assert task.retry_backoff


def test_a_round_whose_task_gave_up_is_marked_failed(school, people):
    stable = services.allocation_round_create(actor=actor_for(people["counsellor"]), kind="stable")

    tasks.run_allocation_round.on_failure(
        OperationalError("the database is gone"), "task-id", (stable.pk,), {}, None
    )

    stable.refresh_from_db()
    assert (stable.status, stable.error) == ("failed", "the database is gone")
