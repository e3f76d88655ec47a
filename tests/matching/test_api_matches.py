"""The match lists: who reads which, ranked and explained, paginated at a constant query count,
and an empty list that says why."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.models import Opportunity
from matching import services
from tests.companies.factories import OpportunityFactory
from tests.matching.conftest import ROLES
from tests.schools.factories import PlacementRequestFactory, programme

pytestmark = pytest.mark.django_db


def _expect(**codes):
    """Every role's status code: 403 unless named, anonymous 401."""
    return [(role, codes.get(role, 403)) for role in ROLES if role != "anonymous"] + [
        ("anonymous", 401)
    ]


@pytest.fixture
def matched(opportunity, placement_request, student_profile, people):
    services.matches_recompute_all()


# Permissions


@pytest.mark.parametrize(
    ("role", "expected"), _expect(counsellor=200, student=404, other_student=404)
)
def test_who_reads_a_requests_matches(client_as, placement_request, matched, role, expected):
    response = client_as(role).get(f"/api/v1/requests/{placement_request.pk}/matches/")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("role", "expected"), _expect(member=200))
def test_who_reads_an_opportunitys_matches(client_as, opportunity, matched, role, expected):
    response = client_as(role).get(f"/api/v1/opportunities/{opportunity.pk}/matches/")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("role", "expected"), _expect(member=200, other_member=404))
def test_a_drafts_matches_are_not_found_by_other_companies(client_as, company, role, expected):
    draft = OpportunityFactory(company=company, draft=True)
    response = client_as(role).get(f"/api/v1/opportunities/{draft.pk}/matches/")
    # Students, counsellors and the chamber see no draft of another company either.
    expected = 404 if role not in ("member", "anonymous", "chamber") else expected
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("role", "expected"), _expect(student=200, other_student=200))
def test_who_reads_recommendations(client_as, matched, role, expected):
    response = client_as(role).get("/api/v1/students/me/recommendations/")
    assert response.status_code == expected, response.content


def test_a_student_without_a_profile_is_told_to_create_one(client_for, make_member):
    student = make_member("student")
    response = client_for(student).get("/api/v1/students/me/recommendations/")
    assert response.status_code == 404
    assert "PUT /api/v1/students/me/" in response.json()["detail"]


def test_an_unknown_request_is_404(client_as, matched):
    assert client_as("counsellor").get("/api/v1/requests/999999/matches/").status_code == 404


# What the lists say


def test_a_requests_matches_are_ranked_and_explained(
    client_as, placement_request, opportunity, company, matched
):
    farther = OpportunityFactory(company=company, programmes=["EE"], municipality_id="0484")
    services.matches_recompute_for_opportunity(opportunity_id=farther.pk)

    body = client_as("counsellor").get(f"/api/v1/requests/{placement_request.pk}/matches/").json()

    assert body["count"] == 2
    assert body["empty_state"] is None
    best, second = body["results"]
    assert best["opportunity"]["id"] == opportunity.pk
    assert best["score"] > second["score"]
    assert best["explanation"] == (
        "Same programme · same municipality · 2 of 3 STEM areas · the whole period · "
        "3 of 4 places · new"
    )
    assert [c["name"] for c in best["components"]] == [
        "programme_fit",
        "stem_overlap",
        "distance",
        "period_overlap",
        "places_fit",
        "freshness",
    ]
    places = next(c for c in best["components"] if c["name"] == "places_fit")
    assert places["facts"] == {"covered": 3, "needed": 4}
    assert " km · " in second["explanation"]
    assert best["opportunity"]["company"] == "Mälarkraft Elektrifiering AB"


def test_an_opportunitys_matches_list_requests_and_never_students(
    client_as, opportunity, placement_request, student_profile, matched
):
    body = client_as("member").get(f"/api/v1/opportunities/{opportunity.pk}/matches/").json()

    assert body["count"] == 1
    match = body["results"][0]
    assert match["request"]["school"] == "Västerås tekniska gymnasium"
    assert match["request"]["programme"] == "EE"
    assert match["request"]["places_open"] == 4
    assert "student" not in match
    assert student_profile.user.last_name not in str(body)


def test_recommendations_explain_why(client_as, opportunity, matched):
    # Recommended are only postings still open to apply to: this one's period is not over.
    start = timezone.localdate() + timedelta(days=30)
    Opportunity.objects.filter(pk=opportunity.pk).update(
        period_start=start, period_end=start + timedelta(weeks=6)
    )
    body = client_as("student").get("/api/v1/students/me/recommendations/").json()

    assert body["count"] == 1
    assert body["results"][0]["explanation"] == (
        "Same programme · same municipality · 1 of 1 STEM area · new"
    )


def test_an_empty_request_list_says_how_many_opportunities_each_filter_removed(
    client_as, school, opportunity, matched
):
    electrician_elsewhere = OpportunityFactory(
        company=opportunity.company, programmes=["BA"], municipality_id="1880"
    )
    services.matches_recompute_for_opportunity(opportunity_id=electrician_elsewhere.pk)
    builders = PlacementRequestFactory(
        school=school,
        programme=programme("BA"),
        max_distance_km=30,
        period_start=opportunity.period_start,
        period_end=opportunity.period_end,
    )

    body = client_as("counsellor").get(f"/api/v1/requests/{builders.pk}/matches/").json()

    assert body["count"] == 0
    state = body["empty_state"]
    assert (
        state["message"] == "No opportunity for programme BA within 30 km in weeks 10\N{EN DASH}16."
    )
    assert state["total"] == 2
    assert state["remaining"] == 0
    assert state["removed"] == [
        {"filter": "programme", "count": 1, "text": "1 not open to programme BA"},
        {"filter": "distance", "count": 1, "text": "1 farther than 30 km"},
    ]


def test_an_empty_opportunity_list_says_why(client_as, company, matched):
    draft = OpportunityFactory(company=company, draft=True)
    body = client_as("member").get(f"/api/v1/opportunities/{draft.pk}/matches/").json()
    assert body["empty_state"]["message"] == "A draft is not matched: publish it first."


def test_a_hidden_opportunity_never_shows_through_a_stale_match(client_as, opportunity, matched):
    opportunity.hidden_at, opportunity.hidden_reason = opportunity.published_at, "Fel."
    opportunity.save()  # no recomputation yet

    body = client_as("student").get("/api/v1/students/me/recommendations/").json()

    assert body["count"] == 0
    assert body["empty_state"]["message"] == "No opportunity is published yet."


# Pages


@pytest.fixture
def many_matches(company, placement_request, matched):
    for places in range(1, 7):
        OpportunityFactory(company=company, programmes=["EE"], places=places)
    services.matches_recompute_all()


def test_matches_are_paginated(client_as, placement_request, many_matches):
    url = f"/api/v1/requests/{placement_request.pk}/matches/"
    body = client_as("counsellor").get(url, {"page_size": 3, "page": 2}).json()

    assert body["count"] == 7
    assert len(body["results"]) == 3
    assert body["previous"]
    assert body["next"]
    scores = [m["score"] for m in body["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("counsellor", "/api/v1/requests/{request}/matches/"),
        ("member", "/api/v1/opportunities/{opportunity}/matches/"),
        ("student", "/api/v1/students/me/recommendations/"),
    ],
)
def test_the_query_count_does_not_grow_with_the_page_size(
    client_as, placement_request, opportunity, school, many_matches, role, url
):
    for _ in range(4):
        PlacementRequestFactory(school=school)
    services.matches_recompute_all()
    url = url.format(request=placement_request.pk, opportunity=opportunity.pk)
    client = client_as(role)
    client.get(url)  # the user's memberships are cached on the first request
    counts = []
    for size in (1, 5):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url, {"page_size": size}).json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
