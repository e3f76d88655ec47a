"""The services behind two placement pages: naming the pupil of an unnamed placement, and the
company agreeing to a placement the school confirmed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.core.errors import TransitionError
from backend.reports.models import PlacementTally
from matching.models import Placement
from matching.services.placement_agreement import awaits_company, placement_company_agree
from matching.services.placement_naming import placement_name_student
from tests.matching.factories import PlacementFactory
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unnamed():
    return PlacementFactory(students_count=3)


def test_naming_one_pupil_splits_the_group_and_keeps_the_count(unnamed, make_member):
    counsellor = make_member(User.Role.COUNSELLOR, unnamed.school.organisation)
    pupil = StudentProfileFactory(school=unnamed.school)
    named = placement_name_student(placement=unnamed, student=pupil, actor=actor_for(counsellor))
    unnamed.refresh_from_db()
    assert (named.student, named.students_count, unnamed.students_count) == (pupil, 1, 2)
    total = sum(Placement.objects.values_list("students_count", flat=True))
    assert total == 3


def test_naming_the_last_pupil_names_the_placement_itself(make_member):
    single = PlacementFactory(students_count=1)
    counsellor = make_member(User.Role.COUNSELLOR, single.school.organisation)
    pupil = StudentProfileFactory(school=single.school)
    assert (
        placement_name_student(placement=single, student=pupil, actor=actor_for(counsellor)).pk
        == single.pk
    )


def test_a_pupil_of_another_school_is_refused_on_the_field(unnamed, make_member):
    counsellor = make_member(User.Role.COUNSELLOR, unnamed.school.organisation)
    with pytest.raises(ValidationError) as error:
        placement_name_student(
            placement=unnamed, student=StudentProfileFactory(), actor=actor_for(counsellor)
        )
    assert "student" in error.value.error_dict


def test_the_company_does_not_name_pupils(unnamed, make_member):
    member = make_member(User.Role.COMPANY_MEMBER, unnamed.opportunity.company.organisation)
    with pytest.raises(PermissionDenied):
        placement_name_student(
            placement=unnamed,
            student=StudentProfileFactory(school=unnamed.school),
            actor=actor_for(member),
        )


def test_the_company_agrees_once(unnamed, make_member):
    member = make_member(User.Role.COMPANY_MEMBER, unnamed.opportunity.company.organisation)
    assert awaits_company(unnamed)
    placement_company_agree(placement=unnamed, actor=actor_for(member))
    unnamed.refresh_from_db()
    assert not awaits_company(unnamed)
    with pytest.raises(TransitionError):
        placement_company_agree(placement=unnamed, actor=actor_for(member))


def test_the_school_cannot_agree_for_the_company(unnamed, make_member):
    counsellor = make_member(User.Role.COUNSELLOR, unnamed.school.organisation)
    with pytest.raises(PermissionDenied):
        placement_company_agree(placement=unnamed, actor=actor_for(counsellor))


def test_naming_keeps_the_reports_tally_equal_to_the_rows(unnamed, make_member):
    counsellor = make_member(User.Role.COUNSELLOR, unnamed.school.organisation)
    pupil = StudentProfileFactory(school=unnamed.school, gender="female", programme_id="EE")
    placement_name_student(placement=unnamed, student=pupil, actor=actor_for(counsellor))
    rows = Placement.objects.filter(status__in=("confirmed", "completed"))
    tally = PlacementTally.objects.all()
    assert sum(t.students for t in tally) == sum(p.students_count for p in rows) == 3
    assert sum(t.female for t in tally) == 1
    by_programme = {t.programme: t.students for t in tally if t.students}
    expected: dict[str, int] = {}
    for p in rows:
        expected[p.programme_id or ""] = expected.get(p.programme_id or "", 0) + p.students_count
    assert by_programme == expected
