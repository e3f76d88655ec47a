"""Allocation rounds end to end: the engine's result, stored as proposals with a summary;
progress and status; a failure that keeps the last good result and can be run again; the 400s."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from backend.accounts.actor import actor_for
from backend.celery import BrokerUnavailableError, app
from matching import services, tasks
from matching.engine import (
    Demand,
    FormatError,
    StableOpportunity,
    StableStudent,
    Supply,
    allocate_pairing,
    allocate_stable,
)
from matching.models import AllocationRound, Match, OutboxTask, Proposal
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import KUMLA, OREBRO, PlacementRequestFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opportunities(company):
    """Two one-place APL opportunities that every student of the school matches."""
    return [
        OpportunityFactory(company=company, title=title, programmes=["EE"], places=1)
        for title in ("A", "B")
    ]


@pytest.fixture
def students(school):
    """Three students whose STEM interests rank them s1 > s2 > s3 for every opportunity."""
    profiles = []
    for interests in (["electrification"], [], ["software"]):
        profile = StudentProfileFactory(school=school)
        profile.stem_interests.set(interests)
        profiles.append(profile)
    return profiles


@pytest.fixture
def stable_round(school, people, opportunities, students):
    for opportunity in opportunities:
        opportunity.stem_areas.set(["electrification"])
    services.matches_recompute_all()
    return services.allocation_round_create(actor=actor_for(people["counsellor"]), kind="stable")


def rank(client_for, round_id, profile, *opportunities):
    choices = [{"opportunity": o.pk, "rank": n} for n, o in enumerate(opportunities, 1)]
    response = client_for(profile.user).post(
        f"/api/v1/allocation-rounds/{round_id}/choices/", {"choices": choices}, format="json"
    )
    assert response.status_code == 200, response.content
    return response


def run(client, round_id, capture):
    with capture(execute=True):
        response = client.post(f"/api/v1/allocation-rounds/{round_id}/run/")
    return response


def test_a_stable_round_gives_the_student_optimal_matching(
    stable_round, students, opportunities, client_for, client_as, django_capture_on_commit_callbacks
):
    s1, s2, s3 = students
    a, b = opportunities
    rank(client_for, stable_round.pk, s1, b, a)
    rank(client_for, stable_round.pk, s2, a, b)
    rank(client_for, stable_round.pk, s3, a)

    response = run(client_as("counsellor"), stable_round.pk, django_capture_on_commit_callbacks)

    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    stable_round.refresh_from_db()
    assert (stable_round.status, stable_round.progress) == ("done", 100)
    proposed = dict(Proposal.objects.values_list("student_id", "opportunity_id"))
    # By hand: s1 takes B; s2 and s3 want A, which ranks s2 above s3.
    assert proposed == {s1.pk: b.pk, s2.pk: a.pk}
    engine = allocate_stable(
        [
            StableStudent(str(s1.pk), (str(b.pk), str(a.pk))),
            StableStudent(str(s2.pk), (str(a.pk), str(b.pk))),
            StableStudent(str(s3.pk), (str(a.pk),)),
        ],
        [StableOpportunity(str(o.pk), 1, (str(s1.pk), str(s2.pk), str(s3.pk))) for o in (a, b)],
    )
    assert {int(s): int(o) for s, o in engine.assignments.items() if o} == proposed
    assert stable_round.summary["students"] == 3
    assert stable_round.summary["assigned"] == 2
    assert stable_round.summary["unassigned"] == 1


def test_a_pairing_round_finds_the_best_total(
    company, school, other_school, people, client_as, django_capture_on_commit_callbacks
):
    requests = [
        PlacementRequestFactory(school=school, places_needed=3, max_distance_km=100),
        PlacementRequestFactory(school=school, places_needed=1, max_distance_km=20),
        PlacementRequestFactory(school=other_school, places_needed=2, max_distance_km=60),
    ]
    # 5 places for 6 needed, and not every request reaches every place: a gap remains.
    for municipality, places in (("1980", 2), (OREBRO, 2), (KUMLA, 1)):
        OpportunityFactory(
            company=company, programmes=["EE"], municipality_id=municipality, places=places
        )
    services.matches_recompute_all()
    created = client_as("chamber").post(
        "/api/v1/allocation-rounds/", {"kind": "pairing"}, format="json"
    )
    assert created.status_code == 201, created.content
    round_id = created.json()["id"]

    assert (
        run(client_as("chamber"), round_id, django_capture_on_commit_callbacks).status_code == 202
    )

    pairing = AllocationRound.objects.get(pk=round_id)
    assert pairing.status == "done"
    proposals = list(Proposal.objects.filter(round=pairing))
    total = sum(p.places * p.score for p in proposals)
    scores = list(
        Match.objects.exclude(request=None).values_list("request_id", "opportunity_id", "score")
    )
    engine = allocate_pairing(
        [Demand(str(r.pk), r.places_needed) for r in requests],
        [Supply(str(o.pk), o.places) for o in company.opportunities.all()],
        [(str(r), str(o), s) for r, o, s in scores],
    )
    assert len(proposals) >= 3
    assert total == pytest.approx(engine.total_score, rel=1e-6)
    assert pairing.summary["total_score"] == pytest.approx(engine.total_score, rel=1e-6)
    assert pairing.summary["places_needed"] == 6
    assert pairing.summary["places_assigned"] == sum(p.places for p in proposals)
    uncovered = {int(r): n for r, n in engine.uncovered.items() if n}
    assert uncovered
    assert {int(r): n for r, n in pairing.summary["uncovered"].items()} == uncovered
    assert pairing.summary["uncovered_by_programme"] == {"EE": sum(uncovered.values())}
    listed = client_as("chamber").get(f"/api/v1/allocation-rounds/{round_id}/proposals/").json()
    assert listed["count"] == len(proposals)
    assert all(p["student"] is None for p in listed["results"])


def test_a_failed_run_says_why_keeps_the_last_result_and_can_run_again(
    stable_round, students, opportunities, client_for, monkeypatch
):
    rank(client_for, stable_round.pk, students[0], opportunities[0])
    services.allocation_round_run(round_id=stable_round.pk)
    first = list(Proposal.objects.values_list("student_id", "opportunity_id"))
    progress = []

    def broken(*args, **kwargs):
        raise FormatError('students[0].preferences[0]: unknown opportunity "o-9"')

    monkeypatch.setattr("matching.services.rounds.allocate_stable", broken)
    failed = services.allocation_round_run(round_id=stable_round.pk, progress=progress.append)

    assert failed.status == "failed"
    assert failed.error == 'students[0].preferences[0]: unknown opportunity "o-9"'
    assert progress == [30]
    assert list(Proposal.objects.values_list("student_id", "opportunity_id")) == first

    monkeypatch.undo()
    again = services.allocation_round_run(round_id=stable_round.pk, progress=progress.append)

    assert (again.status, again.progress, again.error) == ("done", 100, "")
    assert progress[-2:] == [30, 70]
    assert list(Proposal.objects.values_list("student_id", "opportunity_id")) == first


def test_a_rerun_keeps_the_decided_proposals_and_fills_around_them(
    stable_round, students, opportunities, client_for, people
):
    s1, s2, _s3 = students
    a, b = opportunities
    rank(client_for, stable_round.pk, s1, a, b)
    rank(client_for, stable_round.pk, s2, a, b)
    services.allocation_round_run(round_id=stable_round.pk)
    first = Proposal.objects.select_related("request", "student", "opportunity")
    s1_proposal = first.get(student=s1)
    services.proposal_decline(actor=actor_for(people["counsellor"]), proposal=s1_proposal)

    services.allocation_round_run(round_id=stable_round.pk)

    assert s1_proposal.opportunity == a
    live = Proposal.objects.filter(status="proposed")
    assert dict(live.values_list("student_id", "opportunity_id")) == {s1.pk: b.pk, s2.pk: a.pk}
    assert Proposal.objects.filter(status="declined").count() == 1


def test_running_a_round_with_nothing_to_allocate_is_refused(stable_round, client_as):
    response = client_as("counsellor").post(f"/api/v1/allocation-rounds/{stable_round.pk}/run/")
    assert response.status_code == 400
    assert "no students" in response.json()["detail"]


def test_running_a_round_without_free_places_is_refused(
    stable_round, students, opportunities, client_for, client_as
):
    rank(client_for, stable_round.pk, students[0], opportunities[0])
    opportunities[0].places_taken = 1
    opportunities[0].save()

    response = client_as("counsellor").post(f"/api/v1/allocation-rounds/{stable_round.pk}/run/")

    assert response.status_code == 400
    assert "capacity 0" in response.json()["detail"]


def test_a_round_cannot_run_twice_at_once(
    stable_round, students, opportunities, client_for, client_as
):
    rank(client_for, stable_round.pk, students[0], opportunities[0])
    url = f"/api/v1/allocation-rounds/{stable_round.pk}/run/"
    client = client_as("counsellor")

    assert client.post(url).status_code == 202  # queued; the worker runs it after the commit
    second = client.post(url)

    assert second.status_code == 400
    assert second.json()["detail"] == "This round is already queued or running."


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([(0, 1), (1, 1)], "Each rank can be given once."),
        ([(0, 1), (0, 2)], "Each opportunity can be ranked once."),
    ],
)
def test_duplicate_ranks_or_opportunities_are_refused(
    stable_round, students, opportunities, client_for, choices, message
):
    data = {"choices": [{"opportunity": opportunities[o].pk, "rank": r} for o, r in choices]}
    response = client_for(students[0].user).post(
        f"/api/v1/allocation-rounds/{stable_round.pk}/choices/", data, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"choices": [message]}


def test_only_recommended_opportunities_can_be_ranked(stable_round, students, company, client_for):
    elsewhere = OpportunityFactory(company=company, programmes=["BA"])
    data = {"choices": [{"opportunity": elsewhere.pk, "rank": 1}]}
    response = client_for(students[0].user).post(
        f"/api/v1/allocation-rounds/{stable_round.pk}/choices/", data, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"choices": [f"Not among your recommendations: {elsewhere.pk}."]}


def test_a_student_reads_back_their_choices(stable_round, students, opportunities, client_for):
    rank(client_for, stable_round.pk, students[0], opportunities[1], opportunities[0])
    body = (
        client_for(students[0].user)
        .get(f"/api/v1/allocation-rounds/{stable_round.pk}/choices/")
        .json()
    )
    assert [(c["rank"], c["opportunity"]["id"]) for c in body] == [
        (1, opportunities[1].pk),
        (2, opportunities[0].pk),
    ]


def test_a_pairing_round_uses_pairs_beyond_the_stored_best(
    company, school, settings, client_as, django_capture_on_commit_callbacks
):
    """Only each request's best match is stored here, yet the best total needs the second:
    the near request can only go to Örebro, so the far one must take Västerås."""
    settings.MATCHING_TOP_N = 1
    PlacementRequestFactory(school=school, places_needed=1, max_distance_km=100)
    PlacementRequestFactory(school=school, places_needed=1, max_distance_km=20)
    for municipality in (OREBRO, "1980"):
        OpportunityFactory(
            company=company, programmes=["EE"], municipality_id=municipality, places=1
        )
    services.matches_recompute_all()
    created = client_as("chamber").post(
        "/api/v1/allocation-rounds/", {"kind": "pairing"}, format="json"
    )

    run(client_as("chamber"), created.json()["id"], django_capture_on_commit_callbacks)

    pairing = AllocationRound.objects.get(pk=created.json()["id"])
    assert pairing.summary["places_needed"] == 2
    assert pairing.summary["places_assigned"] == 2


def test_a_second_delivery_of_the_round_task_changes_nothing(
    stable_round, students, opportunities, client_for, client_as, django_capture_on_commit_callbacks
):
    """The task outbox may publish a round's task twice: the second finds the round done."""
    rank(client_for, stable_round.pk, students[0], opportunities[0])
    response = run(client_as("counsellor"), stable_round.pk, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    done = AllocationRound.objects.get(pk=stable_round.pk)
    proposals = set(Proposal.objects.values_list("pk", "student_id", "opportunity_id", "status"))
    assert done.status == AllocationRound.Status.DONE
    assert proposals
    assert not OutboxTask.objects.exists()  # the broker (here: eager) took it

    assert tasks.run_allocation_round.delay(stable_round.pk).get() == "done"

    again = AllocationRound.objects.get(pk=stable_round.pk)
    assert (again.status, again.finished_at, again.summary) == (
        done.status,
        done.finished_at,
        done.summary,
    )
    assert set(Proposal.objects.values_list("pk", "student_id", "opportunity_id", "status")) == (
        proposals
    )


def test_a_queued_round_whose_task_the_broker_refused_runs_on_the_next_sweep(
    stable_round,
    students,
    opportunities,
    client_for,
    client_as,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    rank(client_for, stable_round.pk, students[0], opportunities[0])
    task_class = type(app.tasks[tasks.run_allocation_round.name])

    def refuse(*args, **kwargs):
        raise BrokerUnavailableError("the broker failed recently")

    monkeypatch.setattr(task_class, "apply_async", refuse)
    response = run(client_as("counsellor"), stable_round.pk, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    stable_round.refresh_from_db()
    assert stable_round.status == AllocationRound.Status.QUEUED
    waiting = OutboxTask.objects.get()
    assert (waiting.task, waiting.args) == (tasks.run_allocation_round.name, [stable_round.pk])
    assert services.outbox_send_pending(older_than=timedelta(0)) == services.OutboxTotals(0, 1)

    monkeypatch.undo()  # the broker is back
    out = StringIO()
    call_command("send_pending_tasks", "--older-than", "0", stdout=out)

    assert out.getvalue().strip() == "Pending tasks: 1 sent, 0 left."
    stable_round.refresh_from_db()
    assert stable_round.status == AllocationRound.Status.DONE
    assert Proposal.objects.filter(round=stable_round).exists()
    assert not OutboxTask.objects.exists()
