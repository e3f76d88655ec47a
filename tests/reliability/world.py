"""A small world with two of everything, for the authorisation matrix and the schema fuzzing.

Side "a" and side "b" each have a company (a published opportunity and a draft), a school (a
counsellor, a student, an open request), the student's application to the company, a placement,
a thread about the application, a stable allocation round with a proposal, an invitation and a
pending member of each organisation. Every acting user (one per role) belongs to side "a", so
"own" objects are side a's and "other" objects side b's. The chamber has one member.

Private text carries a marker (SECRET-...) so that a response can be searched for data its reader
must never get (tests/reliability/test_authorisation_matrix.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from backend.accounts.actor import actor_for
from backend.accounts.invitations import invitation_create
from backend.accounts.models import Membership, Organisation, User
from backend.accounts.tokens import personal_token_create
from backend.notifications.models import Notification
from companies.models import Company, Opportunity
from matching.agreements.models import RiskAssessment
from matching.agreements.services import plan_save
from matching.models import AllocationRound, Application, Message, Placement, Proposal, Thread
from schools.models import PlacementRequest, School, StudentProfile
from tests.agreements.factories import PlacementPlanFactory
from tests.backend.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.matching.factories import tiny_pdf
from tests.schools.factories import PlacementRequestFactory, SchoolFactory, StudentProfileFactory

ROLES = ("anonymous", "student", "counsellor", "member", "chamber")
SIDES = ("a", "b")


def secret(what: str, side: str) -> str:
    return f"SECRET-{what}-{side.upper()}"


@dataclass
class Side:
    name: str
    company: Company
    published: Opportunity
    draft: Opportunity
    school: School
    request: PlacementRequest
    users: dict[str, User]
    student: StudentProfile
    application: Application
    placement: Placement
    thread: Thread
    round: AllocationRound
    proposal: Proposal
    invitation_id: int
    pending: dict[str, Membership]
    notifications: dict[str, int] = field(default_factory=dict)
    token_ids: dict[str, int] = field(default_factory=dict)


@dataclass
class World:
    a: Side
    b: Side
    chamber: User
    chamber_organisation: Organisation
    keys: dict[str, str]  # role -> API key of side a's user
    chamber_token_id: int = 0

    def side(self, name: str) -> Side:
        return self.a if name == "a" else self.b

    def user(self, role: str) -> User | None:
        if role == "anonymous":
            return None
        return self.chamber if role == "chamber" else self.a.users[role]

    def headers(self, role: str) -> dict[str, Any]:
        """Test client keyword arguments that authenticate as the role (a fresh user object per
        request, as in production, so no cached membership survives a rolled back case)."""
        if role == "anonymous":
            return {}
        return {"HTTP_AUTHORIZATION": f"Token {self.keys[role]}"}


def _side(name: str, chamber: User) -> Side:
    company = CompanyFactory(organisation__name=f"Företag {name.upper()}")
    member = UserFactory(role=User.Role.COMPANY_MEMBER, email=f"member-{name}@example.se")
    MembershipFactory(user=member, organisation=company.organisation, is_admin=True)
    start = timezone.localdate() + timedelta(days=30)
    period = {"period_start": start, "period_end": start + timedelta(weeks=6)}
    published = OpportunityFactory(company=company, programmes=["EE"], places=3, **period)
    draft = OpportunityFactory(company=company, draft=True, title=secret("draft", name), **period)

    school = SchoolFactory(organisation__name=f"Gymnasiet {name.upper()}")
    counsellor = UserFactory(role=User.Role.COUNSELLOR, email=f"counsellor-{name}@example.se")
    MembershipFactory(user=counsellor, organisation=school.organisation, is_admin=True)
    student = StudentProfileFactory(
        school=school,
        user__email=f"student-{name}@example.se",
        user__first_name="Elev",
        user__last_name=secret("student", name),
    )
    request = PlacementRequestFactory(school=school, notes=secret("request", name), **period)
    application = Application.objects.create(
        student=student,
        school=school,
        opportunity=published,
        motivation=secret("motivation", name),
    )
    placement = Placement.objects.create(
        opportunity=published,
        school=school,
        request=request,
        student=student,
        students_count=1,
        start_date=start,
        end_date=start + timedelta(weeks=4),
        kind=published.kind,
        level=published.level,
        programme_id="EE",
        municipality_id=published.municipality_id,
    )
    application.cv.save("cv.pdf", ContentFile(tiny_pdf(secret("cv", name))), save=True)
    plan = factory.build(dict, FACTORY_CLASS=PlacementPlanFactory, placement=placement)
    plan_save(
        placement=placement,
        actor=actor_for(member),
        **{k: v for k, v in plan.items() if k != "placement"},
    )
    RiskAssessment.objects.create(placement=placement)
    thread = Thread.objects.create(application=application, subject=f"Ansökan {name.upper()}")
    Message.objects.create(thread=thread, author=member, body=secret("message", name))
    allocation_round = AllocationRound.objects.create(
        kind=AllocationRound.Kind.STABLE, school=school, created_by=counsellor
    )
    proposal = Proposal.objects.create(
        round=allocation_round, student=student, opportunity=published, places=1, score=0.5
    )
    invitation, _key = invitation_create(
        organisation=company.organisation,
        email=f"invited-{name}@example.se",
        role=User.Role.COMPANY_MEMBER,
        actor=actor_for(member),
    )
    users = {"student": student.user, "counsellor": counsellor, "member": member}
    pending = {
        "member": _pending(company.organisation, User.Role.COMPANY_MEMBER, name),
        "counsellor": _pending(school.organisation, User.Role.STUDENT, name),
    }
    side = Side(
        name=name,
        company=company,
        published=published,
        draft=draft,
        school=school,
        request=request,
        users=users,
        student=student,
        application=application,
        placement=placement,
        thread=thread,
        round=allocation_round,
        proposal=proposal,
        invitation_id=invitation.pk,
        pending=pending,
    )
    for role, user in [*users.items(), ("chamber", chamber)]:
        side.notifications[role] = _notification(user, name)
    return side


def _pending(organisation: Organisation, role: str, name: str) -> Membership:
    # A pending student's name is a student's personal data like any other student's.
    last_name = f"{secret('student', name)}-pending" if role == User.Role.STUDENT else "Väntar"
    user = UserFactory(
        role=role, email=f"pending-{organisation.kind}-{name}@example.se", last_name=last_name
    )
    return MembershipFactory(user=user, organisation=organisation, status=Membership.Status.PENDING)


def _notification(user: User, name: str) -> int:
    return Notification.objects.create(
        recipient=user,
        kind=Notification.Kind.MESSAGE,
        payload={"text": secret(f"notification-{user.role}", name)},
        sent_at=timezone.now(),
    ).pk


def build_world() -> World:
    chamber_organisation = OrganisationFactory(
        kind=Organisation.Kind.CHAMBER, name="Handelskammaren"
    )
    chamber = UserFactory(role=User.Role.CHAMBER_STAFF, email="chamber@example.se")
    MembershipFactory(user=chamber, organisation=chamber_organisation)
    a, b = _side("a", chamber), _side("b", chamber)
    keys = {}
    for side in (a, b):
        for role, user in side.users.items():
            token, key = personal_token_create(actor=actor_for(user), name=f"matrix-{side.name}")
            side.token_ids[role] = token.pk
            if side is a:
                keys[role] = key
    token, keys["chamber"] = personal_token_create(actor=actor_for(chamber), name="matrix")
    return World(
        a=a,
        b=b,
        chamber=chamber,
        chamber_organisation=chamber_organisation,
        keys=keys,
        chamber_token_id=token.pk,
    )
