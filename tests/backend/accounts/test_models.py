import pytest
from django.db import IntegrityError

from backend.accounts.models import User
from tests.backend.accounts.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_users_log_in_by_email_without_a_username():
    user = User.objects.create_user(email="Elev@Skola.Example", password="x-long-password-1")
    assert user.email == "elev@skola.example"
    assert user.check_password("x-long-password-1")
    assert not hasattr(user, "username") or user.username is None


def test_superuser_is_staff():
    admin = User.objects.create_superuser(email="admin@example.se", password="x-long-password-1")
    assert admin.is_staff
    assert admin.is_superuser


def test_a_user_has_one_membership_per_organisation():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user, organisation=membership.organisation)
