"""The admin's actions go through the moderation services (tests/backend/test_moderation.py)."""

import pytest

from schools.admin import ADMIN_HIDE_REASON
from schools.models import PlacementRequest
from tests.schools.factories import PlacementRequestFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _act(admin_client, model: str, action: str, ids: list[int]):
    return admin_client.post(
        f"/admin/schools/{model}/",
        {"action": action, "_selected_action": ids},
        follow=True,
        headers={"accept-language": "en"},
    )


def test_verify_and_suspend_schools_from_the_admin(admin_client):
    unverified = SchoolFactory(organisation__verified_at=None)
    verified = SchoolFactory()

    response = _act(admin_client, "school", "verify", [unverified.pk, verified.pk])

    html = response.content.decode()
    assert "1 changed." in html
    assert f"{verified}: This school is already verified." in html
    unverified.organisation.refresh_from_db()
    assert unverified.organisation.is_verified
    _act(admin_client, "school", "suspend", [verified.pk])
    verified.organisation.refresh_from_db()
    assert verified.organisation.suspended


def test_hide_and_unhide_requests_from_the_admin(admin_client, admin_user):
    placement_request = PlacementRequestFactory()

    _act(admin_client, "placementrequest", "hide", [placement_request.pk])

    placement_request.refresh_from_db()
    assert placement_request.hidden_reason == str(ADMIN_HIDE_REASON)
    assert placement_request.hidden_by == admin_user
    _act(admin_client, "placementrequest", "unhide", [placement_request.pk])
    assert not PlacementRequest.objects.get(pk=placement_request.pk).is_hidden


@pytest.mark.parametrize("model", ["school", "studentprofile", "placementrequest"])
def test_change_forms_open(admin_client, model, student_profile):
    placement_request = PlacementRequestFactory(school=student_profile.school)
    pk = {
        "school": student_profile.school_id,
        "studentprofile": student_profile.pk,
        "placementrequest": placement_request.pk,
    }[model]
    assert admin_client.get(f"/admin/schools/{model}/{pk}/change/").status_code == 200
