"""Never over-booked: many people at once race for the last places through the services, on
PostgreSQL (whose row locks are what is being tested; SQLite serialises every write anyway).

Each thread has its own database connection, waits at a barrier so that all start together,
and closes its connection at the end.
"""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.core.errors import Conflict
from companies.models import Opportunity
from matching import services
from matching.models import Application, Placement
from tests.matching.factories import ApplicationFactory, open_opportunity
from tests.schools.factories import StudentProfileFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (select_for_update) need PostgreSQL; SQLite runs one write at a time.",
    ),
]
THREADS = 20


def _race(jobs: list[Callable[[], object]]) -> list[object]:
    """Run the jobs at the same moment, one thread each; each result is what the job returned
    or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the exception is the result under test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _split(results: list[object]) -> tuple[list[object], list[Exception]]:
    errors = [r for r in results if isinstance(r, Exception)]
    return [r for r in results if not isinstance(r, Exception)], errors


def _accept(application_id: int, user_id: int) -> Callable[[], object]:
    def job() -> object:
        application = Application.objects.select_related("opportunity").get(pk=application_id)
        return services.application_act(
            application=application, action="accept", actor=actor_for(User.objects.get(pk=user_id))
        )

    return job


def _confirm(opportunity_id: int, user_id: int) -> Callable[[], object]:
    def job() -> object:
        return services.placement_confirm(
            actor=actor_for(User.objects.get(pk=user_id)),
            opportunity=Opportunity.objects.get(pk=opportunity_id),
            students_count=1,
        )

    return job


@pytest.fixture
def three_places(company):
    return open_opportunity(company=company, places=3)


def _offered(opportunity: Opportunity, school, count: int) -> list[Application]:
    return [
        ApplicationFactory(opportunity=opportunity, student__school=school, status="offered")
        for _ in range(count)
    ]


def test_twenty_acceptances_for_three_places(three_places, school):
    offered = _offered(three_places, school, THREADS)

    results = _race([_accept(a.pk, a.student_id) for a in offered])

    accepted, errors = _split(results)
    assert len(accepted) == 3
    assert len(errors) == THREADS - 3
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert {str(e) for e in errors} == {"Every place of this opportunity is taken."}
    three_places.refresh_from_db()
    assert three_places.places_taken == 3
    assert Placement.objects.filter(opportunity=three_places).count() == 3
    assert Application.objects.filter(status="accepted").count() == 3
    assert Application.objects.filter(status="offered").count() == THREADS - 3


def test_acceptances_and_confirmations_race_for_the_same_places(three_places, school, people):
    offered = _offered(three_places, school, THREADS // 2)
    counsellor = people["counsellor"]
    jobs = [_accept(a.pk, a.student_id) for a in offered]
    jobs += [_confirm(three_places.pk, counsellor.pk) for _ in range(THREADS // 2)]

    _won, errors = _split(_race(jobs))

    assert len(errors) == THREADS - 3
    assert all(isinstance(e, Conflict) for e in errors), errors
    three_places.refresh_from_db()
    taken = sum(
        Placement.objects.filter(opportunity=three_places).values_list("students_count", flat=True)
    )
    assert three_places.places_taken == taken == 3


def test_concurrent_duplicate_applications_leave_one(three_places, school):
    student = StudentProfileFactory(school=school)

    def apply() -> object:
        return services.application_submit(
            actor=actor_for(User.objects.get(pk=student.pk)),
            opportunity=Opportunity.objects.get(pk=three_places.pk),
            motivation="Jag vill!",
        )

    results = _race([apply for _ in range(10)])

    applied, errors = _split(results)
    assert len(applied) == 1
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert {e.message_dict["opportunity"][0] for e in errors} == {
        "You have already applied to this opportunity."
    }
    assert Application.objects.filter(student=student).count() == 1
