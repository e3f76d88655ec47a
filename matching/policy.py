"""Who may see and do what with matches, rounds and proposals (DESIGN.md, "Who may see and do
what": matches are for the own school's requests, the own company's opportunities and the
student's own recommendations; chamber staff see aggregates only, never a student).

Used by the selectors (what a user sees: anything else is a 404), the API permissions and the
services (what they may do with what they see: anything else is a 403).
"""

from dataclasses import dataclass

from django.db.models import Q

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation, User
from backend.accounts.selectors import (
    acting_organisation_ids,
    as_actor,
    is_chamber_staff,
    own_organisation_ids,
)
from companies.policy import postable_company_ids
from matching.agreements.models import Signature
from matching.models import AllocationRound, Application, Placement, Proposal
from schools.selectors import counsellor_school_ids

__all__ = [
    "application_side",
    "counsellor_school_ids",
    "is_chamber_staff",
    "is_student",
    "may_decide",
    "may_manage",
    "may_manage_placement",
    "may_rank_in",
    "own_company_ids",
    "party_rows",
    "postable_company_ids",
    "student_school_ids",
]


def own_company_ids(actor: Actor) -> frozenset[int]:
    """The companies whose opportunities' matches the user reads."""
    return own_organisation_ids(actor, Organisation.Kind.COMPANY)


def is_student(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.role == User.Role.STUDENT)


def student_school_ids(actor: Actor) -> frozenset[int]:
    """The school a student belongs to (an approved membership), as a set."""
    return acting_organisation_ids(actor) if is_student(actor) else frozenset()


def may_manage(actor: Actor, allocation_round: AllocationRound) -> bool:
    """Run a round and read its proposals: the school's counsellors for a stable round, chamber
    staff for a pairing round (whose proposals name requests, never students)."""
    if allocation_round.kind == AllocationRound.Kind.STABLE:
        return allocation_round.school_id in counsellor_school_ids(actor)
    return is_chamber_staff(actor)


def may_rank_in(actor: Actor, allocation_round: AllocationRound) -> bool:
    """Rank opportunities in a round: the students of a stable round's school."""
    return (
        allocation_round.kind == AllocationRound.Kind.STABLE
        and allocation_round.school_id in student_school_ids(actor)
    )


def may_decide(actor: Actor, proposal: Proposal) -> bool:
    """Confirm or decline: a counsellor of the school concerned, or a member of the company."""
    school_id = proposal.request.school_id if proposal.request_id else proposal.student.school_id
    return school_id in counsellor_school_ids(actor) or (
        proposal.opportunity.company_id in postable_company_ids(as_actor(actor))
    )


STUDENT_SIDE = "student"
COMPANY_SIDE = "company"


def application_side(actor: Actor, application: Application) -> str | None:
    """Who the user is to an application: its student, a member acting for the opportunity's
    company, or neither (a counsellor reads the school's applications but decides nothing)."""
    actor = as_actor(actor)  # TRANSITIONAL
    if is_student(actor) and application.student_id == actor.user_id:
        return STUDENT_SIDE
    if application.opportunity.company_id in postable_company_ids(as_actor(actor)):
        return COMPANY_SIDE
    return None


def may_manage_placement(actor: Actor, placement: Placement) -> bool:
    """Complete or cancel: a counsellor of the placement's school or a member of the company."""
    return placement.school_id in counsellor_school_ids(actor) or (
        placement.opportunity.company_id in postable_company_ids(as_actor(actor))
    )


def party_rows(actor: Actor) -> Q:
    """The applications or placements (rows with a student, a school and an opportunity) the
    user is party to: a student's own, a counsellor's schools', a company member's companies'.
    Nobody else's, chamber staff included (they read counts in the reports)."""
    actor = as_actor(actor)  # TRANSITIONAL
    if is_student(actor):
        return Q(student_id=actor.user_id)
    schools = counsellor_school_ids(actor)
    if schools:
        return Q(school_id__in=schools)
    companies = own_company_ids(actor)
    if companies:
        return Q(opportunity__company_id__in=companies)
    return Q(pk__in=[])


# --- a placement's lifecycle (agreements) ---
# The parties of a placement see everything of its lifecycle. The school's counsellors and the
# company's members edit the plan and start the placement; each signs for its own side; the
# counsellor also records a guardian's signature on the guardian's behalf (with their name),
# because guardians have no accounts. The company confirms the risk assessment and writes the
# handledare's evaluation; the named student signs for themself and evaluates the workplace.

Party = Signature.Party


@dataclass(frozen=True)
class Sides:
    """The user's sides of one placement."""

    school: bool
    company: bool
    student: bool

    @property
    def any(self) -> bool:
        return self.school or self.company or self.student

    @property
    def organiser(self) -> bool:
        """The school or the company: plan, start, check-ins."""
        return self.school or self.company


def sides(actor: Actor, placement: Placement) -> Sides:
    actor = as_actor(actor)  # TRANSITIONAL
    if not actor.is_authenticated:
        return Sides(False, False, False)
    return Sides(
        school=placement.school_id in counsellor_school_ids(actor),
        company=placement.opportunity.company_id in postable_company_ids(as_actor(actor)),
        student=placement.student_id is not None and placement.student_id == actor.user_id,
    )


def may_sign_as(actor: Actor, placement: Placement, party: str) -> bool:
    own = sides(actor, placement)
    return {
        Party.STUDENT: own.student,
        Party.GUARDIAN: own.school,
        Party.SCHOOL: own.school,
        Party.COMPANY: own.company,
    }[party]
