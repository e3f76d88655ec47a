"""A named pupil's APL placement and a person of every role around it."""

import pytest

from backend.accounts.models import User
from tests.agreements.factories import NamedPlacementFactory
from tests.companies.factories import CompanyFactory
from tests.schools.factories import SchoolFactory, StudentProfileFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked by their English msgids; the site's default language is Swedish."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def placement(db):
    return NamedPlacementFactory()


@pytest.fixture
def parties(make_member):
    """parties(placement) -> {role: user or None} around that placement."""

    def make(placement) -> dict[str, User | None]:
        return {
            "anonymous": None,
            # An unnamed group has no student of its own: any pupil of the school then.
            "student": (
                placement.student.user
                if placement.student_id
                else StudentProfileFactory(school=placement.school).user
            ),
            "counsellor": make_member(User.Role.COUNSELLOR, placement.school.organisation),
            "member": make_member(
                User.Role.COMPANY_MEMBER, placement.opportunity.company.organisation
            ),
            "other_counsellor": make_member(User.Role.COUNSELLOR, SchoolFactory().organisation),
            "other_member": make_member(User.Role.COMPANY_MEMBER, CompanyFactory().organisation),
            "chamber": make_member(User.Role.CHAMBER_STAFF),
        }

    return make


@pytest.fixture
def actors(placement, parties):
    return parties(placement)


@pytest.fixture
def api(actors, client_for):
    """api[role] -> an APIClient signed in as that role of the placement."""
    return {role: client_for(user) for role, user in actors.items()}
