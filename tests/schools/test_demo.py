"""The demo region's schools, students and requests: realistic, deterministic, idempotent."""

import random
from datetime import date

import pytest
from django.db import transaction
from faker import Faker

from backend.accounts.models import Membership, Organisation, User
from backend.reference.models import EducationLevel, PlacementKind
from backend.reference.selectors import municipalities_within_km
from schools.demo import load_requests, load_schools, load_students
from schools.models import PlacementRequest, School, StudentProfile

pytestmark = pytest.mark.django_db


def _seeded(seed: int = 2026) -> tuple[random.Random, Faker]:
    faker = Faker("sv_SE")
    faker.seed_instance(seed)
    return random.Random(seed), faker  # noqa: S311 - demo data, not secrets


def _load(schools: int = 8, students: int = 60, requests: int = 40) -> dict[str, int]:
    rng, faker = _seeded()
    loaded = load_schools(rng=rng, faker=faker, count=schools)
    return {
        "schools": len(loaded),
        "students": load_students(rng=rng, faker=faker, schools=loaded, count=students),
        "requests": load_requests(rng=rng, faker=faker, schools=loaded, count=requests),
    }


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        StudentProfile.objects.count(),
        PlacementRequest.objects.count(),
        PlacementRequest.stem_areas.through.objects.count(),
        StudentProfile.stem_interests.through.objects.count(),
    )


def _snapshot() -> dict[str, list]:
    return {
        "schools": sorted(
            School.objects.values_list("organisation__name", "level", "municipality_id")
        ),
        "students": sorted(
            StudentProfile.objects.values_list(
                "user__email", "user__first_name", "school__organisation__name", "birth_date"
            )
        ),
        "requests": sorted(
            PlacementRequest.objects.values_list(
                "school__organisation__name", "kind", "programme_id", "period_start", "status"
            ),
            key=str,
        ),
    }


def test_loading_twice_creates_nothing_new():
    first = _load()
    counts = _counts()

    second = _load()

    assert first == {"schools": 9, "students": 60, "requests": 40}
    assert second == {"schools": 9, "students": 0, "requests": 0}
    assert _counts() == counts


def test_the_same_seed_gives_the_same_region():
    with transaction.atomic():
        _load()
        first = _snapshot()
        transaction.set_rollback(True)
    assert not StudentProfile.objects.exists()

    _load()

    assert _snapshot() == first


def test_the_named_demo_users_and_the_demo_students_profile():
    _load(schools=2, students=0, requests=0)
    profile = StudentProfile.objects.get(user__email="student@demo.example")

    assert profile.school.organisation.name == "Örebro tekniska gymnasium"
    assert (profile.programme_id, profile.year, profile.home_municipality_id) == ("EE", 2, "1880")
    assert profile.birth_date == date(2009, 3, 14)
    assert (profile.speaks_swedish, profile.speaks_english) == (True, True)
    assert set(profile.stem_interests.values_list("code", flat=True)) == {
        "automation",
        "electrification",
    }
    for email in ("counsellor@demo.example", "student@demo.example"):
        user = User.objects.get(email=email)
        assert user.check_password("praktik-demo")
        assert Membership.objects.get(user=user).status == Membership.Status.APPROVED


def test_generated_schools_have_a_counsellor_and_fitting_programmes():
    _load(schools=12, students=0, requests=0)
    schools = School.objects.exclude(organisation__name="Örebro tekniska gymnasium")

    assert schools.count() == 12
    assert {school.municipality.in_region for school in schools} == {True}
    counsellors = Membership.objects.filter(
        organisation__school__in=schools, user__role=User.Role.COUNSELLOR
    ).select_related("user")
    assert sorted(m.user.email for m in counsellors) == sorted(
        f"syv.{n}@skola{n}.demo.example" for n in range(1, 13)
    )
    assert not any(m.user.has_usable_password() for m in counsellors)
    assert len({m.organisation_id for m in counsellors}) == 12
    for school in schools:
        assert set(school.programmes.values_list("level", flat=True)) <= {school.level}


def test_generated_students_fit_their_schools():
    _load(schools=6, students=80, requests=0)
    profiles = StudentProfile.objects.exclude(user__email="student@demo.example").select_related(
        "school__organisation", "programme"
    )

    ages = {profile.is_under_18(date(2026, 11, 27)) for profile in profiles}
    assert ages == {True, False}
    for profile in profiles:
        profile.full_clean()
        assert profile.school.organisation.is_verified
        assert 1 <= profile.year <= 3
        offered = set(profile.school.programmes.values_list("code", flat=True))
        assert profile.programme_id in offered or (not offered and profile.programme is None)
        if profile.programme:
            fitting = set(profile.programme.stem_areas.values_list("code", flat=True))
            assert set(profile.stem_interests.values_list("code", flat=True)) <= fitting
        assert profile.home_municipality_id in municipalities_within_km(
            profile.school.municipality_id, 40
        )
        assert Membership.objects.get(user=profile.user).status == Membership.Status.APPROVED


def test_generated_requests_follow_the_rules():
    _load(schools=10, students=0, requests=80)
    requests = PlacementRequest.objects.select_related("school", "programme")

    assert requests.count() == 80
    kinds = set()
    for placement_request in requests:
        placement_request.full_clean()
        kinds.add(placement_request.kind)
        assert placement_request.level == placement_request.school.level
        assert date(2026, 1, 1) <= placement_request.period_start
        assert placement_request.period_end <= date(2027, 12, 31)
        assert 1 <= placement_request.places_needed <= 10
        if placement_request.programme:
            assert placement_request.school.programmes.filter(pk=placement_request.programme_id)
    assert kinds == set(PlacementKind.values)
    open_share = requests.filter(status=PlacementRequest.Status.OPEN).count() / 80
    assert open_share > 0.5
    assert set(requests.values_list("level", flat=True)) >= {EducationLevel.GYMNASIUM}
