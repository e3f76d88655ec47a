"""Shared fixtures. Factories live in one module per app (tests/<app>/factories.py)."""

import importlib

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from backend.accounts.models import Organisation, User
from tests.backend.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory

ROLE_KIND = {
    User.Role.COMPANY_MEMBER: Organisation.Kind.COMPANY,
    User.Role.COUNSELLOR: Organisation.Kind.SCHOOL,
    User.Role.STUDENT: Organisation.Kind.SCHOOL,
    User.Role.CHAMBER_STAFF: Organisation.Kind.CHAMBER,
}


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """The reference rows and the site's name come from data migrations. A transactional test's
    teardown empties every table, and serialized rollback did not always bring them back in a
    whole run, so a transactional test loads them again (idempotent, the migrations' loaders)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if not (transactional or "live_server" in request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.sites.models import Site

    from backend.reference.models import Sector

    if not Sector.objects.exists():
        for loader in (
            "reference.migrations.0002_load_reference_data",
            "reference.migrations.0004_load_occupations",
        ):
            importlib.import_module(f"backend.{loader}").load(apps, None)
    if not Site.objects.exists():  # allauth's pages and e-mails name the site
        importlib.import_module("backend.accounts.migrations.0005_site_name").name_site(apps, None)


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
