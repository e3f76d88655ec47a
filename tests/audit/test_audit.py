"""The audit log: staff actions and every read of a student's data by someone else, with who
and when; chamber staff read their own actions; the admin shows all, read only."""

import pytest

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.audit.models import AuditEntry
from backend.audit.services import audit_student_read
from tests.matching.factories import ApplicationFactory, PlacementFactory
from tests.schools.factories import PlacementRequestFactory, SchoolFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db


def test_verifying_and_suspending_a_school_is_logged(make_member, client_for):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory(organisation__verified_at=None)
    client = client_for(staff)
    client.post(f"/api/v1/schools/{school.pk}/verify/")
    client.post(f"/api/v1/schools/{school.pk}/suspend/")
    client.post(f"/api/v1/schools/{school.pk}/unsuspend/")
    entries = AuditEntry.objects.order_by("id")
    assert [(e.action, e.target_type, e.target_id, e.actor_email) for e in entries] == [
        (action, "school", str(school.pk), staff.email)
        for action in ("verify", "suspend", "unsuspend")
    ]
    assert all(entry.at for entry in entries)


def test_hiding_a_request_is_logged(make_member, client_for):
    staff = make_member(User.Role.CHAMBER_STAFF)
    request = PlacementRequestFactory()
    client_for(staff).post(f"/api/v1/requests/{request.pk}/hide/", {"reason": "Dubblett"})
    client_for(staff).post(f"/api/v1/requests/{request.pk}/unhide/")
    assert list(AuditEntry.objects.order_by("id").values_list("action", "target_type")) == [
        ("hide", "placementrequest"),
        ("unhide", "placementrequest"),
    ]


def test_a_failed_action_is_not_logged(make_member, client_for):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory()  # already verified
    assert client_for(staff).post(f"/api/v1/schools/{school.pk}/verify/").status_code == 400
    assert not AuditEntry.objects.exists()


def test_a_counsellor_reading_students_is_logged_per_student(make_member, client_for):
    school = SchoolFactory()
    counsellor = make_member(User.Role.COUNSELLOR, school.organisation)
    students = StudentProfileFactory.create_batch(3, school=school)
    client = client_for(counsellor)
    client.get("/api/v1/students/")
    client.get(f"/api/v1/students/{students[0].pk}/")
    reads = AuditEntry.objects.filter(action="student_read", actor=counsellor, detail="student")
    # The list reads the three, the detail the first once more.
    assert sorted(reads.values_list("target_id", flat=True)) == sorted(
        [str(s.pk) for s in students] + [str(students[0].pk)]
    )


def test_a_student_reading_their_own_data_is_not_logged(client_for):
    student = StudentProfileFactory()
    client_for(student.user).get("/api/v1/students/me/")
    client_for(student.user).get("/api/v1/students/")
    assert not AuditEntry.objects.exists()


def test_audit_student_read_takes_profiles_or_ids_and_skips_the_reader(make_member):
    counsellor = make_member(User.Role.COUNSELLOR)
    profile = StudentProfileFactory()
    assert (
        audit_student_read(
            by=counsellor, students=[profile, 12345, counsellor.pk], purpose="application"
        )
        == 2
    )
    assert AuditEntry.objects.filter(detail="application").count() == 2


def test_chamber_staff_read_their_own_actions_only(make_member, client_for, api_client):
    staff, colleague = make_member(User.Role.CHAMBER_STAFF), make_member(User.Role.CHAMBER_STAFF)
    for who in (staff, colleague):
        school = SchoolFactory(organisation__verified_at=None)
        client_for(who).post(f"/api/v1/schools/{school.pk}/verify/")
    rows = client_for(staff).get("/api/v1/audit/").json()["results"]
    assert [row["action"] for row in rows] == ["verify"]
    assert AuditEntry.objects.get(pk=rows[0]["id"]).actor == staff

    assert api_client.get("/api/v1/audit/").status_code == 401
    assert client_for(make_member(User.Role.COUNSELLOR)).get("/api/v1/audit/").status_code == 403


def test_the_entry_outlives_the_actors_account(make_member, client_for):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory(organisation__verified_at=None)
    client_for(staff).post(f"/api/v1/schools/{school.pk}/verify/")
    email = staff.email
    staff.delete()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.actor_email) == (None, email)


def test_the_admin_shows_the_log_read_only(admin_client, make_member, client_for):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory(organisation__verified_at=None)
    client_for(staff).post(f"/api/v1/schools/{school.pk}/verify/")
    entry = AuditEntry.objects.get()
    assert staff.email in admin_client.get("/admin/audit/auditentry/").content.decode()
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    page = admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403


def test_a_company_reading_applications_is_logged_per_student(make_member, client_for):
    application = ApplicationFactory()
    company = application.opportunity.company
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    PlacementFactory(
        opportunity=application.opportunity,
        school=application.school,
        student=application.student,
    )
    client = client_for(member)
    client.get("/api/v1/applications/")
    client.get(f"/api/v1/applications/{application.pk}/")
    client.get("/api/v1/placements/")
    reads = AuditEntry.objects.filter(action="student_read", actor=member)
    assert sorted(reads.values_list("detail", flat=True)) == [
        "application",
        "application",
        "placement",
    ]
    assert set(reads.values_list("target_id", flat=True)) == {str(application.student_id)}


def test_a_student_reading_their_own_applications_is_not_logged(client_for):
    application = ApplicationFactory()
    client_for(application.student.user).get("/api/v1/applications/")
    assert not AuditEntry.objects.exists()


def test_the_companys_applications_page_logs_the_read_of_each_applicant(make_member, client):
    """The pages read pupils' data through the same selectors as the API, so they log alike."""
    application = ApplicationFactory()
    other = ApplicationFactory(opportunity=application.opportunity)
    company = application.opportunity.company
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    client.force_login(member)

    page = client.get(f"/company/opportunities/{application.opportunity_id}/applications/")

    assert page.status_code == 200
    reads = AuditEntry.objects.filter(action="student_read", actor=member)
    assert sorted(reads.values_list("target_id", flat=True)) == sorted(
        [str(application.student_id), str(other.student_id)]
    )
    assert set(reads.values_list("detail", flat=True)) == {"application"}


def test_the_counsellors_dashboard_logs_the_pupils_it_lists(make_member, client):
    application = ApplicationFactory()
    counsellor = make_member(User.Role.COUNSELLOR, application.school.organisation)
    client.force_login(counsellor)

    assert client.get("/dashboard/").status_code == 200

    reads = AuditEntry.objects.filter(action="student_read", actor=counsellor)
    assert set(reads.values_list("target_id", flat=True)) == {str(application.student_id)}


def test_counting_applications_reads_no_pupil_and_logs_nothing(make_member):
    from matching.selectors import applications_for

    application = ApplicationFactory()
    member = make_member(User.Role.COMPANY_MEMBER, application.opportunity.company.organisation)

    assert applications_for(actor=actor_for(member)).count() == 1
    assert applications_for(actor=actor_for(member)).exists()
    assert not AuditEntry.objects.exists()


def test_a_placements_lifecycle_logs_the_read_of_its_student(make_member, client_for):
    application = ApplicationFactory()
    placement = PlacementFactory(
        opportunity=application.opportunity, school=application.school, student=application.student
    )
    member = make_member(User.Role.COMPANY_MEMBER, placement.opportunity.company.organisation)
    client = client_for(member)

    assert client.get(f"/api/v1/placements/{placement.pk}/lifecycle/").status_code == 200

    reads = AuditEntry.objects.filter(action="student_read", actor=member)
    assert list(reads.values_list("target_id", "detail")) == [
        (str(placement.student_id), "placement")
    ]
