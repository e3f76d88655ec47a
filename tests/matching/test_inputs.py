"""The engine's inputs as the selectors build them from the ORM: the right values, in a fixed
number of queries whatever the number of rows."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from matching import selectors
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import PlacementRequestFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db


def test_an_opportunity_as_the_engine_sees_it(opportunity):
    opportunity.places_taken = 1
    opportunity.speaks_english = True
    opportunity.save()

    (seen,) = selectors.opportunity_inputs()

    assert seen.id == str(opportunity.pk)
    assert (seen.kind, seen.level, seen.municipality) == ("internship", "gymnasium", "1980")
    assert seen.programmes == {"EE"}
    assert "0713" in seen.programme_fields  # Elprogrammet's ISCED field, electricity and energy
    assert seen.stem_areas == {"electrification", "automation"}
    assert seen.places_free == 2
    assert seen.languages == {"sv", "en"}
    assert seen.published_on == timezone.localdate()
    assert (round(seen.lat, 2), round(seen.lon, 2)) == (59.61, 16.54)


def test_the_day_published_is_the_swedish_calendar_day(opportunity):
    # 23:30 UTC on 1 March is half past midnight on 2 March in Stockholm.
    opportunity.published_at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    opportunity.save()

    (seen,) = selectors.opportunity_inputs()

    assert seen.published_on == date(2026, 3, 2)


def test_only_matchable_opportunities_are_given_to_the_engine(company):
    OpportunityFactory(company=company, draft=True)
    OpportunityFactory(company=company, closed=True)
    OpportunityFactory(company=company, hidden=True)
    OpportunityFactory(company=company, places=2, places_taken=2)
    OpportunityFactory(company__unverified=True)
    OpportunityFactory(company__suspended=True)
    public = OpportunityFactory(company=company)

    assert [o.id for o in selectors.opportunity_inputs()] == [str(public.pk)]


def test_a_request_as_the_engine_sees_it(placement_request):
    placement_request.places_filled = 1
    placement_request.status = "partially_filled"
    placement_request.save()
    placement_request.acceptable_municipalities.set(["1881"])

    (seen,) = selectors.request_inputs()

    assert seen.places_needed_open == 3
    assert seen.max_distance_km == 30.0
    assert seen.acceptable_municipalities == {"1881"}
    assert seen.stem_areas == {"electrification", "automation", "software"}
    assert seen.under_18  # a gymnasium group may include pupils under 18


def test_closed_hidden_and_filled_requests_are_not_matched(school):
    PlacementRequestFactory(school=school, status="closed", closed_at=timezone.now())
    PlacementRequestFactory(school=school, hidden_at=timezone.now(), hidden_reason="Fel.")
    PlacementRequestFactory(school=school, places_needed=2, places_filled=2, status="filled")
    PlacementRequestFactory(school__organisation__verified_at=None)
    open_one = PlacementRequestFactory(school=school)

    assert [r.id for r in selectors.request_inputs()] == [str(open_one.pk)]


def test_a_student_as_the_engine_sees_it(student_profile):
    adult = StudentProfileFactory(
        school=student_profile.school, birth_date=date(2000, 1, 1), speaks_english=True
    )

    young, grown = selectors.student_inputs()

    assert (young.id, grown.id) == (str(student_profile.pk), str(adult.pk))
    assert young.under_18
    assert not grown.under_18
    assert grown.languages == {"sv", "en"}
    assert young.level == "gymnasium"
    assert young.stem_interests == {"electrification"}


def test_the_inputs_take_a_fixed_number_of_queries(company, school, django_assert_max_num_queries):
    for _ in range(20):
        OpportunityFactory(company=company, programmes=["EE", "BA"], stem_areas=["automation"])
        PlacementRequestFactory(school=school, stem_areas=["automation"])
        StudentProfileFactory(school=school)

    with django_assert_max_num_queries(4):
        assert len(selectors.opportunity_inputs()) == 20
    # One more each for the occupations the programmes lead to.
    with django_assert_max_num_queries(5):
        assert len(selectors.request_inputs()) == 20
    with django_assert_max_num_queries(4):
        assert len(selectors.student_inputs()) == 20
