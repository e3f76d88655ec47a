"""The organisationsnummer validator, the rules of a coherent opportunity and the database
constraints that hold even when code bypasses the services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from companies.models import Opportunity
from companies.opportunity_rules import opportunity_errors
from companies.validators import (
    luhn_check_digit,
    normalise_organisation_number,
    validate_organisation_number,
)
from tests.companies.factories import OpportunityFactory, valid_organisation_number


def luhn_valid(number: str) -> bool:
    """An independent Luhn check (from the right, every second digit doubled)."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


@pytest.mark.parametrize("number", ["5560360793", "556036-0793", "2021005489", "556036 0793"])
def test_valid_organisation_numbers_pass(number):
    assert luhn_valid(normalise_organisation_number(number))
    validate_organisation_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("5560360794", "checksum"),
        ("5560360790", "checksum"),
        ("556036079", "invalid"),
        ("55603607930", "invalid"),
        ("55603607x3", "invalid"),
        ("٥٥٦٠٣٦٠٧٩٣", "invalid"),  # Arabic-Indic digits are digits to Python, not to us
        ("", "invalid"),
    ],
)
def test_invalid_organisation_numbers_fail_with_a_reason(number, code):
    with pytest.raises(ValidationError) as caught:
        validate_organisation_number(number)
    assert caught.value.code == code


def test_the_hyphen_is_dropped():
    assert normalise_organisation_number("556036-0793") == "5560360793"


@pytest.mark.parametrize("n", range(0, 2000, 37))
def test_check_digits_agree_with_an_independent_luhn(n):
    number = valid_organisation_number(n)
    assert luhn_valid(number)
    assert luhn_check_digit(number[:9]) == int(number[9])


def _opportunity(**fields) -> Opportunity:
    defaults = {
        "kind": "internship",
        "level": "gymnasium",
        "places": 2,
        "places_taken": 0,
        "speaks_swedish": True,
    }
    return Opportunity(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "thesis", "level": "gymnasium", "thesis_degree": "master"}, "level"),
        ({"kind": "apprenticeship", "level": "university"}, "level"),
        ({"kind": "thesis", "level": "university"}, "thesis_degree"),
        ({"thesis_credits": 15}, "thesis_credits"),
        ({"salary_amount": 100}, "salary_amount"),
        ({"kind": "apprenticeship"}, "salary_amount"),
        ({"kind": "apprenticeship"}, "handledare_name"),
        ({"kind": "apprenticeship"}, "utbildningskontrakt_agreed"),
        ({"period_start": date(2027, 3, 1)}, "period_end"),
        ({"period_end": date(2027, 3, 1)}, "period_start"),
        ({"period_start": date(2027, 3, 8), "period_end": date(2027, 3, 1)}, "period_end"),
        (
            {
                "period_start": date(2027, 3, 1),
                "period_end": date(2027, 4, 1),
                "application_deadline": date(2027, 3, 2),
            },
            "application_deadline",
        ),
        ({"places": 2, "places_taken": 3}, "places"),
        ({"speaks_swedish": False}, "speaks_swedish"),
        ({"level": "grundskola", "min_age_18": True}, "min_age_18"),
    ],
)
def test_incoherent_opportunities_name_the_field(fields, field):
    assert field in opportunity_errors(_opportunity(**fields))


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"level": "grundskola"},  # prao
        {"level": "yrkeshogskola"},  # LIA
        {"level": "university", "speaks_swedish": False, "speaks_english": True},
        {"kind": "thesis", "level": "yrkeshogskola", "thesis_degree": "bachelor"},
        {
            "kind": "apprenticeship",
            "salary_amount": 95,
            "salary_period": "hourly",
            "hours_per_week": 20,
            "handledare_name": "Sara Lind",
            "utbildningskontrakt_agreed": True,
        },
        {"application_deadline": date(2027, 1, 1)},  # a deadline with a flexible period
    ],
)
def test_coherent_opportunities_have_no_errors(fields):
    assert opportunity_errors(_opportunity(**fields)) == {}


CONSTRAINT_BREAKERS = [
    {"places": 0, "places_taken": 0},
    {"places": 2, "places_taken": 3},
    {"period_start": date(2027, 3, 8), "period_end": date(2027, 3, 1)},
    {"period_start": date(2027, 3, 8)},
    {
        "period_start": date(2027, 3, 1),
        "period_end": date(2027, 4, 1),
        "application_deadline": date(2027, 3, 2),
    },
    {"speaks_swedish": False, "speaks_english": False},
    {"kind": "apprenticeship"},
    {"kind": "thesis", "level": "university"},
    {"kind": "thesis", "level": "gymnasium", "thesis_degree": "master"},
    {"status": "published", "published_at": None},
    {"status": "closed", "closed_at": None},
    {"hidden_reason": ""},
]


@pytest.mark.django_db
@pytest.mark.parametrize("fields", CONSTRAINT_BREAKERS)
def test_the_database_refuses_what_must_never_be_false(fields):
    opportunity = OpportunityFactory.build(company=OpportunityFactory().company, **fields)
    if "hidden_reason" in fields:
        opportunity.hidden_at = opportunity.published_at
    with pytest.raises(IntegrityError), transaction.atomic():
        opportunity.save()


@pytest.mark.django_db
def test_a_gla_without_utbildningskontrakt_is_refused_by_the_database():
    opportunity = OpportunityFactory.build(
        company=OpportunityFactory().company, apprenticeship=True, utbildningskontrakt_agreed=False
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        opportunity.save()


@pytest.mark.django_db
def test_the_organisation_number_is_unique_and_ten_digits(company):
    from tests.companies.factories import CompanyFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(organisation_number=company.organisation_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(organisation_number="556036079")


@pytest.mark.parametrize(
    ("status", "places", "taken", "shown", "left"),
    [
        ("published", 3, 0, "published", 3),
        ("published", 3, 3, "filled", 0),
        ("closed", 3, 3, "closed", 0),
        ("draft", 3, 0, "draft", 3),
    ],
)
def test_filled_is_derived_from_the_places(status, places, taken, shown, left):
    opportunity = _opportunity(status=status, places=places, places_taken=taken)
    assert (opportunity.display_status, opportunity.places_left) == (shown, left)


def test_languages_are_listed_by_code():
    assert _opportunity(speaks_english=True).languages == ["sv", "en"]
    assert _opportunity(speaks_swedish=False, speaks_english=True).languages == ["en"]
