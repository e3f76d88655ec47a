"""One policy (backend/reports/policy.py) decides who reads which report, asked by the selectors
and services: the page and the API refuse the same actors the same way, the page's cache never
answers a refused actor, and a counsellor's coverage is their own schools'."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.audit.models import AuditEntry
from backend.reports import (
    coordinator,
    dashboard,
    demand,
    gla,
    policy,
    selectors,
    services,
    supply,
)
from backend.reports.companies import companies_hosting, evaluation_totals
from backend.reports.models import GlaTarget, GlaTargetChange
from backend.reports.selection import Region, Selection
from tests.backend.accounts.factories import UserFactory
from tests.matching.factories import PlacementFactory
from tests.schools.factories import (
    PlacementRequestFactory,
    SchoolFactory,
    StudentProfileFactory,
    programme,
)

SELECTION = Selection(None, None, Region.CHAMBER)
REFUSED = "Only chamber staff see the reports."
# Every report the chamber reads, as its selector is called.
REPORTS = {
    "placements": lambda actor: selectors.placement_counts(
        actor=actor, selection=SELECTION, group_by=["kind"]
    ),
    "trend": lambda actor: selectors.trend(actor=actor, selection=SELECTION, interval="term"),
    "stem-share": lambda actor: selectors.stem_share(actor=actor, selection=SELECTION),
    "gender": lambda actor: selectors.gender_balance(actor=actor, selection=SELECTION),
    "supply-demand": lambda actor: supply.supply_demand(
        actor=actor, selection=SELECTION, group_by=["programme"]
    ),
    "gaps": lambda actor: supply.gaps(actor=actor, selection=SELECTION),
    "gla": lambda actor: gla.gla_progress(actor=actor, selection=SELECTION),
    "companies": lambda actor: companies_hosting(actor=actor, selection=SELECTION),
    "evaluations": lambda actor: evaluation_totals(actor=actor, selection=SELECTION),
    "unmet-demand": lambda actor: demand.unmet_demand(actor=actor, selection=SELECTION),
    "companies-in-demand": lambda actor: demand.companies_in_demand(
        actor=actor, selection=SELECTION
    ),
    "dashboard": lambda actor: dashboard.dashboard(
        actor=actor, selection=SELECTION, group_by=["programme"]
    ),
    "gla-targets": lambda actor: selectors.gla_targets(actor=actor, history=5),
}
OTHERS = [User.Role.STUDENT, User.Role.COUNSELLOR, User.Role.COMPANY_MEMBER]


def _browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("report", REPORTS)
def test_chamber_staff_read_every_report(staff, report):
    REPORTS[report](actor_for(staff))


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("role", OTHERS)
def test_every_report_refuses_everyone_else(make_member, role, report):
    with pytest.raises(PermissionDenied):
        REPORTS[report](actor_for(make_member(role)))


def test_chamber_staff_without_an_approved_membership_are_refused(db):
    actor = actor_for(UserFactory(role=User.Role.CHAMBER_STAFF))
    with pytest.raises(PermissionDenied, match=re.escape(REFUSED)):
        selectors.placement_counts(actor=actor, selection=SELECTION, group_by=["kind"])


@pytest.mark.parametrize("role", [*OTHERS, "staff without membership"])
def test_the_page_and_the_api_refuse_the_same_actor_with_the_same_403(
    make_member, client_for, role
):
    user = make_member(role) if role in OTHERS else UserFactory(role=User.Role.CHAMBER_STAFF)
    api = client_for(user).get("/api/v1/reports/placements/", {"group_by": "programme"})
    assert api.status_code == 403
    assert api.json()["detail"] == REFUSED
    browser = _browser(user)
    assert browser.get("/reports/").status_code == 403
    assert browser.get("/reports/companies/").status_code == 403
    assert browser.get("/reports/gla-target/").status_code == 403


def test_the_page_and_the_api_refuse_before_they_read_the_filters(make_member, client_for):
    """Invalid filters are no way past the policy: still a 403, not the errors (400)."""
    user = make_member(User.Role.COUNSELLOR)
    browser = _browser(user)
    bad = {"period_from": "2026-01-01", "period_to": "2025-01-01"}
    assert browser.get("/reports/", bad).status_code == 403
    assert browser.get("/reports/companies/", bad).status_code == 403
    assert client_for(user).get("/api/v1/reports/placements/", bad).status_code == 403


def test_the_cached_dashboard_never_answers_a_refused_actor(staff, make_member, region):
    assert _browser(staff).get("/reports/").status_code == 200  # now in the cache
    counsellor = make_member(User.Role.COUNSELLOR, region["school"].organisation)
    assert _browser(counsellor).get("/reports/").status_code == 403
    with pytest.raises(PermissionDenied):
        dashboard.dashboard(
            actor=actor_for(counsellor), selection=SELECTION, group_by=["programme"]
        )


def test_only_chamber_staff_set_the_gla_target(staff, make_member):
    with pytest.raises(PermissionDenied, match=re.escape(str(policy.GLA_TARGET_REFUSED))):
        services.gla_target_set(
            actor=actor_for(make_member(User.Role.COUNSELLOR)), school_year=2026, placements=9
        )
    assert not GlaTarget.objects.exists()
    services.gla_target_set(actor=actor_for(staff), school_year=2026, placements=9)
    assert GlaTargetChange.objects.get().set_by == staff


def test_a_counsellor_posting_the_target_form_is_refused(make_member):
    browser = _browser(make_member(User.Role.COUNSELLOR))
    response = browser.post("/reports/gla-target/", {"school_year": 2026, "placements": 9})
    assert response.status_code == 403
    assert not GlaTarget.objects.exists()


def test_the_open_data_is_everyones(db):
    actor = actor_for(UserFactory(role=User.Role.STUDENT))
    assert selectors.open_data(actor=actor, selection=SELECTION).name == "open-data"


# The coordinator's coverage: a counsellor's own schools, nobody else's.


@pytest.fixture
def two_schools(db):
    """Ours: EE year 2, two pupils, one placed, a request for 4 places; theirs: a VO pupil and
    a request of its own."""
    today = timezone.localdate()
    ours, theirs = SchoolFactory(), SchoolFactory()
    placed = StudentProfileFactory(school=ours, programme=programme("EE"), year=2)
    StudentProfileFactory(school=ours, programme=programme("EE"), year=2)
    StudentProfileFactory(school=theirs, programme=programme("VO"), year=1)
    PlacementFactory(
        school=ours, student=placed, start_date=today, end_date=today + timedelta(days=9)
    )
    for school, code in [(ours, "EE"), (theirs, "VO")]:
        PlacementRequestFactory(
            school=school,
            programme=programme(code),
            places_needed=4,
            period_start=today,
            period_end=today + timedelta(days=30),
        )
    return ours, theirs


def test_a_counsellors_coverage_is_their_own_schools(make_member, two_schools):
    ours, _theirs = two_schools
    actor = actor_for(make_member(User.Role.COUNSELLOR, ours.organisation))
    today = timezone.localdate()
    classes = coordinator.class_coverage(actor=actor, today=today)
    assert [(row.programme, row.year, row.pupils, row.placed) for row in classes] == [
        ("EE", 2, 2, 1)
    ]
    assert [row.programme for row in coordinator.programme_needs(actor=actor, today=today)] == [
        "EE"
    ]
    pupils = coordinator.pupils_without_placement(actor=actor, today=today)
    assert [pupil.school_id for pupil in pupils] == [ours.pk]


def test_the_pupils_read_is_recorded_by_the_selector(make_member, two_schools):
    ours, _theirs = two_schools
    user = make_member(User.Role.COUNSELLOR, ours.organisation)
    coordinator.pupils_without_placement(actor=actor_for(user), today=timezone.localdate())
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.STUDENT_READ)
    assert entries.count() == 1
    assert entries.get().actor == user


def test_a_counsellor_of_no_school_sees_no_coverage(db, two_schools):
    actor = actor_for(UserFactory(role=User.Role.COUNSELLOR))
    assert coordinator.class_coverage(actor=actor, today=timezone.localdate()) == []


@pytest.mark.parametrize("role", [User.Role.STUDENT, User.Role.COMPANY_MEMBER, "staff"])
def test_nobody_else_reads_a_schools_coverage(make_member, two_schools, role):
    """Not even chamber staff: the pupils' coverage is the school's; the chamber has its counts."""
    user = make_member(User.Role.CHAMBER_STAFF if role == "staff" else role)
    actor = actor_for(user)
    today = timezone.localdate()
    for read in (
        coordinator.class_coverage,
        coordinator.programme_needs,
        coordinator.pupils_without_placement,
    ):
        with pytest.raises(PermissionDenied):
            read(actor=actor, today=today)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.STUDENT_READ).exists()
