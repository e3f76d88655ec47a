"""Shared fixtures. Factories live in one module per app (tests/<app>/factories.py)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from rest_framework.test import APIClient
from xdist.scheduler import LoadScopeScheduling

from backend.accounts.models import Organisation, User
from tests.backend.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.reliability import figures

ROLE_KIND = {
    User.Role.COMPANY_MEMBER: Organisation.Kind.COMPANY,
    User.Role.COUNSELLOR: Organisation.Kind.SCHOOL,
    User.Role.STUDENT: Organisation.Kind.SCHOOL,
    User.Role.CHAMBER_STAFF: Organisation.Kind.CHAMBER,
}


class _ByModule(LoadScopeScheduling):
    """`--dist loadscope` (`make test`), with every browser test in one scope: a module's tests
    run in one test process, which builds its module-scoped fixtures once (the reliability
    suite's world), and the browser tests one after the other, one Chromium at a time. (Marks
    and `--dist loadgroup` would say it, but pytest 9.2 ignores the group xdist writes into a
    test's id: pytest-xdist issue 1386.)"""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::")[0]
        return "browser" if module.startswith("tests/browser/") else module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadscope":
        return _ByModule(config, log)
    return None


def pytest_sessionfinish(session) -> None:
    """In a test process of pytest-xdist: hand the reliability figures to the main process."""
    handed = getattr(session.config, "workeroutput", None)
    if handed is not None:
        handed["reliability"] = figures.handed_over()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """In the main process: a test process's reliability figures, added to the others'."""
    found = getattr(node, "workeroutput", {}).get("reliability")
    if found:
        figures.take(found)


def pytest_terminal_summary(terminalreporter) -> None:
    if lines := figures.lines():
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, whose other sessions are ended before it is dropped: a
    server thread's or a subprocess's connection still open at the end (seen once, on a busy
    machine) made PostgreSQL refuse, and left the database behind."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@receiver(post_migrate, dispatch_uid="tests.reference_rows")
def _reference_rows(sender, **kwargs) -> None:
    """The reference rows and the site's name come from data migrations. A transactional test
    ends by emptying every table (a flush, which then sends post_migrate): they are loaded again
    (idempotent, the migrations' loaders), so that the tests after it find the database as
    migrated, in whatever order the test processes of pytest-xdist run them."""
    if sender.label != "reference":
        return
    from backend.reference.models import Sector

    if not Sector.objects.exists():
        for loader in (
            "reference.migrations.0002_load_reference_data",
            "reference.migrations.0004_load_occupations",
        ):
            importlib.import_module(f"backend.{loader}").load(apps, None)
    # allauth's pages and e-mails name the site; the flush's post_migrate made example.com.
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
