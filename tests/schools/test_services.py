"""The school side's services: what they write, what they refuse, which transitions they allow."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.accounts.actor import Actor, actor_for
from backend.accounts.models import Membership, User
from backend.reference.models import EducationLevel, PlacementKind, StemArea
from schools import services
from schools.models import PlacementRequest, School, StudentProfile
from tests.backend.accounts.factories import UserFactory
from tests.schools.factories import (
    KUMLA,
    OREBRO,
    PlacementRequestFactory,
    SchoolFactory,
    municipality,
    programme,
)

pytestmark = pytest.mark.django_db
Status = PlacementRequest.Status


def _student() -> Actor:
    return actor_for(UserFactory(role=User.Role.STUDENT))


@pytest.fixture
def school_counsellor(make_member):
    """school_counsellor(placement_request) -> the actor of a counsellor of its school."""

    def make(placement_request: PlacementRequest) -> Actor:
        return actor_for(
            make_member(User.Role.COUNSELLOR, placement_request.school.organisation, is_admin=True)
        )

    return make


# Schools


def test_a_counsellor_registers_an_unverified_school_and_becomes_its_admin():
    user = UserFactory(role=User.Role.COUNSELLOR)

    school = services.school_create(
        actor=actor_for(user),
        name="Kumla yrkesgymnasium",
        municipality=municipality(KUMLA),
        programmes=[programme("EE"), programme("IN")],
    )

    assert not school.organisation.is_verified
    assert set(school.programmes.values_list("code", flat=True)) == {"EE", "IN"}
    membership = Membership.objects.get(user=user, organisation=school.organisation)
    assert (membership.is_admin, membership.status) == (True, Membership.Status.APPROVED)


@pytest.mark.parametrize(
    "role", [User.Role.STUDENT, User.Role.COMPANY_MEMBER, User.Role.CHAMBER_STAFF]
)
def test_only_counsellors_register_schools(make_member, role):
    with pytest.raises(PermissionDenied):
        services.school_create(
            actor=actor_for(make_member(role)), name="Elevskolan", municipality=municipality(OREBRO)
        )
    assert not School.objects.exists()


def test_the_same_school_cannot_be_registered_twice_in_a_municipality():
    SchoolFactory(organisation__name="Kumla yrkesgymnasium", municipality=municipality(KUMLA))
    with pytest.raises(ValidationError) as error:
        services.school_add(name="kumla yrkesgymnasium", municipality=municipality(KUMLA))
    assert "name" in error.value.message_dict
    assert School.objects.count() == 1


def test_programmes_must_be_of_the_schools_level():
    with pytest.raises(ValidationError) as error:
        services.school_add(
            name="YH Örebro",
            municipality=municipality(OREBRO),
            level=EducationLevel.YRKESHOGSKOLA,
            programmes=[programme("EE")],
        )
    assert "programmes" in error.value.message_dict
    assert not School.objects.exists()


def test_school_update_changes_only_the_given_fields(make_member):
    school = SchoolFactory(organisation__name="Gamla namnet", address="Storgatan 1")
    admin = actor_for(make_member(User.Role.COUNSELLOR, school.organisation, is_admin=True))

    services.school_update(
        actor=admin, school=school, data={"name": "Nya namnet", "website": "https://x.se"}
    )

    school.refresh_from_db()
    assert school.organisation.name == "Nya namnet"
    assert (school.website, school.address) == ("https://x.se", "Storgatan 1")


# Student profiles


def _profile_data(school: School, **changes) -> dict:
    data = {
        "school": school,
        "home_municipality": municipality(OREBRO),
        "programme": programme("EE"),
        "year": 2,
        "birth_date": date(2009, 3, 14),
        "languages": ["sv", "en"],
        "stem_interests": list(StemArea.objects.filter(code="automation")),
        "about": "Jag gillar el.",
    }
    return {**data, **changes}


def test_a_student_creates_their_profile_and_asks_to_join_the_school(school):
    user = UserFactory(role=User.Role.STUDENT)

    profile, created = services.student_profile_upsert(
        actor=actor_for(user), data=_profile_data(school)
    )

    assert created
    assert (profile.speaks_swedish, profile.speaks_english) == (True, True)
    assert list(profile.stem_interests.values_list("code", flat=True)) == ["automation"]
    membership = Membership.objects.get(user=user)
    assert (membership.organisation_id, membership.status) == (school.pk, "pending")


def test_changing_school_withdraws_the_pending_request_to_the_old_one(school, other_school):
    user = UserFactory(role=User.Role.STUDENT)
    services.student_profile_upsert(actor=actor_for(user), data=_profile_data(school))

    profile, created = services.student_profile_upsert(
        actor=actor_for(user), data={"school": other_school}
    )

    assert not created
    assert profile.year == 2  # untouched
    assert list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True)) == [
        other_school.pk
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"about": "Mitt personnummer är 090314-1234"}, "about"),
        ({"year": 5}, "year"),
        ({"birth_date": date(2999, 1, 1)}, "birth_date"),
        ({"programme": "EE"}, "programme"),  # the school offers TE only
    ],
)
def test_a_bad_profile_is_refused_and_nothing_is_written(school, changes, field):
    school.programmes.set([programme("TE")])
    user = UserFactory(role=User.Role.STUDENT)
    changes = {**changes, "programme": programme(changes.get("programme", "TE"))}
    with pytest.raises(ValidationError) as error:
        services.student_profile_upsert(
            actor=actor_for(user), data=_profile_data(school, **changes)
        )
    assert field in error.value.message_dict
    assert not StudentProfile.objects.exists()
    assert not Membership.objects.filter(user=user).exists()


def test_a_student_can_only_pick_a_verified_school():
    unverified = SchoolFactory(organisation__verified_at=None)
    with pytest.raises(ValidationError) as error:
        services.student_profile_upsert(actor=_student(), data=_profile_data(unverified))
    assert "school" in error.value.message_dict


def test_only_students_have_profiles(school):
    with pytest.raises(PermissionDenied):
        services.student_profile_upsert(
            actor=actor_for(UserFactory(role=User.Role.COUNSELLOR)), data=_profile_data(school)
        )


def test_a_new_profile_needs_school_and_home_municipality():
    with pytest.raises(ValidationError) as error:
        services.student_profile_upsert(actor=_student(), data={})
    assert set(error.value.message_dict) == {"school", "home_municipality"}


# Placement requests


def _request_data(**changes) -> dict:
    data = {
        "kind": PlacementKind.INTERNSHIP,
        "level": EducationLevel.GYMNASIUM,
        "programme": programme("EE"),
        "places_needed": 8,
        "period_start": date(2026, 3, 2),
        "period_end": date(2026, 4, 17),
    }
    return {**data, **changes}


def test_a_request_defaults_to_the_counsellors_only_school_and_its_municipality(school, counsellor):
    placement_request = services.placement_request_create(
        actor=actor_for(counsellor), **_request_data()
    )

    assert placement_request.school == school
    assert placement_request.municipality_id == OREBRO
    assert placement_request.created_by == counsellor
    assert placement_request.status == Status.OPEN


def test_a_counsellor_of_several_schools_must_choose_one(make_member, school, other_school):
    user = make_member(User.Role.COUNSELLOR, school.organisation)
    Membership.objects.create(user=user, organisation=other_school.organisation, status="approved")
    user = User.objects.get(pk=user.pk)

    with pytest.raises(ValidationError) as error:
        services.placement_request_create(actor=actor_for(user), **_request_data())
    assert "school" in error.value.message_dict

    placement_request = services.placement_request_create(
        actor=actor_for(user), school=other_school, **_request_data()
    )
    assert placement_request.school == other_school


def test_a_counsellor_cannot_post_for_another_school(counsellor, other_school):
    with pytest.raises(ValidationError) as error:
        services.placement_request_create(
            actor=actor_for(counsellor), school=other_school, **_request_data()
        )
    assert "school" in error.value.message_dict
    assert not PlacementRequest.objects.exists()


def test_a_school_that_lists_programmes_is_held_to_them(school, counsellor):
    school.programmes.set([programme("TE")])
    with pytest.raises(ValidationError) as error:
        services.placement_request_create(actor=actor_for(counsellor), **_request_data())
    assert "programme" in error.value.message_dict
    assert not PlacementRequest.objects.exists()


def test_update_rederives_the_status_from_the_places(school_counsellor):
    placement_request = PlacementRequestFactory(places_needed=3, places_filled=3, status="filled")
    placement_request.status = Status.PARTIALLY_FILLED  # pretend it is editable
    placement_request.save()
    actor = school_counsellor(placement_request)

    services.placement_request_update(
        actor=actor, placement_request=placement_request, data={"places_needed": 5}
    )

    assert placement_request.status == Status.PARTIALLY_FILLED
    with pytest.raises(ValidationError) as error:
        services.placement_request_update(
            actor=actor, placement_request=placement_request, data={"places_needed": 2}
        )
    assert "places_needed" in error.value.message_dict


@pytest.mark.parametrize("status", [Status.FILLED, Status.CLOSED])
def test_only_open_or_partially_filled_requests_change_or_close(status, school_counsellor):
    places_filled = 4 if status == Status.FILLED else 0
    placement_request = PlacementRequestFactory(status=status, places_filled=places_filled)
    actor = school_counsellor(placement_request)

    with pytest.raises(services.InvalidTransitionError, match="Only open or partially filled"):
        services.placement_request_update(
            actor=actor, placement_request=placement_request, data={"notes": "x"}
        )
    with pytest.raises(services.InvalidTransitionError, match="Only open or partially filled"):
        services.placement_request_close(actor=actor, placement_request=placement_request)


@pytest.mark.parametrize(
    ("status", "places_filled"), [(Status.OPEN, 0), (Status.PARTIALLY_FILLED, 2)]
)
def test_open_and_partially_filled_requests_close(status, places_filled, school_counsellor):
    placement_request = PlacementRequestFactory(status=status, places_filled=places_filled)

    services.placement_request_close(
        actor=school_counsellor(placement_request), placement_request=placement_request
    )

    placement_request.refresh_from_db()
    assert placement_request.status == Status.CLOSED
    assert placement_request.closed_at is not None


def test_the_school_of_a_request_never_changes(other_school, school_counsellor):
    placement_request = PlacementRequestFactory()
    with pytest.raises(ValidationError) as error:
        services.placement_request_update(
            actor=school_counsellor(placement_request),
            placement_request=placement_request,
            data={"school": other_school},
        )
    assert "school" in error.value.message_dict


@pytest.mark.parametrize(
    ("places_filled", "expected"),
    [
        (0, Status.OPEN),
        (1, Status.PARTIALLY_FILLED),
        (3, Status.PARTIALLY_FILLED),
        (4, Status.FILLED),
    ],
)
def test_sync_status_derives_the_status_from_places_filled(places_filled, expected):
    placement_request = PlacementRequestFactory(places_needed=4)
    placement_request.places_filled = places_filled

    services.placement_request_sync_status(placement_request=placement_request)

    placement_request.refresh_from_db()
    assert (placement_request.status, placement_request.places_filled) == (expected, places_filled)


def test_sync_status_leaves_a_closed_request_closed_and_refuses_overfilling():
    placement_request = PlacementRequestFactory(places_needed=4, status=Status.CLOSED)
    placement_request.places_filled = 4
    services.placement_request_sync_status(placement_request=placement_request)
    assert placement_request.status == Status.CLOSED

    placement_request.places_filled = 5
    with pytest.raises(ValidationError):
        services.placement_request_sync_status(placement_request=placement_request)
