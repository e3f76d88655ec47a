"""The demo region comes with its matches, applications in every status and two school years of
placements, so `make run` shows them at once."""

from io import StringIO

import pytest
from django.core.management import call_command

from matching.models import Application, ApplicationEvent, Match, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    stdout = StringIO()
    call_command("load_demo", scale=40, stdout=stdout)
    return stdout.getvalue()


def test_loading_the_demo_computes_the_matches(demo):
    assert Match.objects.exclude(student=None).exists()
    assert "Matches computed in" in demo


def test_the_demo_has_applications_in_every_status_with_their_history(demo):
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    for application in Application.objects.prefetch_related("events"):
        events = list(application.events.all())
        assert events[0].from_status == ""
        assert events[-1].to_status == application.status
        for event in events:
            event.full_clean()
    demo_student = Application.objects.filter(student__user__email="student@demo.example")
    assert {"offered", "in_review", "rejected"} <= set(
        demo_student.values_list("status", flat=True)
    )
    accepted = Application.objects.filter(status="accepted")
    assert Placement.objects.filter(application__in=accepted).count() == accepted.count()


def test_the_demo_has_placements_over_last_school_year_and_this_one(demo):
    placements = Placement.objects.all()
    assert placements.count() >= 25
    assert {"confirmed", "completed", "cancelled"} == set(
        placements.values_list("status", flat=True)
    )
    years = {p.start_date.year - (p.start_date.month < 7) for p in placements}
    assert len(years) >= 2  # dated from the day of loading: half a year back, and ahead
    assert placements.exclude(student_gender="").exists()
    assert placements.values("kind").distinct().count() >= 2
    for placement in placements:
        placement.full_clean()


def test_loading_the_demo_again_adds_nothing(demo, settings):
    counts = (
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        Placement.objects.count(),
    )

    call_command("load_demo", scale=40, stdout=StringIO())

    assert counts == (
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        Placement.objects.count(),
    )
