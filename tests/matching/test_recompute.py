"""Keeping the stored matches up to date: incrementally through the apps' services (signals,
tasks on commit) and fully on demand; both give the same rows, and a failure keeps the old ones."""

from datetime import date, timedelta
from io import StringIO
from math import ceil, floor, inf
from unittest.mock import patch

import pytest
from django.core.management import call_command

from backend.accounts.actor import actor_for
from backend.celery import BrokerUnavailableError, app
from backend.moderation import (
    organisation_suspend,
    organisation_unsuspend,
    organisation_verify,
    posting_hide,
    posting_unhide,
)
from backend.reference.selectors import municipalities_within_km
from companies import services as company_services
from matching import services, tasks
from matching.models import Match, OutboxTask
from matching.services import matches as matches_service
from schools import services as school_services
from schools.models import PlacementRequest, StudentProfile
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


def rows() -> set[tuple]:
    """The stored matches as comparable tuples."""
    return set(Match.objects.values_list("request_id", "student_id", "opportunity_id", "score"))


def seekers_of(opportunity) -> tuple[set[int], set[int]]:
    matches = Match.objects.filter(opportunity=opportunity)
    requests = set(matches.exclude(request=None).values_list("request_id", flat=True))
    students = set(matches.exclude(student=None).values_list("student_id", flat=True))
    return requests, students


@pytest.fixture
def draft(company):
    return OpportunityFactory(
        company=company, draft=True, programmes=["EE"], stem_areas=["automation"], places=4
    )


def test_publishing_creates_matches_for_the_fitting_requests_and_students(
    draft, placement_request, student_profile, people, django_capture_on_commit_callbacks
):
    other_programme = PlacementRequestFactory(
        school=placement_request.school, programme=programme("BA")
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        company_services.opportunity_publish(opportunity=draft, actor=actor_for(people["member"]))

    assert len(callbacks) == 1
    requests, students = seekers_of(draft)
    assert requests == {placement_request.pk}
    assert other_programme.pk not in requests
    assert students == {student_profile.pk}


def test_a_closed_or_hidden_opportunity_loses_its_matches(
    opportunity, placement_request, student_profile, people, django_capture_on_commit_callbacks
):
    services.matches_recompute_all()
    assert seekers_of(opportunity) == ({placement_request.pk}, {student_profile.pk})

    with django_capture_on_commit_callbacks(execute=True):
        posting_hide(
            actor=actor_for(people["chamber"]), posting=opportunity, reason="Saknar handledare."
        )
    assert seekers_of(opportunity) == (set(), set())

    with django_capture_on_commit_callbacks(execute=True):
        posting_unhide(actor=actor_for(people["chamber"]), posting=opportunity)
    assert seekers_of(opportunity) == ({placement_request.pk}, {student_profile.pk})

    with django_capture_on_commit_callbacks(execute=True):
        company_services.opportunity_close(
            opportunity=opportunity, actor=actor_for(people["member"])
        )
    assert seekers_of(opportunity) == (set(), set())


def test_a_filled_opportunity_loses_its_matches(opportunity, placement_request):
    services.matches_recompute_all()
    opportunity.places_taken = opportunity.places
    opportunity.save()

    services.matches_recompute_for_opportunity(opportunity_id=opportunity.pk)

    assert not Match.objects.filter(opportunity=opportunity).exists()


def test_editing_a_request_rescores_only_that_request(
    opportunity, placement_request, student_profile, people, django_capture_on_commit_callbacks
):
    other = PlacementRequestFactory(school=placement_request.school, places_needed=1)
    services.matches_recompute_all()
    before = {m.pk: (m.score, m.computed_at) for m in Match.objects.all()}
    edited = Match.objects.get(request=placement_request)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        school_services.placement_request_update(
            actor=actor_for(people["counsellor"]),
            placement_request=placement_request,
            data={"places_needed": 1},
        )

    assert len(callbacks) == 1
    after = {m.pk: (m.score, m.computed_at) for m in Match.objects.all()}
    assert after.keys() == before.keys()
    changed = {pk for pk in after if after[pk] != before[pk]}
    assert changed == {edited.pk}
    assert after[edited.pk][0] > before[edited.pk][0]  # 3 free places now cover all it needs
    untouched = Match.objects.get(request=other)
    assert untouched.computed_at == before[untouched.pk][1]


def test_a_closed_request_and_a_suspended_school_lose_their_matches(
    opportunity, placement_request, people, django_capture_on_commit_callbacks
):
    services.matches_recompute_all()
    with django_capture_on_commit_callbacks(execute=True):
        organisation_suspend(
            actor=actor_for(people["chamber"]), organisation=placement_request.school.organisation
        )
    assert not Match.objects.filter(request=placement_request).exists()

    with django_capture_on_commit_callbacks(execute=True):
        organisation_unsuspend(
            actor=actor_for(people["chamber"]), organisation=placement_request.school.organisation
        )
        school_services.placement_request_close(
            actor=actor_for(people["counsellor"]), placement_request=placement_request
        )
    assert not Match.objects.filter(request=placement_request).exists()


def test_verifying_a_company_matches_its_published_opportunities(
    placement_request, people, django_capture_on_commit_callbacks
):
    company = CompanyFactory(unverified=True)
    published = OpportunityFactory(company=company, programmes=["EE"])
    services.matches_recompute_all()
    assert not Match.objects.filter(opportunity=published).exists()

    with django_capture_on_commit_callbacks(execute=True):
        organisation_verify(actor=actor_for(people["chamber"]), organisation=company.organisation)

    assert seekers_of(published)[0] == {placement_request.pk}


def test_a_student_changing_their_profile_gets_new_recommendations(
    opportunity, student_profile, django_capture_on_commit_callbacks
):
    services.matches_recompute_all()
    assert Match.objects.filter(student=student_profile).exists()

    with django_capture_on_commit_callbacks(execute=True):
        school_services.student_profile_upsert(
            actor=actor_for(student_profile.user), data={"programme": programme("BA")}
        )

    assert not Match.objects.filter(student=student_profile).exists()


def test_the_task_is_enqueued_on_commit_only(
    draft, placement_request, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        company_services.opportunity_publish(opportunity=draft, actor=actor_for(people["member"]))
        assert not Match.objects.exists()
    assert not Match.objects.exists()  # not committed: nothing ran

    callbacks[0]()

    assert seekers_of(draft)[0] == {placement_request.pk}


def test_a_failing_recompute_leaves_the_previous_matches(
    opportunity, placement_request, student_profile, monkeypatch
):
    services.matches_recompute_all()
    before = rows()
    opportunity.places = 1
    opportunity.save()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away half-way")

    # The stale rows are deleted first, then the writing fails: the transaction undoes both.
    monkeypatch.setattr(matches_service, "_upsert", fail)
    with pytest.raises(RuntimeError):
        tasks.recompute_for_opportunity.delay(opportunity.pk)

    assert rows() == before


@pytest.fixture
def region(school, other_school, company, placement_request, student_profile):
    """A region with every kind of difference: programmes, distances, periods, remote work, an
    opportunity for any programme, an 18+ requirement, a request with acceptable municipalities,
    one whose radius (whole kilometres) ends just past an opportunity and one whose radius stops
    short of it, a student of another programme. Returns its opportunities' ids."""
    PlacementRequestFactory(
        school=other_school, max_distance_km=None, acceptable_municipalities=[OREBRO, KUMLA]
    )
    PlacementRequestFactory(school=school, programme=programme("BA"), max_distance_km=100)
    PlacementRequestFactory(
        school=other_school, period_start=date(2026, 9, 1), period_end=date(2026, 9, 30)
    )
    to_orebro = municipalities_within_km(VASTERAS, inf)[OREBRO]
    for radius in (ceil(to_orebro), floor(to_orebro)):
        PlacementRequestFactory(school=school, municipality_id=VASTERAS, max_distance_km=radius)
    StudentProfileFactory(school=other_school, programme=programme("BA"))
    StudentProfileFactory(school=school, birth_date=date(2000, 1, 1), speaks_english=True)
    for changes in (
        {"programmes": ["EE"], "stem_areas": ["automation"]},
        {"programmes": ["EE", "BA"], "municipality_id": OREBRO, "places": 8},
        {"programmes": [], "accepts_any_programme": True, "remote_allowed": True},
        {"programmes": ["EE"], "min_age_18": True, "period_start": None, "period_end": None},
        {"programmes": ["BA"], "municipality_id": KUMLA},
        {"programmes": ["EE"], "speaks_swedish": False, "speaks_english": True},
    ):
        OpportunityFactory(company=company, **changes)
    return list(company.opportunities.values_list("pk", flat=True))


def test_the_incremental_path_gives_the_same_rows_as_a_full_recompute(region):
    for opportunity_id in region:
        services.matches_recompute_for_opportunity(opportunity_id=opportunity_id)
    incremental = rows()
    Match.objects.all().delete()
    totals = services.matches_recompute_all()

    assert rows() == incremental
    assert totals.request_matches + totals.student_matches == len(incremental)
    assert len({r for r, _s, _o, _score in incremental if r}) >= 3
    assert len({s for _r, s, _o, _score in incremental if s}) >= 2


def test_recomputing_each_request_and_student_alone_gives_the_full_recompute_rows(region):
    services.matches_recompute_all()
    full = rows()
    Match.objects.all().delete()

    for request_id in PlacementRequest.objects.values_list("pk", flat=True):
        services.matches_recompute_for_request(request_id=request_id)
    for student_id in StudentProfile.objects.values_list("pk", flat=True):
        services.matches_recompute_for_student(student_id=student_id)

    assert rows() == full
    # The request whose radius ends just past Örebro has its opportunity there.
    in_orebro = Match.objects.filter(opportunity__municipality_id=OREBRO)
    reached = set(in_orebro.values_list("request__max_distance_km", flat=True))
    to_orebro = municipalities_within_km(VASTERAS, inf)[OREBRO]
    assert ceil(to_orebro) in reached
    assert floor(to_orebro) not in reached


def test_the_recomputation_on_workers_gives_the_rows_of_one_run_here(
    settings, school, company, placement_request, student_profile
):
    """Several tasks (chunks of one seeker, two chunks a task), run eagerly without a broker:
    the same rows as one in-process run, and the progress bar reaches 100 %."""
    settings.MATCHING_RECOMPUTE_CHUNK = 1
    PlacementRequestFactory(school=school, max_distance_km=100)
    StudentProfileFactory(school=school)
    StudentProfileFactory(school=school, programme=programme("BA"))
    for changes in ({"programmes": ["EE"]}, {"programmes": ["EE", "BA"], "municipality_id": KUMLA}):
        OpportunityFactory(company=company, **changes)
    progress = []
    services.matches_recompute_all(progress=progress.append)
    here = rows()
    Match.objects.all().delete()
    stderr, stdout = StringIO(), StringIO()

    with patch.object(tasks, "CHUNKS_PER_TASK", 2):
        call_command("recompute_matches", "--workers", stdout=stdout, stderr=stderr)

    assert rows() == here
    assert len(here) >= 4
    assert progress == sorted(progress)
    assert progress[-1] == 100
    assert len(progress) >= 5
    assert stderr.getvalue().endswith("] 100%\n")
    assert "Recomputed on the workers" in stdout.getvalue()


def test_a_nightly_recomputation_spreads_over_tasks_of_chunks(
    settings, school, placement_request, student_profile, opportunity
):
    settings.MATCHING_RECOMPUTE_CHUNK = 1
    StudentProfileFactory(school=school)
    sent = []
    original = tasks.recompute_chunks.si
    with (
        patch.object(tasks, "CHUNKS_PER_TASK", 1),
        patch.object(
            tasks.recompute_chunks,
            "si",
            side_effect=lambda chunks: sent.append(chunks) or original(chunks),
        ),
    ):
        tasks.recompute_all.delay()

    assert [[chunk["kind"] for chunk in part] for part in sent] == [
        ["request"],
        ["student"],
        ["student"],
    ]
    assert Match.objects.filter(request=placement_request).exists()
    assert Match.objects.filter(student=student_profile).exists()


def test_a_match_update_the_broker_refused_waits_in_the_outbox_for_the_next_sweep(
    draft, placement_request, people, monkeypatch, django_capture_on_commit_callbacks
):
    """It used to be lost until the nightly rebuild; now one sweep applies it, and a second
    delivery of the same update changes nothing."""
    task_class = type(app.tasks[tasks.recompute_for_opportunity.name])

    def refuse(*args, **kwargs):
        raise BrokerUnavailableError("the broker failed recently")

    monkeypatch.setattr(task_class, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        company_services.opportunity_publish(actor=actor_for(people["member"]), opportunity=draft)

    assert not Match.objects.exists()
    waiting = OutboxTask.objects.get()
    assert (waiting.task, waiting.args) == (tasks.recompute_for_opportunity.name, [draft.pk])

    monkeypatch.undo()  # the broker is back
    totals = services.outbox_send_pending(older_than=timedelta(0))

    assert totals == services.OutboxTotals(sent=1, left=0)
    assert seekers_of(draft)[0] == {placement_request.pk}
    before = rows()
    tasks.recompute_for_opportunity.delay(draft.pk)
    assert rows() == before


def test_the_sweep_leaves_the_tasks_younger_than_its_limit(draft, people):
    """A young row is probably being published as its change commits: the sweep leaves it."""
    company_services.opportunity_publish(
        actor=actor_for(people["member"]), opportunity=draft
    )  # no commit
    assert OutboxTask.objects.count() == 1

    assert services.outbox_send_pending() == services.OutboxTotals(sent=0, left=1)
