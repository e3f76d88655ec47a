"""The lifecycle's rules through the API, the PDFs and the pages: age on the first day, minors'
hours when the plan is saved, dates that really happened, who acted and how each signature was
made, and errors a person can act on."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from backend.notifications.models import Notification
from matching.agreements.models import Agreement, Signature
from matching.models import Placement
from tests.agreements.factories import GLA_TERMS, NamedPlacementFactory, plan_data
from tests.agreements.test_api_lifecycle import RISK_ITEMS, sign, sign_all, url
from tests.agreements.test_pdfs import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(parties, client_for):
    def make(placement):
        users = parties(placement)
        return {role: client_for(user) for role, user in users.items()}, users

    return make


def _today():
    return timezone.localdate()


# --- age on the first day and minors' hours ------------------------------------------------


def test_a_pupil_who_is_18_on_the_first_day_signs_a_gla_contract_without_a_guardian(api_for):
    start = _today() + timedelta(days=30)
    turns_18 = _today() + timedelta(days=10)
    born = turns_18.replace(year=turns_18.year - 18)
    placement = NamedPlacementFactory(
        apprenticeship=True,
        start_date=start,
        end_date=start + timedelta(days=60),
        student__birth_date=born,
    )
    api, _users = api_for(placement)

    body = api["member"].get(url(placement, "lifecycle/")).json()

    assert body["minor_rules_apply"] is False
    assert "guardian" not in body["required_parties"]


def test_a_minors_plan_of_05_to_23_six_days_a_week_is_refused(api, placement):
    response = api["member"].put(
        url(placement, "plan/"),
        plan_data(daily_start="05:00", daily_end="23:00", break_minutes=30, days_per_week=6),
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()
    assert errors["daily_start"] == [
        "The working day starts at 05:00, before 06:00, the earliest a minor may."
    ]
    assert (
        "The working day ends at 23:00, after 22:00, the latest a minor may." in errors["daily_end"]
    )
    assert (
        "A minor has two days off in a row each week: at most 5 working days."
        in errors["days_per_week"]
    )
    assert not Agreement.objects.exists()


def test_a_minors_agreement_states_the_hours_keep_to_the_limits_only_when_they_do(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    content = text(api["member"].get(url(placement, "agreement.pdf") + "?lang=en"))

    assert "7 h a day, 35 h a week" in content
    assert "The working hours keep to the limits for the pupil's age." in content


# --- dates -------------------------------------------------------------------------------------


def test_a_placement_does_not_start_before_its_first_day(api_for):
    start = _today() + timedelta(days=20)
    placement = NamedPlacementFactory(
        adult=True, start_date=start, end_date=start + timedelta(days=30)
    )
    api, _users = api_for(placement)
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)

    response = api["member"].post(url(placement, "start/"))

    assert response.status_code == 400
    assert response.json() == {
        "start_date": [
            f"The placement starts on {start.isoformat()}: start it on that day or later."
        ]
    }


def _started(api_for, **kwargs):
    placement = NamedPlacementFactory(adult=True, **kwargs)
    api, users = api_for(placement)
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)
    assert api["member"].post(url(placement, "start/")).status_code == 200
    return placement, api, users


def test_a_check_in_cannot_be_dated_in_the_future(api_for):
    start = _today() - timedelta(days=10)
    placement, api, _users = _started(api_for, start_date=start, end_date=start + timedelta(60))
    tomorrow = (_today() + timedelta(days=1)).isoformat()

    response = api["member"].post(url(placement, "check-ins/"), {"held_on": tomorrow, "note": "x"})

    assert response.status_code == 400
    assert response.json() == {
        "held_on": ["A check-in is noted once it is held: not in the future."]
    }


def test_completing_early_gives_a_certificate_for_the_days_done(api_for):
    # Monday two weeks ago to a Friday nine weeks later; completed today.
    monday = _today() - timedelta(days=_today().weekday() + 14)
    end = monday + timedelta(weeks=9, days=4)
    placement, api, _users = _started(api_for, start_date=monday, end_date=end)
    evaluation = {"attendance": "full", "strengths": "Noggrann", "would_host_again": True}
    assert (
        api["member"].post(url(placement, "evaluations/handledare/"), evaluation).status_code == 201
    )
    done = api["member"].post(f"/api/v1/placements/{placement.pk}/complete/", {}, format="json")
    assert done.status_code == 200, done.content

    content = text(api["student"].get(url(placement, "certificate.pdf") + "?lang=en"))

    assert f"Period {monday.isoformat()} - {_today().isoformat()}" in content
    assert f"{end.isoformat()}" not in content
    assert "Hours in total 350" not in content


def test_the_certificate_address_is_the_postings_own(api_for):
    placement, api, _users = _started(
        api_for, opportunity__address="", opportunity__municipality_id="1880"
    )
    company = placement.opportunity.company
    company.address = "Verkstadsgatan 1"
    company.save()
    evaluation = {"attendance": "full", "strengths": "Noggrann", "would_host_again": True}
    api["member"].post(url(placement, "evaluations/handledare/"), evaluation)
    Placement.objects.filter(pk=placement.pk).update(
        status="completed", completed_at=timezone.now()
    )

    content = text(api["student"].get(url(placement, "certificate.pdf") + "?lang=en"))

    expected = f"Verkstadsgatan 1, {company.municipality.name}"
    assert expected in content
    assert "Örebro" not in content


# --- errors a person can act on -----------------------------------------------------------


def _gla(api_for):
    placement = NamedPlacementFactory(apprenticeship=True, adult=True)
    return placement, *api_for(placement)


def test_a_gla_contract_ending_before_it_starts_is_a_field_error(api_for):
    placement, api, _users = _gla(api_for)
    terms = {**GLA_TERMS, "contract_start": "2026-04-10", "contract_end": "2026-03-02"}

    response = api["member"].put(url(placement, "plan/"), plan_data(**terms), format="json")

    assert response.status_code == 400
    assert response.json() == {"contract_end": ["The contract period ends before it starts."]}


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"contract_start": "2026-03-02", "contract_end": "2041-03-02"}, "contract_end"),
        ({"salary_amount": "1.00", "salary_period": "monthly"}, "salary_amount"),
    ],
)
def test_absurd_contract_lengths_and_salaries_are_refused(api_for, terms, field):
    placement, api, _users = _gla(api_for)

    response = api["member"].put(
        url(placement, "plan/"), plan_data(**{**GLA_TERMS, **terms}), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_signing_a_version_replaced_meanwhile_says_the_plan_changed(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    read = Agreement.objects.get(placement=placement).sha256
    api["member"].put(url(placement, "plan/"), plan_data(tasks="Nya uppgifter"), format="json")

    response = sign(api, placement, "student", "student", sha256=read)

    assert response.status_code == 400
    [message] = response.json()["sha256"]
    assert message.startswith("The plan changed while you read it: version 2")


def test_the_page_recovers_when_the_plan_changed_before_signing(api, actors, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    read = Agreement.objects.get(placement=placement).sha256
    api["member"].put(url(placement, "plan/"), plan_data(tasks="Nya uppgifter"), format="json")
    page = Client()
    page.force_login(actors["student"])
    sign_url = f"/placements/{placement.pk}/sign/"

    refused = page.post(sign_url, {"party": "student", "sha256": read})

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "The plan changed while you read it" in html
    current = Agreement.objects.get(placement=placement, version=2).sha256
    assert current in html
    signed = page.post(sign_url, {"party": "student", "sha256": current})
    assert signed.status_code == 302
    assert Signature.objects.filter(agreement__version=2, party="student").exists()


# --- who acted ------------------------------------------------------------------------------


def test_the_guardians_signature_says_how_it_was_made(parties, client_for):
    placement = NamedPlacementFactory(apprenticeship=True)
    users = parties(placement)
    api = {role: client_for(user) for role, user in users.items()}
    api["member"].put(url(placement, "plan/"), plan_data(**GLA_TERMS), format="json")

    assert (
        sign(api, placement, "counsellor", "guardian", guardian_name="Maria Öberg").status_code
        == 201
    )

    signature = Signature.objects.get(party="guardian")
    assert signature.method == "recorded_by_school"
    assert signature.reference == users["counsellor"].get_full_name()
    content = text(api["member"].get(url(placement, "agreement.pdf") + "?lang=en"))
    assert "the school records the guardian's signature" in content
    page = Client()
    page.force_login(users["counsellor"])
    html = page.get(f"/placements/{placement.pk}/").content.decode()
    assert f"recorded by {users['counsellor'].get_full_name()} for the school" in html


def test_the_risk_items_still_gate_a_minors_start(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign_all(api, placement)

    response = api["member"].post(url(placement, "start/"))

    assert response.status_code == 400
    assert "risk assessment" in response.json()["missing"][0]
    api["member"].put(url(placement, "risk-assessment/"), RISK_ITEMS, format="json")
    api["member"].post(url(placement, "risk-assessment/confirm/"))
    assert api["member"].post(url(placement, "start/")).status_code == 200


def test_changing_signed_terms_voids_the_signatures_and_tells_the_parties(api, actors, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    sign(api, placement, "student", "student")

    api["member"].put(url(placement, "plan/"), plan_data(tasks="Andra uppgifter"), format="json")

    body = api["member"].get(url(placement, "lifecycle/")).json()
    assert body["signed_parties"] == []
    told = Notification.objects.filter(recipient=actors["student"], kind="placement_changed")
    assert told.get().payload["agreement_version"] == 2
    assert not Notification.objects.filter(recipient=actors["member"], kind="placement_changed")
