"""A student downloads all their data: data.json and their CVs, in a zip; their counsellor can
do it for them (and it is logged); nobody else."""

import io
import json
import zipfile

import pytest

from backend.accounts.models import User
from backend.audit.models import AuditEntry
from tests.privacy.conftest import PDF
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def unzip(response) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return json.loads(archive.read("data.json")), archive


def test_the_student_downloads_everything(student, history, client_for):
    response = client_for(student.user).get("/api/v1/students/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data, archive = unzip(response)

    assert data["account"]["email"] == "elev@skola.example"
    assert data["profile"]["gender"] == "female"
    assert data["profile"]["school"] == student.school.organisation.name
    assert [m["status"] for m in data["memberships"]] == ["approved"]
    [application] = data["applications"]
    assert application["motivation"] == "Jag älskar el."
    assert [(e["to"], e["by_you"], e["note"]) for e in application["events"]] == [
        ("submitted", True, "Hoppas på svar")
    ]
    assert [p["start_date"] for p in data["placements"]] == ["2026-03-02"]
    assert [m["body"] for m in data["messages_written"]] == ["Hej, när börjar jag?"]
    assert [n["kind"] for n in data["notifications"]] == ["message"]
    assert archive.read(application["cv"]) == PDF
    assert not AuditEntry.objects.exists()


def test_the_counsellor_exports_for_the_student_and_it_is_logged(
    student, history, make_member, client_for
):
    counsellor = make_member(User.Role.COUNSELLOR, student.school.organisation)
    response = client_for(counsellor).get(f"/api/v1/students/{student.pk}/export/")
    assert response.status_code == 200
    data, _archive = unzip(response)
    assert data["account"]["email"] == "elev@skola.example"
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (counsellor, "export", str(student.pk))


@pytest.mark.parametrize("role", ["counsellor", "company_member", "chamber_staff"])
def test_nobody_else_exports_a_student(student, make_member, client_for, role):
    outsider = make_member(role)  # a counsellor of another school, a company, the chamber
    assert client_for(outsider).get(f"/api/v1/students/{student.pk}/export/").status_code == 404


def test_only_students_have_a_me_export(make_member, client_for, api_client):
    counsellor = make_member(User.Role.COUNSELLOR)
    assert client_for(counsellor).get("/api/v1/students/me/export/").status_code == 403
    assert api_client.get("/api/v1/students/me/export/").status_code == 401


def test_a_student_without_a_profile_still_exports_their_account(client_for):
    user = StudentProfileFactory().user
    user.student_profile.delete()
    data, _archive = unzip(client_for(user).get("/api/v1/students/me/export/"))
    assert data["profile"] is None
    assert data["applications"] == []
