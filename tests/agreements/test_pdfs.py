"""The agreements and the certificate as PDFs: the fields are in the text (extracted with
pypdf), Swedish characters included, and the Swedish original is the document signed."""

import hashlib
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from matching.agreements.models import HandledareEvaluation
from matching.models import Placement
from tests.agreements.factories import GLA_TERMS, THESIS_TERMS, NamedPlacementFactory, plan_data

pytestmark = pytest.mark.django_db


def url(placement, suffix: str) -> str:
    return f"/api/v1/placements/{placement.pk}/{suffix}"


def text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    # Lines break wherever the layout wraps them; the checks read words, not lines.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def api_for(parties, client_for):
    def make(placement):
        return {role: client_for(user) for role, user in parties(placement).items()}

    return make


def test_the_apl_agreement_has_every_field_and_a_signature_block(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    content = text(api["student"].get(url(placement, "agreement.pdf") + "?lang=en"))

    for expected in [
        "Placement agreement (APL, LIA, prao, praktik)",
        "Mälardalens gymnasium",
        "Köping Elteknik AB",
        placement.opportunity.company.organisation_number,
        "Åsa Öberg",
        "2026-03-02 - 2026-04-10",
        "08:00-16:00, 5 days a week",
        "7 h a day, 35 h a week",
        "Montera laddstationer i Västerås",
        "Göran Ärlig, Elinstallatör",
        "goran@elteknik.example, 070-111 22 33",
        "Handledare course taken yes",
        "Lärare Lundström",
        "Contact in case of an accident Växeln 021-10 00 00",
        "Insurance",
        "The working hours keep to the limits for the pupil's age.",
        "Signatures",
        "student Åsa Öberg",
        "school (huvudman) Mälardalens gymnasium",
        "company (employer) Köping Elteknik AB",
    ]:
        assert expected in content


def test_the_swedish_original_is_the_document_signed(api, placement):
    body = api["member"].put(url(placement, "plan/"), plan_data(), format="json").json()

    response = api["counsellor"].get(url(placement, "agreement.pdf"))

    assert hashlib.sha256(response.content).hexdigest() == body["agreement"]["sha256"]
    assert "Åsa Öberg" in text(response)
    assert response["Content-Disposition"] == (
        f'inline; filename="agreement-{placement.pk}-v1.pdf"'
    )


def test_the_gla_contract_has_every_field_the_rules_require(api_for):
    placement = NamedPlacementFactory(apprenticeship=True)
    api = api_for(placement)
    api["member"].put(url(placement, "plan/"), plan_data(**GLA_TERMS), format="json")

    content = text(api["member"].get(url(placement, "agreement.pdf") + "?lang=en"))

    for expected in [
        "GLA training contract (utbildningskontrakt)",
        "Parts of the education done at the workplace Kursen Elinstallationer 200 p",
        "Weeks per term at the workplace 12",
        "Times 08:00-16:00",
        "How the cost of damage is split Arbetsgivaren står för skador i arbetet",
        "Contract period 2026-03-02 - 2026-04-10",
        "Grounds for ending the contract early Allvarliga brott mot ordningsregler",
        "Salary 16 500 kr per month",
        "Hours per week 24",
        "Göran Ärlig",
        "Lärare Lundström",
        "guardian Guardian of Åsa Öberg",
        "student Åsa Öberg",
        "school (huvudman) Mälardalens gymnasium",
        "company (employer) Köping Elteknik AB",
    ]:
        assert expected in content


def test_the_thesis_agreement_has_the_supervisors_and_the_terms(api_for):
    placement = NamedPlacementFactory(thesis=True)
    api = api_for(placement)
    api["member"].put(url(placement, "plan/"), plan_data(**THESIS_TERMS), format="json")

    content = text(api["member"].get(url(placement, "agreement.pdf") + "?lang=en"))

    for expected in [
        "Thesis agreement",
        "Ingrid Företagsson, ingrid@foretag.example",
        "Mälardalens universitet",
        "Professor Åkesson, akesson@mdu.example",
        "Confidentiality Företagets ritningar är sekretessbelagda",
        "Publication Rapporten publiceras i DiVA efter granskning",
        "Master's thesis",
    ]:
        assert expected in content
    assert "guardian" not in content
    assert "limits for the pupil's age" not in content


def test_the_agreement_pdf_needs_a_plan_and_a_known_language(api, placement):
    assert api["member"].get(url(placement, "agreement.pdf")).status_code == 400
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    response = api["member"].get(url(placement, "agreement.pdf") + "?lang=de")

    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose sv or en."]}


def _finish(api, placement) -> None:
    """Plan, sign, start, evaluate as the handledare, complete."""
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    for role, party in (("student", "student"), ("counsellor", "school"), ("member", "company")):
        api[role].post(url(placement, "sign/"), {"party": party}, format="json")
    assert api["member"].post(url(placement, "start/")).status_code == 200
    evaluation = {"attendance": "full", "strengths": "Noggrann", "would_host_again": True}
    response = api["member"].post(url(placement, "evaluations/handledare/"), evaluation)
    assert response.status_code == 201
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.COMPLETED, completed_at=timezone.now()
    )


def test_the_certificate_matches_the_placement(api_for):
    placement = NamedPlacementFactory(adult=True, start_date=date(2026, 3, 2))
    api = api_for(placement)
    _finish(api, placement)

    content = text(api["student"].get(url(placement, "certificate.pdf") + "?lang=en"))

    # 30 weekdays from Monday 2 March to Friday 10 April, 7 hours a day.
    for expected in [
        "Certificate of placement",
        "Student Åsa Öberg",
        "School Mälardalens gymnasium",
        "Programme Electricity and Energy Programme",
        "Workplace Köping Elteknik AB",
        "Period 2026-03-02 - 2026-04-10",
        "Hours in total 210",
        "Tasks Montera laddstationer i Västerås",
        "Attendance present every day",
        "Handledare in the plan Göran Ärlig, Elinstallatör",
        f"Signed off by {placement.handledare_evaluation.author.get_full_name()}",
        f"Signed off on {timezone.localdate().isoformat()}",
    ]:
        assert expected in content


def test_the_certificate_dates_the_sign_off_on_the_swedish_day(api_for):
    placement = NamedPlacementFactory(adult=True, start_date=date(2026, 3, 2))
    api = api_for(placement)
    _finish(api, placement)
    # 00:30 on 11 April in Sweden (summer time), still 10 April in UTC.
    signed_off = datetime(2026, 4, 10, 22, 30, tzinfo=UTC)
    HandledareEvaluation.objects.filter(placement=placement).update(created_at=signed_off)

    content = text(api["student"].get(url(placement, "certificate.pdf") + "?lang=en"))

    assert "Signed off on 2026-04-11" in content


def test_the_certificate_comes_after_completion_and_the_sign_off(api_for):
    placement = NamedPlacementFactory(adult=True)
    api = api_for(placement)

    response = api["student"].get(url(placement, "certificate.pdf"))

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "A certificate is for a named student after a completed placement."
    )
