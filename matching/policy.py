"""Who may see and do what with matching's rows (DESIGN.md, "Who may see and do what"): matches
are for the own school's requests, the own company's opportunities and the student's own
recommendations; applications, placements and threads for their parties; chamber staff see
aggregates only, never a student.

Plain functions of the actor (backend/accounts/actor.py) and a row, read from the actor's
attributes only. The selectors filter by them (what an actor does not see is a 404), the
services ask them before acting (what they see but may not do is a 403), the serializers ask
them for per-viewer fields.
"""

from dataclasses import dataclass

from django.db.models import Q

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation, User
from companies.policy import postable_company_ids
from matching.agreements.models import Signature
from matching.models import AllocationRound, Application, Placement, Proposal
from schools.models import StudentProfile
from schools.policy import counsellor_school_ids

__all__ = [
    "application_side",
    "counsellor_school_ids",
    "lifecycle_rows",
    "may_agree_for_company",
    "may_apply",
    "may_confirm_placements",
    "may_decide",
    "may_handle_student_data",
    "may_manage",
    "may_manage_placement",
    "may_name_students",
    "may_rank_in",
    "may_set_hour_limits",
    "may_sign_as",
    "own_company_ids",
    "party_rows",
    "postable_company_ids",
    "sides",
    "student_school_ids",
    "thread_sides",
]


def own_company_ids(actor: Actor) -> frozenset[int]:
    """The companies whose opportunities' matches the actor reads (suspended ones too)."""
    return actor.own_organisation_ids_of(Organisation.Kind.COMPANY)


def student_school_ids(actor: Actor) -> frozenset[int]:
    """The school a student belongs to (an approved membership), as a set."""
    return actor.organisation_ids_as(User.Role.STUDENT)


def may_manage(actor: Actor, allocation_round: AllocationRound) -> bool:
    """Run a round and read its proposals: the school's counsellors for a stable round, chamber
    staff for a pairing round (whose proposals name requests, never students)."""
    if allocation_round.kind == AllocationRound.Kind.STABLE:
        return allocation_round.school_id in counsellor_school_ids(actor)
    return actor.moderator


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
        proposal.opportunity.company_id in postable_company_ids(actor)
    )


# --- applications ----------------------------------------------------------------------------

STUDENT_SIDE = "student"
COMPANY_SIDE = "company"


def may_apply(actor: Actor) -> bool:
    """Students apply to opportunities (whether this one takes them is the service's rule)."""
    return actor.is_student


def application_side(actor: Actor, application: Application) -> str | None:
    """Who the actor is to an application: its student, a member acting for the opportunity's
    company, or neither (a counsellor reads the school's applications but decides nothing)."""
    if actor.is_student and application.student_id == actor.user_id:
        return STUDENT_SIDE
    if application.opportunity.company_id in postable_company_ids(actor):
        return COMPANY_SIDE
    return None


def party_rows(actor: Actor) -> Q:
    """The applications or placements (rows with a student, a school and an opportunity) the
    actor is party to: a student's own, a counsellor's schools', a company member's companies'.
    Nobody else's, chamber staff included (they read counts in the reports)."""
    if actor.is_student:
        return Q(student_id=actor.user_id)
    schools = counsellor_school_ids(actor)
    if schools:
        return Q(school_id__in=schools)
    companies = own_company_ids(actor)
    if companies:
        return Q(opportunity__company_id__in=companies)
    return Q(pk__in=[])


# --- placements ------------------------------------------------------------------------------


def may_confirm_placements(actor: Actor) -> bool:
    """Counsellors (for their school) and company members (a round's proposal) confirm."""
    return bool(counsellor_school_ids(actor) or postable_company_ids(actor))


def may_manage_placement(actor: Actor, placement: Placement) -> bool:
    """Complete or cancel: a counsellor of the placement's school or a member of the company."""
    return placement.school_id in counsellor_school_ids(actor) or (
        placement.opportunity.company_id in postable_company_ids(actor)
    )


def may_name_students(actor: Actor, placement: Placement) -> bool:
    """Name the pupils of a placement confirmed without names: the school's counsellors."""
    return placement.school_id in counsellor_school_ids(actor)


def may_agree_for_company(actor: Actor, placement: Placement) -> bool:
    """Agree to a placement the school confirmed at the company: the company's members."""
    return placement.opportunity.company_id in postable_company_ids(actor)


# --- threads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadSides:
    """The organisations (and, for a student, the user) an actor speaks for in threads."""

    school_ids: frozenset[int]
    company_ids: frozenset[int]
    student_user_id: int | None

    def threads(self) -> Q:
        return (
            Q(request__school_id__in=self.school_ids)
            | Q(company_id__in=self.company_ids)
            | self._applications("application__")
        )

    def applications(self) -> Q:
        return self._applications("")

    def _applications(self, prefix: str) -> Q:
        sides = Q(**{f"{prefix}school_id__in": self.school_ids}) | Q(
            **{f"{prefix}opportunity__company_id__in": self.company_ids}
        )
        if self.student_user_id is not None:  # never `IS NULL`: erased students' rows
            sides |= Q(**{f"{prefix}student__user_id": self.student_user_id})
        return sides


def thread_sides(actor: Actor) -> ThreadSides:
    """Who takes part (DESIGN.md; issue 5): about a request, the school's counsellors and the
    company's members; about an application, also the student and their school's counsellors.
    Chamber staff take part in none."""
    return ThreadSides(
        school_ids=counsellor_school_ids(actor),
        company_ids=postable_company_ids(actor),
        student_user_id=actor.user_id if actor.is_student else None,
    )


# --- a student's own data --------------------------------------------------------------------


def may_handle_student_data(actor: Actor, student: StudentProfile | None, user_id: int) -> bool:
    """Export or erase a student's data: the student themself, or a counsellor of their school
    on their behalf. Nobody else, chamber staff never."""
    if actor.is_student and actor.user_id == user_id:
        return True
    return student is not None and student.school_id in counsellor_school_ids(actor)


# --- a placement's lifecycle (agreements) ----------------------------------------------------
# The parties of a placement see everything of its lifecycle. The school's counsellors and the
# company's members edit the plan and start the placement; each signs for its own side; the
# counsellor also records a guardian's signature on the guardian's behalf (with their name),
# because guardians have no accounts. The company confirms the risk assessment and writes the
# handledare's evaluation; the named student signs for themself and evaluates the workplace.

Party = Signature.Party


@dataclass(frozen=True)
class Sides:
    """The actor's sides of one placement."""

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
    if not actor.is_authenticated:
        return Sides(False, False, False)
    return Sides(
        school=placement.school_id in counsellor_school_ids(actor),
        company=placement.opportunity.company_id in postable_company_ids(actor),
        student=placement.student_id is not None and placement.student_id == actor.user_id,
    )


def lifecycle_rows(actor: Actor) -> Q:
    """The placements whose lifecycle the actor follows: their school's (counsellors), their
    company's (members), their own (the student). Nothing for anyone else, chamber staff
    included (they count placements in the reports)."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    return (
        Q(school_id__in=counsellor_school_ids(actor))
        | Q(opportunity__company_id__in=postable_company_ids(actor))
        | Q(student_id=actor.user_id)
    )


def may_sign_as(actor: Actor, placement: Placement, party: str) -> bool:
    own = sides(actor, placement)
    return {
        Party.STUDENT: own.student,
        Party.GUARDIAN: own.school,
        Party.SCHOOL: own.school,
        Party.COMPANY: own.company,
    }[party]


def may_set_hour_limits(actor: Actor, school_id: int) -> bool:
    """A school's working-hour limits for its pupils: its counsellors."""
    return school_id in counsellor_school_ids(actor)


def sees_proposal_student(actor: Actor, student: StudentProfile) -> bool:
    """Who a proposal's student is: for the student's counsellors and the student."""
    return student.school_id in counsellor_school_ids(actor) or (
        actor.is_student and student.pk == actor.user_id
    )
