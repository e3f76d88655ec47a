import pytest
from django.core.management import CommandError, call_command

from backend.accounts.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db
DEMO_USERS = {
    "chamber@demo.example": "chamber_staff",
    "company@demo.example": "company_member",
    "counsellor@demo.example": "counsellor",
    "student@demo.example": "student",
}


def test_load_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_demo_users_of_every_role_can_get_a_token(settings, api_client):
    settings.DEBUG = True
    call_command("load_demo")
    for email, role in DEMO_USERS.items():
        response = api_client.post(
            "/api/v1/auth/token/", {"email": email, "password": "praktik-demo"}
        )
        assert response.status_code == 200, email
        assert User.objects.get(email=email).role == role
        assert Membership.objects.get(user__email=email).status == "approved"


def test_loading_the_demo_twice_duplicates_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("load_demo")
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert counts == (4, 3, 4)


def test_demo_users_can_log_in_without_verifying_their_email(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    response = client.post(
        "/accounts/login/", {"login": "student@demo.example", "password": "praktik-demo"}
    )
    assert response.status_code == 302
    assert client.get("/api/v1/auth/me/").json()["email"] == "student@demo.example"
