"""The lifecycle over the API: the plan makes an agreement, every party signs, a minor starts
only with a confirmed risk assessment and hours within limits; a change drops the signatures."""

from datetime import time

import pytest

from matching.agreements.models import HourLimit
from tests.agreements.factories import GLA_TERMS, NamedPlacementFactory, plan_data

pytestmark = pytest.mark.django_db
RISK_ITEMS = {
    "no_forbidden_tasks": True,
    "supervision_arranged": True,
    "hours_within_age_limits": True,
    "risks_explained": True,
    "protective_equipment": True,
}


def url(placement, suffix: str) -> str:
    return f"/api/v1/placements/{placement.pk}/{suffix}"


def sign(api, placement, role: str, party: str, **extra):
    return api[role].post(url(placement, "sign/"), {"party": party, **extra}, format="json")


def sign_all(api, placement, parties=("student", "school", "company")):
    signer = {"student": "student", "school": "counsellor", "company": "member"}
    for party in parties:
        assert sign(api, placement, signer[party], party).status_code == 201


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["missing"]]


def test_a_new_placement_is_a_draft_that_needs_its_plan(api, placement):
    response = api["counsellor"].get(url(placement, "lifecycle/"))

    assert response.status_code == 200
    body = response.json()
    assert body["lifecycle_status"] == "draft"
    assert body["agreement"] is None
    assert body["required_parties"] == ["student", "school", "company"]
    assert "plan" in codes(response)
    assert "risk_assessment" in codes(response)


def test_the_plan_makes_version_1_and_lists_the_signatures_missing(api, placement):
    response = api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["lifecycle_status"] == "awaiting_signatures"
    assert body["agreement"]["version"] == 1
    assert len(body["agreement"]["sha256"]) == 64
    messages = [item["message"] for item in body["missing"]]
    assert "The student has not signed version 1 of the agreement." in messages
    assert "The company (employer) has not signed version 1 of the agreement." in messages


def test_when_every_party_has_signed_the_placement_is_ready(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    sign_all(api, placement)

    body = api["student"].get(url(placement, "lifecycle/")).json()
    assert body["lifecycle_status"] == "ready"
    assert body["signed_parties"] == ["student", "school", "company"]
    signature = body["agreement"]["signatures"][0]
    assert signature["sha256"] == body["agreement"]["sha256"]
    assert signature["method"] == "in_app"
    assert signature["signer_name"] == "Åsa Öberg"


def test_a_changed_agreement_drops_the_signatures(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)

    response = api["counsellor"].put(
        url(placement, "plan/"), plan_data(tasks="Felsöka elcentraler"), format="json"
    )

    body = response.json()
    assert body["agreement"]["version"] == 2
    assert body["signed_parties"] == []
    assert body["lifecycle_status"] == "awaiting_signatures"
    assert (
        sign(api, placement, "student", "student").json()["sha256"] == (body["agreement"]["sha256"])
    )


def test_saving_the_same_plan_again_keeps_the_signatures(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)

    body = api["member"].put(url(placement, "plan/"), plan_data(), format="json").json()

    assert body["agreement"]["version"] == 1
    assert body["lifecycle_status"] == "ready"


def test_signing_an_older_checksum_is_refused(api, placement):
    old = api["member"].put(url(placement, "plan/"), plan_data(), format="json").json()
    api["member"].put(url(placement, "plan/"), plan_data(tasks="Annat"), format="json")

    response = sign(api, placement, "student", "student", sha256=old["agreement"]["sha256"])

    assert response.status_code == 400
    assert "sha256" in response.json()


def test_only_a_guardian_is_signed_in_someone_elses_name(api, placement, actors):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    response = sign(api, placement, "counsellor", "school", guardian_name="Någon Annan")

    assert response.json()["signer_name"] == actors["counsellor"].get_full_name()


def test_a_party_signs_once(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign(api, placement, "member", "company")

    response = sign(api, placement, "member", "company")

    assert response.status_code == 400
    assert response.json()["detail"] == "This party has already signed this version."


def test_a_gla_contract_for_a_minor_is_not_ready_without_the_guardian(parties, client_for):
    placement = NamedPlacementFactory(apprenticeship=True)
    api = {role: client_for(user) for role, user in parties(placement).items()}
    api["member"].put(url(placement, "plan/"), plan_data(**GLA_TERMS), format="json")

    sign_all(api, placement)

    body = api["counsellor"].get(url(placement, "lifecycle/")).json()
    assert body["required_parties"] == ["student", "guardian", "school", "company"]
    assert body["lifecycle_status"] == "awaiting_signatures"
    assert "signature.guardian" in [item["code"] for item in body["missing"]]
    assert api["member"].post(url(placement, "start/")).status_code == 400

    response = sign(api, placement, "counsellor", "guardian", guardian_name="Maria Öberg")

    assert response.status_code == 201
    assert response.json()["signer_name"] == "Maria Öberg"
    body = api["counsellor"].get(url(placement, "lifecycle/")).json()
    assert body["lifecycle_status"] == "ready"


def test_the_guardians_signature_needs_their_name_and_a_counsellor(parties, client_for):
    placement = NamedPlacementFactory(apprenticeship=True)
    api = {role: client_for(user) for role, user in parties(placement).items()}
    api["member"].put(url(placement, "plan/"), plan_data(**GLA_TERMS), format="json")

    assert sign(api, placement, "counsellor", "guardian").json() == {
        "guardian_name": ["Give the name of the guardian who signs."]
    }
    assert sign(api, placement, "member", "guardian", guardian_name="X").status_code == 403
    assert sign(api, placement, "student", "guardian", guardian_name="X").status_code == 403


def test_an_adult_apprentice_signs_without_a_guardian(parties, client_for):
    placement = NamedPlacementFactory(apprenticeship=True, adult=True)
    api = {role: client_for(user) for role, user in parties(placement).items()}
    api["member"].put(url(placement, "plan/"), plan_data(**GLA_TERMS), format="json")

    sign_all(api, placement)

    body = api["member"].get(url(placement, "lifecycle/")).json()
    assert body["lifecycle_status"] == "ready"
    assert body["minor_rules_apply"] is False
    assert body["missing"] == []
    assert sign(api, placement, "counsellor", "guardian", guardian_name="X").status_code == 400


def test_a_minor_cannot_start_without_the_confirmed_risk_assessment(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)

    response = api["counsellor"].post(url(placement, "start/"))

    assert response.status_code == 400
    assert response.json()["missing"] == [
        "The pupil is under 18: the company must confirm the risk assessment before the "
        "placement starts."
    ]

    api["member"].put(url(placement, "risk-assessment/"), RISK_ITEMS, format="json")
    assert api["member"].post(url(placement, "risk-assessment/confirm/")).status_code == 200
    response = api["counsellor"].post(url(placement, "start/"))

    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "started"


def test_the_risk_assessment_is_confirmed_only_with_every_item(api, placement):
    api["member"].put(
        url(placement, "risk-assessment/"), {**RISK_ITEMS, "risks_explained": False}, format="json"
    )

    response = api["member"].post(url(placement, "risk-assessment/confirm/"))

    assert response.status_code == 400
    assert response.json() == {"risks_explained": ["Tick this item before confirming."]}


def test_changing_the_risk_assessment_withdraws_the_confirmation(api, placement):
    api["member"].put(url(placement, "risk-assessment/"), RISK_ITEMS, format="json")
    api["member"].post(url(placement, "risk-assessment/confirm/"))

    response = api["member"].put(
        url(placement, "risk-assessment/"), {**RISK_ITEMS, "notes": "Ny maskin"}, format="json"
    )

    assert response.json()["confirmed_at"] is None


def test_a_minors_plan_outside_the_schools_limits_is_refused_by_field(api, placement):
    HourLimit.objects.create(
        school=placement.school,
        level=placement.level,
        earliest_start=time(7),
        latest_end=time(17),
        max_hours_per_day=6,
        max_hours_per_week=30,
    )

    response = api["member"].put(
        url(placement, "plan/"), plan_data(daily_start="06:30", daily_end="16:00"), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "daily_start": ["The working day starts at 06:30, before 07:00, the earliest a minor may."],
        "daily_end": ["8.5 hours a day is more than the 6 a minor may work."],
        "days_per_week": ["42.5 hours a week is more than the 30 a minor may work."],
    }
    assert api["member"].get(url(placement, "lifecycle/")).json()["lifecycle_status"] == "draft"


def test_prao_may_not_end_after_20_by_default(parties, client_for):
    placement = NamedPlacementFactory(level="grundskola")
    api = {role: client_for(user) for role, user in parties(placement).items()}

    response = api["member"].put(
        url(placement, "plan/"),
        plan_data(daily_start="14:00", daily_end="21:00", break_minutes=30),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["daily_end"] == [
        "The working day ends at 21:00, after 20:00, the latest a minor may."
    ]


def test_an_adult_starts_without_a_risk_assessment(parties, client_for):
    placement = NamedPlacementFactory(adult=True)
    api = {role: client_for(user) for role, user in parties(placement).items()}
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)

    assert api["member"].post(url(placement, "start/")).status_code == 200
    assert api["member"].post(url(placement, "start/")).json() == {
        "detail": "The placement has already started."
    }


def test_a_started_placement_keeps_its_plan(parties, client_for):
    placement = NamedPlacementFactory(adult=True)
    api = {role: client_for(user) for role, user in parties(placement).items()}
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)
    api["member"].post(url(placement, "start/"))

    response = api["member"].put(url(placement, "plan/"), plan_data(tasks="Nytt"), format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == "Not possible while the placement is started."


def test_an_unnamed_group_is_signed_by_the_school_and_the_company(parties, client_for):
    placement = NamedPlacementFactory(student=None, students_count=3)
    api = {role: client_for(user) for role, user in parties(placement).items()}
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    sign_all(api, placement, parties=("school", "company"))

    body = api["member"].get(url(placement, "lifecycle/")).json()
    assert body["required_parties"] == ["school", "company"]
    assert body["lifecycle_status"] == "ready"
    # Pupils at gymnasium level: the rules for minors apply to a group.
    assert body["minor_rules_apply"] is True


def test_before_anything_is_saved_the_reads_answer_what_to_fill_in(api, placement):
    plan = api["member"].get(url(placement, "plan/"))
    risks = api["student"].get(url(placement, "risk-assessment/"))
    agreement = api["counsellor"].get(url(placement, "agreement/"))

    assert plan.status_code == 200
    assert plan.json()["handledare_name"] == ""
    assert plan.json()["days_per_week"] == 5
    assert risks.json()["no_forbidden_tasks"] is False
    assert risks.json()["confirmed_at"] is None
    assert agreement.status_code == 400
    assert agreement.json()["detail"] == (
        "There is no agreement yet: fill in the placement plan first."
    )
