"""`manage.py check_data`: after the demo loads (at any scale) it finds nothing; on rows that
break a rule it names them, changes nothing and exits 1."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from companies.models import Opportunity
from matching.models import Application, Placement
from tests.matching.factories import ApplicationFactory, PlacementFactory, open_opportunity
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def _check(capsys) -> tuple[int, str]:
    try:
        call_command("check_data")
    except SystemExit as exit:
        return exit.code, capsys.readouterr().out
    return 0, capsys.readouterr().out


@pytest.mark.parametrize("scale", [200, 1000])
def test_the_demo_region_is_consistent_at_any_scale(settings, capsys, scale):
    settings.DEBUG = True
    call_command("load_demo", scale=scale)
    capsys.readouterr()

    code, out = _check(capsys)

    assert (code, out.strip().splitlines()[-1]) == (0, "No inconsistencies found.")
    now = timezone.now()
    assert not Opportunity.objects.filter(published_at__gt=now).exists()
    assert Placement.objects.exists()
    assert Application.objects.exists()


def test_check_data_names_what_is_wrong_and_changes_nothing(capsys):
    opportunity = open_opportunity(places=1)
    Opportunity.objects.filter(pk=opportunity.pk).update(
        published_at=timezone.now() + timedelta(days=3)
    )
    pupil = StudentProfileFactory()
    for _ in range(2):  # the same pupil twice at once, at an opportunity that counts none
        PlacementFactory(
            opportunity=opportunity,
            school=pupil.school,
            student=pupil,
            start_date=opportunity.period_start,
            end_date=opportunity.period_end,
        )
    ApplicationFactory(opportunity=open_opportunity(thesis=True, programmes=[]), student=pupil)
    before = list(Opportunity.objects.values_list("places_taken", "published_at"))

    code, out = _check(capsys)

    assert code == 1
    for rule in (
        "published-in-future: 1",
        "places-taken-not-placements: 1",
        "overlapping-placements: 1",
        "application-other-level: 1",
    ):
        assert rule in out
    assert list(Opportunity.objects.values_list("places_taken", "published_at")) == before


@pytest.mark.parametrize(
    ("applied_utc", "under_18"),
    [
        (datetime(2026, 1, 14, 23, 30, tzinfo=UTC), False),  # 00:30 on her birthday in Sweden
        (datetime(2026, 1, 14, 22, 30, tzinfo=UTC), True),  # 23:30 the evening before
    ],
)
def test_an_application_is_judged_on_the_swedish_day_it_was_made(capsys, applied_utc, under_18):
    adults_only = open_opportunity(min_age_18=True, period_start=None, period_end=None)
    pupil = StudentProfileFactory(birth_date=date(2008, 1, 15))
    application = ApplicationFactory(opportunity=adults_only, student=pupil)
    Application.objects.filter(pk=application.pk).update(created_at=applied_utc)

    _code, out = _check(capsys)

    assert ("application-under-18" in out) is under_18
