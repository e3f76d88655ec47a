"""During and after the placement: check-ins, the two evaluations, and the counts they feed
(reports, the company's profile) and the handledare pre-filled for the company's next plan."""

from datetime import date

import pytest
from django.utils import timezone

from matching.agreements import selectors
from matching.models import Placement
from tests.agreements.factories import NamedPlacementFactory, PlacementPlanFactory, plan_data
from tests.companies.factories import CompanyFactory, OpportunityFactory

pytestmark = pytest.mark.django_db
EVALUATION = {"attendance": "mostly", "strengths": "Nyfiken och noggrann", "would_host_again": True}


def url(placement, suffix: str) -> str:
    return f"/api/v1/placements/{placement.pk}/{suffix}"


@pytest.fixture
def run(parties, client_for):
    """run(placement) -> api clients of its parties, after planning, signing and starting it."""

    def make(placement):
        api = {role: client_for(user) for role, user in parties(placement).items()}
        api["member"].put(url(placement, "plan/"), plan_data(), format="json")
        for role, party in (
            ("student", "student"),
            ("counsellor", "school"),
            ("member", "company"),
        ):
            api[role].post(url(placement, "sign/"), {"party": party}, format="json")
        assert api["member"].post(url(placement, "start/")).status_code == 200
        return api

    return make


def test_the_handledare_and_the_teacher_note_the_check_in(run):
    placement = NamedPlacementFactory(adult=True)
    api = run(placement)
    note = {"held_on": "2026-03-20", "note": "Trepartssamtal: allt går bra."}

    assert api["member"].post(url(placement, "check-ins/"), note).status_code == 201
    assert api["counsellor"].post(url(placement, "check-ins/"), note).status_code == 201
    assert api["student"].post(url(placement, "check-ins/"), note).status_code == 403

    check_ins = api["student"].get(url(placement, "check-ins/")).json()
    assert [c["author_role"] for c in check_ins] == ["handledare", "teacher"]
    assert api["member"].post(url(placement, "check-ins/"), {"note": ""}).json().keys() == {
        "held_on",
        "note",
    }


def test_a_check_in_comes_after_the_start(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    response = api["member"].post(
        url(placement, "check-ins/"), {"held_on": "2026-03-20", "note": "x"}
    )

    assert response.status_code == 400


def test_the_evaluations_end_the_lifecycle(run):
    placement = NamedPlacementFactory(adult=True)
    api = run(placement)

    assert (
        api["student"].post(url(placement, "evaluations/handledare/"), EVALUATION).status_code
        == 403
    )
    response = api["member"].post(url(placement, "evaluations/handledare/"), EVALUATION)
    assert response.status_code == 201
    # The company user who submitted it signs off, not the handledare the plan names.
    assert response.json()["signed_off_by_name"] != "Göran Ärlig"
    assert (
        response.json()["signed_off_by_name"]
        == placement.handledare_evaluation.author.get_full_name()
    )
    review = {"rating": 5, "would_recommend": True, "comment": "Lärorikt"}
    assert api["member"].post(url(placement, "evaluations/student/"), review).status_code == 403
    assert api["student"].post(url(placement, "evaluations/student/"), review).status_code == 201
    assert api["student"].post(url(placement, "evaluations/student/"), review).status_code == 400

    body = api["counsellor"].get(url(placement, "evaluations/")).json()
    assert body["handledare"]["attendance"] == "mostly"
    assert body["student"]["rating"] == 5
    assert api["counsellor"].get(url(placement, "lifecycle/")).json()["lifecycle_status"] == (
        "evaluated"
    )


def test_a_rating_outside_1_to_5_is_400(run):
    placement = NamedPlacementFactory(adult=True)
    api = run(placement)

    response = api["student"].post(
        url(placement, "evaluations/student/"), {"rating": 6, "would_recommend": False}
    )

    assert response.status_code == 400
    assert "rating" in response.json()


def test_the_counts_for_the_reports_and_the_company_profile(run):
    company = CompanyFactory()
    placements = [
        NamedPlacementFactory(adult=True, opportunity=OpportunityFactory(company=company))
        for _ in range(3)
    ]
    for placement, again in zip(placements[:2], (True, False), strict=True):
        api = run(placement)
        api["member"].post(
            url(placement, "evaluations/handledare/"), {**EVALUATION, "would_host_again": again}
        )
    Placement.objects.filter(pk=placements[0].pk).update(
        status=Placement.Status.COMPLETED, completed_at=timezone.now()
    )

    assert selectors.evaluation_counts() == {
        "handledare_evaluations": 2,
        "would_host_again": 1,
        "student_evaluations": 0,
    }
    assert list(selectors.would_host_again_by_company()) == [
        {
            "placement__opportunity__company_id": company.pk,
            "placement__opportunity__company__organisation__name": company.organisation.name,
            "evaluations": 2,
            "would_host_again": 1,
        }
    ]
    assert selectors.company_placements_hosted(company=company) == {
        "placements": 1,
        "students": 1,
    }


def test_the_next_plan_is_prefilled_with_the_last_handledare(api, actors, placement):
    company = placement.opportunity.company
    PlacementPlanFactory(
        placement=NamedPlacementFactory(opportunity=OpportunityFactory(company=company)),
        handledare_name="Äldre Handledare",
    )
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    response = api["member"].get(f"/api/v1/companies/{company.pk}/handledare-defaults/")

    assert response.status_code == 200
    assert response.json()["handledare_name"] == "Göran Ärlig"
    assert response.json()["handledare_trained"] is True
    assert (
        api["other_member"].get(f"/api/v1/companies/{company.pk}/handledare-defaults/").status_code
        == 403
    )
    assert selectors.handledare_defaults(CompanyFactory()) == {}


def test_hours_done_count_the_working_days(db):
    plan = PlacementPlanFactory(
        placement=NamedPlacementFactory(start_date=date(2026, 3, 2), end_date=date(2026, 3, 8)),
        days_per_week=3,
    )

    # Five weekdays at three days a week: 3 days of 7 hours.
    assert selectors.rules.hours_done(plan) == 21


def test_a_placement_completed_without_a_start_here_can_be_evaluated(parties, client_for):
    placement = NamedPlacementFactory(adult=True)
    PlacementPlanFactory(placement=placement)
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.COMPLETED, completed_at=timezone.now()
    )
    member = client_for(parties(placement)["member"])

    response = member.post(url(placement, "evaluations/handledare/"), EVALUATION)

    assert response.status_code == 201
    assert member.get(url(placement, "certificate.pdf")).status_code == 200
