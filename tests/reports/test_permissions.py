"""Chamber staff and superusers see the reports; nobody else; the open data is public."""

import pytest

from backend.accounts.models import User
from tests.backend.accounts.factories import UserFactory

REPORTS = [
    "placements/?group_by=kind",
    "supply-demand/",
    "gaps/",
    "trend/",
    "gla/",
    "stem-share/",
    "gender/",
]


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 401),
        (User.Role.STUDENT, 403),
        (User.Role.COUNSELLOR, 403),
        (User.Role.COMPANY_MEMBER, 403),
        (User.Role.CHAMBER_STAFF, 200),
    ],
)
def test_only_chamber_staff_see_reports(client_for, make_member, db, report, role, status):
    user = make_member(role) if role else None
    for extension in ("", "&format=csv" if "?" in report else "?format=csv"):
        response = client_for(user).get(f"/api/v1/reports/{report}{extension}")
        assert response.status_code == status


def test_a_chamber_staff_user_without_an_approved_membership_is_refused(client_for, db):
    user = UserFactory(role=User.Role.CHAMBER_STAFF)
    assert client_for(user).get("/api/v1/reports/gaps/").status_code == 403


def test_a_superuser_sees_reports(client_for, db):
    user = UserFactory(role=User.Role.COMPANY_MEMBER, is_superuser=True, is_staff=True)
    assert client_for(user).get("/api/v1/reports/gaps/").status_code == 200


@pytest.mark.parametrize("role", [None, User.Role.STUDENT, User.Role.COMPANY_MEMBER])
def test_open_data_is_public(client_for, make_member, db, role):
    user = make_member(role) if role else None
    assert client_for(user).get("/api/v1/reports/open-data/").status_code == 200
