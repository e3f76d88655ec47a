"""Erasure: the account, personal fields and CVs go; applications and placements stay,
anonymised, so every chamber report gives the same numbers before and after."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db.models import Count

from backend.accounts.models import Membership, User
from backend.audit.models import AuditEntry
from backend.notifications.models import Notification
from matching.models import Application, ApplicationEvent, Message, Placement
from schools.models import StudentProfile
from tests.matching.factories import PlacementFactory
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"  # tests/backend/accounts/factories.py
REPORTS = [
    "/api/v1/reports/placements/?group_by=kind,municipality",
    "/api/v1/reports/placements/?group_by=programme,level",
    "/api/v1/reports/placements/?group_by=county",
    "/api/v1/reports/gender/",
    "/api/v1/reports/trend/?series=kind",
]


def counts() -> dict:
    """Placements grouped by what the reports group by, and applications by school and
    status."""
    placements = Placement.objects.values(
        "kind", "level", "municipality_id", "programme_id", "student_gender", "status"
    ).annotate(n=Count("id"), students=Count("students_count"))
    applications = Application.objects.values("school_id", "status", "opportunity_id").annotate(
        n=Count("id")
    )
    return {
        "placements": Counter(tuple(sorted(row.items())) for row in placements),
        "applications": Counter(tuple(sorted(row.items())) for row in applications),
    }


@pytest.fixture
def region(student, history):
    """Other placements around the student's, named and not."""
    others = StudentProfileFactory.create_batch(3, school=student.school, gender="male")
    for other in others:
        PlacementFactory(school=other.school, student=other, student_gender="male")
    PlacementFactory(school=student.school, students_count=4)
    return others


def report_numbers(client) -> list:
    return [client.get(url).json() for url in REPORTS]


def test_erasure_keeps_every_report_number(student, region, make_member, client_for):
    chamber = client_for(make_member(User.Role.CHAMBER_STAFF))
    before, reports_before = counts(), report_numbers(chamber)
    response = client_for(student.user).post("/api/v1/students/me/erase/", {"password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"applications": 1, "placements": 1, "messages": 1, "files": 1}

    assert counts() == before
    assert report_numbers(chamber) == reports_before
    # 1 + 3 named placements and one of four unnamed students.
    assert reports_before[0]["total"] == 8


def test_erasure_removes_the_person(
    student, history, client_for, private_root, django_capture_on_commit_callbacks
):
    user_id = student.pk
    cv_path = private_root / history["application"].cv.name
    assert cv_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(student.user).post("/api/v1/students/me/erase/", {"password": PASSWORD})

    assert not cv_path.exists()
    assert not User.objects.filter(pk=user_id).exists()
    assert not StudentProfile.objects.filter(pk=user_id).exists()
    assert not Membership.objects.filter(user_id=user_id).exists()
    assert not Notification.objects.filter(recipient_id=user_id).exists()
    application = Application.objects.get(pk=history["application"].pk)
    assert (application.student, application.motivation, application.cv.name) == (None, "", "")
    assert Placement.objects.get(pk=history["placement"].pk).student is None
    assert list(Message.objects.values_list("body", "author")) == [("", None)]
    assert list(ApplicationEvent.objects.values_list("note", "by")) == [("", None)]
    entry = AuditEntry.objects.get(action="erase")
    assert (entry.actor, entry.target_id) == (None, str(user_id))


def test_the_wrong_password_erases_nothing(student, client_for):
    response = client_for(student.user).post("/api/v1/students/me/erase/", {"password": "nej"})
    assert response.status_code == 400
    assert response.json()["password"] == ["Wrong password."]
    assert User.objects.filter(pk=student.pk).exists()


def test_the_counsellor_erases_on_the_students_behalf(student, make_member, client_for):
    counsellor = make_member(User.Role.COUNSELLOR, student.school.organisation)
    response = client_for(counsellor).post(
        f"/api/v1/students/{student.pk}/erase/", {"password": PASSWORD}
    )
    assert response.status_code == 200
    assert not User.objects.filter(pk=student.pk).exists()
    entry = AuditEntry.objects.get(action="erase")
    assert entry.actor == counsellor


def test_nobody_else_erases_a_student(student, make_member, client_for):
    company = make_member(User.Role.COMPANY_MEMBER)
    response = client_for(company).post(
        f"/api/v1/students/{student.pk}/erase/", {"password": PASSWORD}
    )
    assert response.status_code == 404
    assert User.objects.filter(pk=student.pk).exists()


def test_the_erase_student_command(student, history, capsys):
    before = counts()
    call_command("erase_student", "ELEV@skola.example")
    assert "Erased elev@skola.example: 1 applications" in capsys.readouterr().out
    assert not User.objects.filter(email="elev@skola.example").exists()
    assert counts() == before


def test_the_command_refuses_an_unknown_address_with_one_line(db):
    with pytest.raises(CommandError, match=r"^No user has the e-mail address nobody@x\.se\.$"):
        call_command("erase_student", "nobody@x.se")


def test_the_command_exits_non_zero_for_an_unknown_address(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "erase_student", "nobody@x.se"])
    assert exit_.value.code != 0
    assert capsys.readouterr().err.strip().splitlines() == [
        "CommandError: No user has the e-mail address nobody@x.se."
    ]


def test_the_command_erases_only_students(make_member):
    counsellor = make_member(User.Role.COUNSELLOR)
    with pytest.raises(CommandError, match="is not a student"):
        call_command("erase_student", counsellor.email)


def test_the_page_erases_after_the_password(student, client):
    client.force_login(student.user)
    assert client.post("/account/erase/", {"password": "fel"}).status_code == 200
    response = client.post("/account/erase/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=student.pk).exists()
    assert client.get("/api/v1/auth/me/").status_code in (401, 403)


def test_a_placement_date_is_kept(history):
    assert history["placement"].start_date == date(2026, 3, 2)
