"""Invariants of the school side's models: database constraints, clean(), derived values."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.reference.models import EducationLevel, PlacementKind
from schools.models import PlacementRequest
from schools.validators import looks_like_personnummer
from tests.schools.factories import (
    PlacementRequestFactory,
    SchoolFactory,
    StudentProfileFactory,
    programme,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Mitt nummer är 090314-1234.",
        "090314+1234",
        "200903141234",
        "20090314-1234",
        "samordningsnummer 090374-1234",
    ],
)
def test_personnummer_like_text_is_recognised(text):
    assert looks_like_personnummer(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ring mig på 0701234567.",
        "070-123 45 67",
        "Jag är född 2009.",
        "Postnummer 702 10 Örebro",
        "091314-1234",  # month 13
        "Kod 1234567890123",
    ],
)
def test_ordinary_numbers_are_not_taken_for_personnummer(text):
    assert not looks_like_personnummer(text)


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"period_end": date(2026, 3, 1)}, "schools_request_period"),
        ({"places_needed": 0}, "schools_request_places_needed"),
        ({"places_filled": 5}, "schools_request_places_filled"),
        ({"max_distance_km": 0}, "schools_request_max_distance"),
        ({"hidden_at": timezone.now(), "hidden_reason": ""}, "schools_request_hidden_reason"),
    ],
)
def test_request_constraints_hold_in_the_database(changes, constraint):
    placement_request = PlacementRequestFactory()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        PlacementRequest.objects.filter(pk=placement_request.pk).update(**changes)


def test_student_year_constraint_holds_in_the_database():
    profile = StudentProfileFactory()
    profile.year = 5
    with pytest.raises(IntegrityError, match="schools_student_year_range"), transaction.atomic():
        profile.save()


@pytest.mark.parametrize(
    ("kind", "level", "programme_code", "field"),
    [
        (PlacementKind.APPRENTICESHIP, EducationLevel.YRKESHOGSKOLA, None, "kind"),
        (PlacementKind.THESIS, EducationLevel.GYMNASIUM, "EE", "kind"),
        (PlacementKind.INTERNSHIP, EducationLevel.GYMNASIUM, None, "programme"),
        (PlacementKind.INTERNSHIP, EducationLevel.UNIVERSITY, "EE", "programme"),
        (PlacementKind.APPRENTICESHIP, EducationLevel.GYMNASIUM, "NA", "programme"),
    ],
)
def test_clean_refuses_kind_level_and_programme_mismatches(kind, level, programme_code, field):
    placement_request = PlacementRequestFactory.build(
        school=SchoolFactory(),
        kind=kind,
        level=level,
        programme=programme(programme_code) if programme_code else None,
    )
    with pytest.raises(ValidationError) as error:
        placement_request.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("kind", "level", "programme_code"),
    [
        (PlacementKind.INTERNSHIP, EducationLevel.GYMNASIUM, "EE"),
        (PlacementKind.APPRENTICESHIP, EducationLevel.GYMNASIUM, "IN"),
        (PlacementKind.INTERNSHIP, EducationLevel.GRUNDSKOLA, None),
        (PlacementKind.INTERNSHIP, EducationLevel.YRKESHOGSKOLA, None),
        (PlacementKind.THESIS, EducationLevel.UNIVERSITY, None),
    ],
)
def test_clean_accepts_fitting_combinations(kind, level, programme_code):
    placement_request = PlacementRequestFactory.build(
        school=SchoolFactory(),
        kind=kind,
        level=level,
        programme=programme(programme_code) if programme_code else None,
    )
    placement_request.full_clean()


def test_period_must_not_end_before_it_starts():
    placement_request = PlacementRequestFactory.build(
        school=SchoolFactory(),
        period_start=date(2026, 5, 4),
        period_end=date(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        placement_request.full_clean()
    assert list(error.value.message_dict) == ["period_end"]


def test_places_open_and_hidden_flag():
    placement_request = PlacementRequestFactory.build(places_needed=5, places_filled=2)
    assert placement_request.places_open == 3
    assert not placement_request.is_hidden


@pytest.mark.parametrize(
    ("years_ago", "days", "under_18"),
    [(18, 0, False), (18, -1, True), (17, 0, True), (30, 0, False)],
)
def test_is_under_18_turns_on_the_eighteenth_birthday(years_ago, days, under_18):
    today = date(2026, 11, 27)
    born = date(today.year - years_ago, today.month, today.day) - timedelta(days=days)
    profile = StudentProfileFactory.build(birth_date=born)
    assert profile.is_under_18(today) is under_18


def test_is_under_18_is_unknown_without_a_birth_date():
    assert StudentProfileFactory.build(birth_date=None).is_under_18() is None


def test_languages_are_derived_from_the_flags():
    profile = StudentProfileFactory.build(speaks_swedish=True, speaks_english=True)
    assert profile.languages == ["sv", "en"]
    profile.speaks_swedish = False
    assert profile.languages == ["en"]
