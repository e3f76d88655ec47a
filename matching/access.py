"""Who may see and do what with matches, rounds and proposals (DESIGN.md, "Who may see and do
what": matches are for the own school's requests, the own company's opportunities and the
student's own recommendations; chamber staff see aggregates only, never a student).

Used by the selectors (what a user sees: anything else is a 404), the API permissions and the
services (what they may do with what they see: anything else is a 403).
"""

from django.db.models import Q

from backend.accounts.models import Organisation, User
from backend.accounts.selectors import (
    AnyUser,
    acting_organisation_ids,
    is_chamber_staff,
    own_organisation_ids,
)
from companies.access import postable_company_ids
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


def own_company_ids(user: AnyUser) -> frozenset[int]:
    """The companies whose opportunities' matches the user reads."""
    return own_organisation_ids(user, Organisation.Kind.COMPANY)


def is_student(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.STUDENT)


def student_school_ids(user: AnyUser) -> frozenset[int]:
    """The school a student belongs to (an approved membership), as a set."""
    return acting_organisation_ids(user) if is_student(user) else frozenset()


def may_manage(user: AnyUser, allocation_round: AllocationRound) -> bool:
    """Run a round and read its proposals: the school's counsellors for a stable round, chamber
    staff for a pairing round (whose proposals name requests, never students)."""
    if allocation_round.kind == AllocationRound.Kind.STABLE:
        return allocation_round.school_id in counsellor_school_ids(user)
    return is_chamber_staff(user)


def may_rank_in(user: AnyUser, allocation_round: AllocationRound) -> bool:
    """Rank opportunities in a round: the students of a stable round's school."""
    return (
        allocation_round.kind == AllocationRound.Kind.STABLE
        and allocation_round.school_id in student_school_ids(user)
    )


def may_decide(user: AnyUser, proposal: Proposal) -> bool:
    """Confirm or decline: a counsellor of the school concerned, or a member of the company."""
    school_id = proposal.request.school_id if proposal.request_id else proposal.student.school_id
    return school_id in counsellor_school_ids(user) or (
        proposal.opportunity.company_id in postable_company_ids(user)
    )


STUDENT_SIDE = "student"
COMPANY_SIDE = "company"


def application_side(user: AnyUser, application: Application) -> str | None:
    """Who the user is to an application: its student, a member acting for the opportunity's
    company, or neither (a counsellor reads the school's applications but decides nothing)."""
    if is_student(user) and application.student_id == user.pk:
        return STUDENT_SIDE
    if application.opportunity.company_id in postable_company_ids(user):
        return COMPANY_SIDE
    return None


def may_manage_placement(user: AnyUser, placement: Placement) -> bool:
    """Complete or cancel: a counsellor of the placement's school or a member of the company."""
    return placement.school_id in counsellor_school_ids(user) or (
        placement.opportunity.company_id in postable_company_ids(user)
    )


def party_rows(user: AnyUser) -> Q:
    """The applications or placements (rows with a student, a school and an opportunity) the
    user is party to: a student's own, a counsellor's schools', a company member's companies'.
    Nobody else's, chamber staff included (they read counts in the reports)."""
    if is_student(user):
        return Q(student_id=user.pk)
    schools = counsellor_school_ids(user)
    if schools:
        return Q(school_id__in=schools)
    companies = own_company_ids(user)
    if companies:
        return Q(opportunity__company_id__in=companies)
    return Q(pk__in=[])
