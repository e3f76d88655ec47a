"""A student's lifecycle data: exported with their data, and removed before their erasure while
the counts stay."""

import pytest

from backend.audit.models import AuditEntry
from matching.agreements import selectors, services
from matching.agreements.models import HandledareEvaluation, Signature
from tests.agreements.factories import plan_data

pytestmark = pytest.mark.django_db


def url(placement, suffix: str) -> str:
    return f"/api/v1/placements/{placement.pk}/{suffix}"


@pytest.fixture
def signed(api, placement):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")
    for role, party in (("student", "student"), ("counsellor", "school")):
        api[role].post(url(placement, "sign/"), {"party": party}, format="json")
    return placement


def test_the_export_has_the_students_signatures(signed):
    [exported] = selectors.student_lifecycle_export(student_id=signed.student_id)

    assert exported["handledare"] == "Göran Ärlig"
    assert [(s["party"], s["signer_name"]) for s in exported["signatures"]] == [
        ("student", "Åsa Öberg")
    ]


def test_anonymising_removes_the_names_and_the_document_and_keeps_the_counts(api, signed):
    HandledareEvaluation.objects.create(
        placement=signed,
        attendance="full",
        strengths="Åsa är noggrann",
        would_host_again=True,
        signed_off_by_name="Göran Ärlig",
    )

    assert services.student_lifecycle_anonymise(student_id=signed.student_id) == 1

    assert list(Signature.objects.values_list("party", "signer_name")) == [
        ("student", ""),
        ("school", Signature.objects.get(party="school").signer_name),
    ]
    assert HandledareEvaluation.objects.get().strengths == ""
    assert selectors.evaluation_counts()["would_host_again"] == 1
    response = api["counsellor"].get(url(signed, "agreement.pdf"))
    assert response.status_code == 400


def test_the_agreement_and_the_certificate_are_logged_reads_of_the_pupil(api, signed, actors):
    AuditEntry.objects.all().delete()

    assert api["counsellor"].get(url(signed, "agreement.pdf")).status_code == 200
    assert api["student"].get(url(signed, "agreement.pdf")).status_code == 200

    reads = AuditEntry.objects.filter(action=AuditEntry.Action.STUDENT_READ, detail="agreement")
    assert list(reads.values_list("actor", "target_id")) == [
        (actors["counsellor"].pk, str(signed.student_id))
    ]
