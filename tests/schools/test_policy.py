"""The services and selectors refuse whoever the API refuses, whatever calls them (a page, a
command, another app): nothing is trusted to the API any more (issue 16)."""

import pytest
from django.core.exceptions import PermissionDenied

from backend.accounts.actor import ANONYMOUS, actor_for
from backend.accounts.models import User
from backend.reference.models import EducationField, EducationLevel
from schools import selectors, services
from schools.models import PlacementRequest, SchoolProgramme
from tests.schools.factories import PlacementRequestFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(people):
    """The actor of each viewpoint of the permission tables."""
    return {role: actor_for(user) if user else ANONYMOUS for role, user in people.items()}


@pytest.fixture
def own_request(school):
    return PlacementRequestFactory(school=school, places_needed=4, notes="Som förut")


@pytest.mark.parametrize("role", ["student", "other_counsellor", "company_member", "chamber"])
def test_only_the_requests_school_changes_it(actors, own_request, role):
    with pytest.raises(PermissionDenied):
        services.placement_request_update(
            actor=actors[role], placement_request=own_request, data={"notes": "Ändrad"}
        )
    own_request.refresh_from_db()
    assert own_request.notes == "Som förut"


@pytest.mark.parametrize("role", ["student", "other_counsellor", "company_member", "chamber"])
def test_only_the_requests_school_closes_it(actors, own_request, role):
    with pytest.raises(PermissionDenied):
        services.placement_request_close(actor=actors[role], placement_request=own_request)
    own_request.refresh_from_db()
    assert own_request.status == PlacementRequest.Status.OPEN


@pytest.mark.parametrize("role", ["anonymous", "student", "company_member", "chamber"])
def test_only_counsellors_post_requests(actors, school, role):
    request = PlacementRequestFactory.build(school=school)
    with pytest.raises(PermissionDenied):
        services.placement_request_create(
            actor=actors[role],
            school=school,
            kind=request.kind,
            level=request.level,
            places_needed=2,
            period_start=request.period_start,
            period_end=request.period_end,
        )
    assert not PlacementRequest.objects.exists()


def test_a_counsellor_who_acts_for_no_school_is_refused_a_request(make_member, school):
    counsellor = make_member(User.Role.COUNSELLOR, school.organisation)
    school.organisation.suspended = True
    school.organisation.save()
    request = PlacementRequestFactory.build(school=school)

    with pytest.raises(PermissionDenied, match="You act for no school"):
        services.placement_request_create(
            actor=actor_for(counsellor),
            kind=request.kind,
            level=request.level,
            places_needed=2,
            period_start=request.period_start,
            period_end=request.period_end,
        )


@pytest.mark.parametrize("role", ["student", "other_counsellor", "company_member", "chamber"])
def test_only_the_schools_admins_change_it(actors, school, role):
    with pytest.raises(PermissionDenied):
        services.school_update(actor=actors[role], school=school, data={"address": "Ny väg 1"})
    school.refresh_from_db()
    assert school.address != "Ny väg 1"


def test_a_counsellor_who_is_no_admin_cannot_change_the_school(make_member, school):
    member = actor_for(make_member(User.Role.COUNSELLOR, school.organisation, is_admin=False))
    with pytest.raises(PermissionDenied):
        services.school_update(actor=member, school=school, data={"address": "Ny väg 1"})


def test_only_the_schools_admins_add_its_own_programmes(make_member):
    yh = SchoolFactory(level=EducationLevel.YRKESHOGSKOLA)
    member = actor_for(make_member(User.Role.COUNSELLOR, yh.organisation, is_admin=False))
    other_admin = actor_for(make_member(User.Role.COUNSELLOR, is_admin=True))

    for actor in (member, other_admin):
        with pytest.raises(PermissionDenied):
            services.school_programme_save(
                actor=actor,
                school=yh,
                name="Elkraft",
                education_field=EducationField.objects.get(code="0713"),
            )
    assert not SchoolProgramme.objects.exists()


@pytest.mark.parametrize("role", ["counsellor", "other_counsellor", "company_member", "chamber"])
def test_only_students_read_and_keep_a_profile(actors, school, role):
    with pytest.raises(PermissionDenied):
        selectors.student_profile_of(actor=actors[role])
    with pytest.raises(PermissionDenied):
        services.student_profile_upsert(actor=actors[role], data={"school": school})


@pytest.mark.parametrize("role", ["anonymous", "student", "company_member", "chamber"])
def test_only_counsellors_list_a_schools_students(actors, student, role):
    with pytest.raises(PermissionDenied):
        selectors.school_student_list(actor=actors[role])


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("student", True),  # themself
        ("counsellor", True),
        ("other_counsellor", False),
        ("company_member", False),
        ("chamber", False),
    ],
)
def test_who_sees_a_student(actors, student_profile, role, sees):
    assert selectors.student_list(actor=actors[role]).filter(pk=student_profile.pk).exists() == sees


@pytest.mark.parametrize("role", ["anonymous", "student"])
def test_students_and_visitors_read_no_requests(actors, own_request, role):
    assert not selectors.placement_request_list(actor=actors[role]).exists()
    with pytest.raises(PermissionDenied):
        selectors.placement_request_board(actor=actors[role])
