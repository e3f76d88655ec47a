"""Shared fixtures. Factories live in one module per app (tests/<app>/factories.py)."""

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import Organisation, User
from tests.backend.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory

ROLE_KIND = {
    User.Role.COMPANY_MEMBER: Organisation.Kind.COMPANY,
    User.Role.COUNSELLOR: Organisation.Kind.SCHOOL,
    User.Role.STUDENT: Organisation.Kind.SCHOOL,
    User.Role.CHAMBER_STAFF: Organisation.Kind.CHAMBER,
}


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_member(db):
    """make_member(role, organisation=None, is_admin=False) -> a user acting for the organisation
    through an approved membership (a new organisation of the role's kind when none is given)."""

    def make(role: str, organisation: Organisation | None = None, *, is_admin: bool = False):
        user = UserFactory(role=role)
        organisation = organisation or OrganisationFactory(kind=ROLE_KIND[role])
        MembershipFactory(user=user, organisation=organisation, is_admin=is_admin)
        return user

    return make


@pytest.fixture
def client_for():
    """client_for(user) -> an APIClient authenticated as the user (None: anonymous)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
