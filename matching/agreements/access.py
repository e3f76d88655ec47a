"""Who may see and do what in a placement's lifecycle (DESIGN.md, "Who may see and do what":
placements are the own school's, the own company's and the student's own; chamber staff see
counts only).

The parties of a placement see everything of its lifecycle. The school's counsellors and the
company's members edit the plan and start the placement; each signs for its own side; the
counsellor also records a guardian's signature on the guardian's behalf (with their name),
because guardians have no accounts. The company confirms the risk assessment and writes the
handledare's evaluation; the named student signs for themself and evaluates the workplace.
"""

from dataclasses import dataclass

from backend.accounts.selectors import AnyUser
from companies.access import postable_company_ids
from matching.access import counsellor_school_ids
from matching.agreements.models import Signature
from matching.models import Placement

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


def sides(user: AnyUser, placement: Placement) -> Sides:
    if not user.is_authenticated:
        return Sides(False, False, False)
    return Sides(
        school=placement.school_id in counsellor_school_ids(user),
        company=placement.opportunity.company_id in postable_company_ids(user),
        student=placement.student_id is not None and placement.student_id == user.pk,
    )


def may_sign_as(user: AnyUser, placement: Placement, party: str) -> bool:
    own = sides(user, placement)
    return {
        Party.STUDENT: own.student,
        Party.GUARDIAN: own.school,
        Party.SCHOOL: own.school,
        Party.COMPANY: own.company,
    }[party]
