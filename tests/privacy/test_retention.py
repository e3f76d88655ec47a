"""Retention: students whose last placement ended more than PERSONAL_DATA_RETENTION_DAYS ago
and who have not logged in since are erased by the nightly task; a dry run lists them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.accounts.models import User
from matching import privacy
from matching.models import Placement
from tests.matching.factories import PlacementFactory
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def student_with_placement(
    email: str, *, ended: date, last_login: datetime | None = None, status: str = "completed"
):
    profile = StudentProfileFactory(user__email=email)
    User.objects.filter(pk=profile.pk).update(last_login=last_login)
    PlacementFactory(
        school=profile.school,
        student=profile,
        start_date=ended - timedelta(days=30),
        end_date=ended,
        status=status,
        completed_at=timezone.now() if status == "completed" else None,
        cancelled_at=timezone.now() if status == "cancelled" else None,
    )
    return profile


@pytest.fixture
def students(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    today = timezone.localdate()
    long_ago = today - timedelta(days=400)
    return {
        "due": student_with_placement("due@skola.se", ended=long_ago),
        "logged_in_since": student_with_placement(
            "aktiv@skola.se",
            ended=long_ago,
            last_login=datetime.combine(
                long_ago + timedelta(days=10), datetime.min.time(), tzinfo=UTC
            ),
        ),
        "logged_in_before": student_with_placement(
            "gammal@skola.se",
            ended=long_ago,
            last_login=datetime.combine(
                long_ago - timedelta(days=10), datetime.min.time(), tzinfo=UTC
            ),
        ),
        "recent": student_with_placement("ny@skola.se", ended=today - timedelta(days=100)),
        "no_placement": StudentProfileFactory(user__email="ingen@skola.se"),
    }


def test_who_is_due(students):
    due = privacy.students_due_for_anonymisation()
    assert [user.email for user in due] == ["due@skola.se", "gammal@skola.se"]


def test_a_later_placement_keeps_the_data(students):
    profile = students["due"]
    PlacementFactory(
        school=profile.school,
        student=profile,
        end_date=timezone.localdate(),
        start_date=timezone.localdate() - timedelta(days=5),
    )
    assert "due@skola.se" not in [u.email for u in privacy.students_due_for_anonymisation()]


def test_the_dry_run_lists_and_changes_nothing(students, capsys):
    call_command("anonymise_inactive_students", "--dry-run")
    out = capsys.readouterr().out
    assert "due@skola.se" in out
    assert "gammal@skola.se" in out
    assert "aktiv@skola.se" not in out
    assert "2 students would be erased (retention 365 days)." in out
    assert User.objects.filter(email="due@skola.se").exists()


def test_the_task_erases_and_keeps_the_placements(students):
    placements = Placement.objects.count()
    assert privacy.anonymise_inactive_students.delay().get() == 2
    assert set(User.objects.filter(role="student").values_list("email", flat=True)) == {
        "aktiv@skola.se",
        "ny@skola.se",
        "ingen@skola.se",
    }
    assert Placement.objects.count() == placements
    assert Placement.objects.filter(student__isnull=True).count() == 2


def test_the_command_without_dry_run_erases(students, capsys):
    call_command("anonymise_inactive_students")
    assert "2 students erased" in capsys.readouterr().out
