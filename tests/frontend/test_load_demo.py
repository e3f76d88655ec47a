import pytest
from django.core.management import CommandError, call_command

from backend.accounts.models import Membership, Organisation, User
from companies.models import Company, Opportunity
from schools.models import PlacementRequest, School, StudentProfile

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


def _sizes() -> dict[str, int]:
    models = [User, Organisation, Membership, Company, Opportunity, School, StudentProfile]
    sizes = {model.__name__: model.objects.count() for model in models}
    sizes["PlacementRequest"] = PlacementRequest.objects.count()
    return sizes


def test_the_demo_region_has_its_size_and_loading_it_twice_duplicates_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = _sizes()
    call_command("load_demo")
    assert _sizes() == first
    # The demo users' organisations come on top of the generated region, and the YH school and
    # university of matching/demo_levels.py with their 3 students and 1 request.
    assert first["Company"] == 60 + 1
    assert first["School"] == 15 + 1 + 2
    assert first["Opportunity"] >= 200
    assert first["StudentProfile"] == 300 + 1 + 3
    assert first["PlacementRequest"] == 60 + 1
    # Dated from the day of loading: most are open, the oldest are over and closed.
    assert Opportunity.objects.filter(status="published").count() >= 120


def test_scale_grows_everything_in_proportion(settings):
    settings.DEBUG = True
    call_command("load_demo", scale=40)
    assert School.objects.count() == 3 + 1 + 2
    assert PlacementRequest.objects.count() == 12 + 1
    assert StudentProfile.objects.count() == 60 + 1 + 3


def test_a_scale_out_of_range_is_refused_with_one_line(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--scale"):
        call_command("load_demo", scale=0)


def test_demo_users_can_log_in_without_verifying_their_email(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    response = client.post(
        "/accounts/login/", {"login": "student@demo.example", "password": "praktik-demo"}
    )
    assert response.status_code == 302
    assert client.get("/api/v1/auth/me/").json()["email"] == "student@demo.example"
