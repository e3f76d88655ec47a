"""The scheduled notices: the daily digest of new good matches, deadline reminders, nudges about
unanswered requests. Each runs idempotently: twice a day writes each notice once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from backend.notifications.models import Notification
from matching import notices, tasks
from matching.models import Match
from schools.models import PlacementRequest
from tests.companies.factories import CompanyFactory
from tests.matching.factories import ApplicationFactory, open_opportunity
from tests.schools.factories import PlacementRequestFactory

TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


def match(*, score: float = 0.8, **seeker_and_opportunity) -> Match:
    return Match.objects.create(
        score=score, components=[], computed_at=timezone.now(), **seeker_and_opportunity
    )


def written(kind: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for n in Notification.objects.filter(kind=kind).select_related("recipient").order_by("id"):
        found.setdefault(n.recipient.email, []).append(n.payload)
    return found


@pytest.fixture
def readers(people):
    return people["counsellor"].email, people["member"].email


def test_no_new_match_no_digest(readers, placement_request, opportunity):
    match(request=placement_request, opportunity=opportunity, score=0.3)  # not a good one

    assert notices.digest_send(today=TODAY) == 0
    assert not Notification.objects.exists()


def test_a_new_good_match_goes_to_the_school_and_the_company(
    readers, placement_request, opportunity, django_capture_on_commit_callbacks
):
    match(request=placement_request, opportunity=opportunity, score=0.83)

    with django_capture_on_commit_callbacks(execute=True):
        assert notices.digest_send(today=TODAY) == 2

    digests = written(Notification.Kind.NEW_MATCHES)
    assert set(digests) == set(readers)
    payload = digests[readers[0]][0]
    assert payload["count"] == 1
    assert payload["items"][0]["score"] == 0.83
    assert payload["items"][0]["opportunity"] == (
        "APL: laddinfrastruktur (Mälarkraft Elektrifiering AB)"
    )
    assert len(mail.outbox) == 2


def test_the_digest_runs_once_a_day_and_only_reports_what_is_new(
    readers, placement_request, opportunity, company
):
    match(request=placement_request, opportunity=opportunity)
    assert notices.digest_send(today=TODAY) == 2
    assert notices.digest_send(today=TODAY) == 0  # run again: nothing twice
    assert notices.digest_send(today=TOMORROW) == 0  # nothing new since

    rescored = Match.objects.get()
    rescored.score = 0.9  # a recomputation rescoring a known pair is not news
    rescored.save()
    assert notices.digest_send(today=TOMORROW) == 0

    other = PlacementRequestFactory(school=placement_request.school)
    match(request=other, opportunity=opportunity, score=0.7)
    assert notices.digest_send(today=TOMORROW) == 2
    assert [d["count"] for d in written(Notification.Kind.NEW_MATCHES)[readers[1]]] == [1, 1]


def test_the_digest_skips_what_is_not_matchable_and_other_organisations(
    readers, people, placement_request, opportunity, other_school
):
    closed = PlacementRequestFactory(school=placement_request.school)
    PlacementRequest.objects.filter(pk=closed.pk).update(status=PlacementRequest.Status.CLOSED)
    match(request=closed, opportunity=opportunity)
    elsewhere = open_opportunity(company=CompanyFactory())
    match(request=PlacementRequestFactory(school=other_school), opportunity=elsewhere)

    assert notices.digest_send(today=TODAY) == 1
    assert set(written(Notification.Kind.NEW_MATCHES)) == {people["other_counsellor"].email}


@pytest.fixture
def closing_soon(company):
    return open_opportunity(company=company, application_deadline=TODAY + timedelta(days=3))


def test_a_student_is_reminded_of_a_recommendation_closing_in_3_days(
    people, student_profile, closing_soon, company
):
    match(student=student_profile, opportunity=closing_soon)
    later = open_opportunity(company=company, application_deadline=TODAY + timedelta(days=4))
    match(student=student_profile, opportunity=later)

    assert notices.deadline_reminders_send(today=TODAY) == 1
    assert notices.deadline_reminders_send(today=TODAY) == 0

    (payload,) = written(Notification.Kind.DEADLINE_REMINDER)[people["student"].email]
    assert payload["deadline"] == (TODAY + timedelta(days=3)).isoformat()
    assert [item["opportunity_id"] for item in payload["items"]] == [closing_soon.pk]


def test_no_reminder_after_applying_or_for_a_weak_recommendation(
    people, student_profile, closing_soon, other_school
):
    match(student=student_profile, opportunity=closing_soon)
    ApplicationFactory(student=student_profile, opportunity=closing_soon)
    from tests.schools.factories import StudentProfileFactory

    weak = StudentProfileFactory(school=other_school)
    match(student=weak, opportunity=closing_soon, score=0.2)

    assert notices.deadline_reminders_send(today=TODAY) == 0


def _age(placement_request: PlacementRequest, days: int) -> None:
    created = timezone.now() - timedelta(days=days)
    PlacementRequest.objects.filter(pk=placement_request.pk).update(created_at=created)


def test_companies_with_good_matches_are_nudged_about_an_unanswered_request(
    people, placement_request, opportunity
):
    _age(placement_request, 15)
    match(request=placement_request, opportunity=opportunity)

    assert notices.nudges_send() == 1
    assert notices.nudges_send() == 0  # once per member and request

    (payload,) = written(Notification.Kind.UNANSWERED_REQUEST)[people["member"].email]
    assert payload == {
        "request_id": placement_request.pk,
        "school_name": "Västerås tekniska gymnasium",
        "request_label": "El- och energiprogrammet (4)",
        "days": 15,
        "matches": 1,
        "path": "/dashboard/",
    }


def test_no_nudge_for_a_young_or_answered_request(
    client_as, people, placement_request, opportunity
):
    _age(placement_request, 13)
    match(request=placement_request, opportunity=opportunity)
    assert notices.nudges_send() == 0

    _age(placement_request, 20)
    client_as("member").post(
        "/api/v1/threads/", {"request": placement_request.pk, "body": "Vi kan ta två."}
    )
    assert notices.nudges_send() == 0


def test_a_counsellor_message_is_not_an_answer(
    client_as, people, placement_request, opportunity, company
):
    _age(placement_request, 20)
    match(request=placement_request, opportunity=opportunity)
    client_as("counsellor").post(
        "/api/v1/threads/",
        {"request": placement_request.pk, "company": company.pk, "body": "Hej, har ni plats?"},
    )

    assert notices.nudges_send() == 1


def test_the_beat_tasks_run_the_jobs(readers, placement_request, opportunity):
    match(request=placement_request, opportunity=opportunity)

    assert tasks.send_match_digests.apply().get() == 2
    assert tasks.send_deadline_reminders.apply().get() == 0
    assert tasks.send_unanswered_request_nudges.apply().get() == 0


def test_the_beat_schedule_names_registered_tasks():
    from backend.celery import app

    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks
