"""The authorisation table: every API operation, who may call it, on which object.

DESIGN.md's "Who may see and do what", written once. An operation maps to the object its path
names (OBJECTS, resolved in the world of tests/reliability/world.py for the acting role and the
side) and to a policy (POLICIES): for each role, the outcome on side a's object ("own": the
acting users all belong to side a) and on side b's ("other").

OK: allowed (2xx, or 400 for the intentionally empty body); NO: refused (401, 403 or 404).
"""

from collections.abc import Callable
from typing import Any

from tests.reliability.world import ROLES, World

OK, NO = "ok", "no"
ALL = (OK, OK)  # own and other
NONE = (NO, NO)
OWN = (OK, NO)


def policy(anonymous, student, counsellor, member, chamber) -> dict[str, tuple[str, str]]:
    return dict(zip(ROLES, (anonymous, student, counsellor, member, chamber), strict=True))


POLICIES = {
    "public": policy(ALL, ALL, ALL, ALL, ALL),
    "signed_in": policy(NONE, ALL, ALL, ALL, ALL),
    "chamber": policy(NONE, NONE, NONE, NONE, ALL),
    "student": policy(NONE, ALL, NONE, NONE, NONE),
    "counsellor": policy(NONE, NONE, ALL, NONE, NONE),
    "member": policy(NONE, NONE, NONE, ALL, NONE),
    "request_readers": policy(NONE, NONE, ALL, ALL, ALL),
    # Objects.
    "own_user": policy(NONE, OWN, OWN, OWN, OWN),
    "own_company": policy(NONE, NONE, NONE, OWN, NONE),
    "own_school": policy(NONE, NONE, OWN, NONE, NONE),
    "own_student": policy(NONE, OWN, NONE, NONE, NONE),
    "company_private_read": policy(NONE, NONE, NONE, OWN, ALL),
    "application_read": policy(NONE, OWN, OWN, OWN, NONE),
    "placement_party": policy(NONE, OWN, OWN, OWN, NONE),
    "placement_confirmer": policy(NONE, NONE, OWN, OWN, NONE),
    "proposal_party": policy(NONE, NONE, OWN, OWN, NONE),
    "proposal_read": policy(NONE, OWN, OWN, OWN, NONE),
    "thread_party": policy(NONE, OWN, OWN, OWN, NONE),
    "student_read": policy(NONE, OWN, OWN, NONE, NONE),
    "round_read": policy(NONE, OWN, OWN, NONE, ALL),
    "round_school": policy(NONE, NONE, OWN, NONE, NONE),
    "organisation_read": policy(NONE, OWN, OWN, OWN, ALL),
    "organisation_admin": policy(NONE, NONE, OWN, OWN, ALL),
    "members_read": policy(NONE, NONE, OWN, OWN, ALL),
    # One membership by id: the chamber's case is a school's pending student, never shown to it.
    "membership_read": policy(NONE, NONE, OWN, OWN, NONE),
    "membership_admin": policy(NONE, NONE, OWN, OWN, NONE),
    # Joining one's own organisation answers the membership. The chamber cannot be joined (404);
    # chamber staff asking to join a company are refused with a 400 (not their role's kind).
    "join": policy(NONE, ALL, ALL, ALL, (NO, OK)),
}


def _side(world: World, side: str):
    return world.side(side)


def _own_org(world: World, role: str, side: str) -> int:
    s = world.side(side)
    if role in ("student", "counsellor"):
        return s.school.pk
    if role == "chamber" and side == "a":
        return world.chamber_organisation.pk
    return s.company.pk


def _membership(world: World, role: str, side: str) -> dict[str, int]:
    # Chamber staff: a school's pending student, whose name they must never see.
    key = "counsellor" if role in ("student", "counsellor", "chamber") else "member"
    membership = world.side(side).pending[key]
    return {"organisation_id": membership.organisation_id, "id": membership.pk}


def _notification(world: World, role: str, side: str) -> dict[str, int]:
    if side == "b" or role == "anonymous":
        return {"id": world.b.notifications["student"]}
    return {"id": world.a.notifications[role]}


def _token(world: World, role: str, side: str) -> dict[str, int]:
    if side == "b" or role == "anonymous":
        return {"id": world.b.token_ids["student"]}
    return {"id": world.chamber_token_id if role == "chamber" else world.a.token_ids[role]}


def _by_side(attribute: Callable[[Any], int], name: str = "id"):
    return lambda world, role, side: {name: attribute(world.side(side))}


Resolver = Callable[[World, str, str], dict[str, Any]]
OBJECTS: dict[str, Resolver] = {
    "opportunity": _by_side(lambda s: s.published.pk),
    "draft": _by_side(lambda s: s.draft.pk),
    "company": _by_side(lambda s: s.company.pk),
    "company_organisation": _by_side(lambda s: s.company.pk, "organisation"),
    "school": _by_side(lambda s: s.school.pk),
    "request": _by_side(lambda s: s.request.pk),
    "application": _by_side(lambda s: s.application.pk),
    "placement": _by_side(lambda s: s.placement.pk),
    "thread": _by_side(lambda s: s.thread.pk),
    "round": _by_side(lambda s: s.round.pk),
    "proposal": _by_side(lambda s: s.proposal.pk),
    "invitation": _by_side(lambda s: s.invitation_id),
    "student": _by_side(lambda s: s.student.pk),
    "student_id": _by_side(lambda s: s.student.pk, "student_id"),
    "organisation": lambda world, role, side: {"id": _own_org(world, role, side)},
    "membership": _membership,
    "members": lambda world, role, side: {
        "organisation_id": _membership(world, role, side)["organisation_id"]
    },
    "notification": _notification,
    "token": _token,
    "municipality": lambda world, role, side: {"code": "1980"},
    "programme": lambda world, role, side: {"code": "EE"},
    "education_field": lambda world, role, side: {"code": "0714"},
    "occupation": lambda world, role, side: {"code": "7411"},
    "stem_area": lambda world, role, side: {"code": "electrification"},
    "sector": lambda world, role, side: {"code": "C"},
}

V = "/api/v1/"
# (path, method) -> (object kind or None for a collection, policy)
EXPECTED: dict[tuple[str, str], tuple[str | None, str]] = {
    # Reference data: public.
    (f"{V}reference/education-fields/", "get"): (None, "public"),
    (f"{V}reference/education-fields/{{code}}/", "get"): ("education_field", "public"),
    (f"{V}reference/occupations/", "get"): (None, "public"),
    (f"{V}reference/occupations/{{code}}/", "get"): ("occupation", "public"),
    (f"{V}reference/municipalities/", "get"): (None, "public"),
    (f"{V}reference/municipalities/{{code}}/", "get"): ("municipality", "public"),
    (f"{V}reference/programmes/", "get"): (None, "public"),
    (f"{V}reference/programmes/{{code}}/", "get"): ("programme", "public"),
    (f"{V}reference/sectors/", "get"): (None, "public"),
    (f"{V}reference/sectors/{{code}}/", "get"): ("sector", "public"),
    (f"{V}reference/stem-areas/", "get"): (None, "public"),
    (f"{V}reference/stem-areas/{{code}}/", "get"): ("stem_area", "public"),
    # Accounts.
    (f"{V}auth/me/", "get"): (None, "signed_in"),
    (f"{V}auth/token/", "post"): (None, "public"),
    (f"{V}auth/tokens/", "get"): (None, "signed_in"),
    (f"{V}auth/tokens/", "post"): (None, "signed_in"),
    (f"{V}auth/tokens/{{id}}/", "delete"): ("token", "own_user"),
    (f"{V}organisations/", "get"): (None, "signed_in"),
    (f"{V}organisations/{{id}}/", "get"): ("organisation", "organisation_read"),
    (f"{V}organisations/{{id}}/domains/", "get"): ("organisation", "organisation_read"),
    (f"{V}organisations/{{id}}/domains/", "put"): ("organisation", "organisation_admin"),
    (f"{V}organisations/{{id}}/join/", "post"): ("organisation", "join"),
    (f"{V}organisations/{{organisation_id}}/members/", "get"): ("members", "members_read"),
    (f"{V}organisations/{{organisation_id}}/members/{{id}}/", "get"): (
        "membership",
        "membership_read",
    ),
    (f"{V}organisations/{{organisation_id}}/members/{{id}}/", "delete"): (
        "membership",
        "membership_read",
    ),
    (f"{V}organisations/{{organisation_id}}/members/{{id}}/approve/", "post"): (
        "membership",
        "membership_read",
    ),
    (f"{V}organisations/{{organisation_id}}/members/{{id}}/make_admin/", "post"): (
        "membership",
        "membership_admin",
    ),
    (f"{V}organisations/{{organisation_id}}/members/{{id}}/revoke_admin/", "post"): (
        "membership",
        "membership_admin",
    ),
    (f"{V}invitations/", "get"): (None, "signed_in"),
    # Into company a: its administrators only.
    (f"{V}invitations/", "post"): (None, "member"),
    (f"{V}invitations/accept/", "post"): (None, "signed_in"),
    (f"{V}invitations/{{id}}/", "get"): ("invitation", "own_company"),
    (f"{V}invitations/{{id}}/", "delete"): ("invitation", "own_company"),
    (f"{V}audit/", "get"): (None, "chamber"),
    # Companies and opportunities.
    (f"{V}companies/", "get"): (None, "public"),
    (f"{V}companies/", "post"): (None, "member"),
    (f"{V}companies/{{id}}/", "get"): ("company", "public"),
    (f"{V}companies/{{id}}/", "put"): ("company", "own_company"),
    (f"{V}companies/{{id}}/", "patch"): ("company", "own_company"),
    (f"{V}companies/{{id}}/logo/", "put"): ("company", "own_company"),
    (f"{V}companies/{{id}}/verify/", "post"): ("company", "chamber"),
    (f"{V}companies/{{id}}/suspend/", "post"): ("company", "chamber"),
    (f"{V}companies/{{id}}/unsuspend/", "post"): ("company", "chamber"),
    (f"{V}companies/{{organisation}}/handledare-defaults/", "get"): (
        "company_organisation",
        "own_company",
    ),
    (f"{V}opportunities/", "get"): (None, "public"),
    (f"{V}opportunities/", "post"): (None, "member"),
    (f"{V}opportunities/{{id}}/", "get"): ("draft", "company_private_read"),
    (f"{V}opportunities/{{id}}/", "put"): ("opportunity", "own_company"),
    (f"{V}opportunities/{{id}}/", "patch"): ("opportunity", "own_company"),
    (f"{V}opportunities/{{id}}/publish/", "post"): ("draft", "own_company"),
    (f"{V}opportunities/{{id}}/close/", "post"): ("opportunity", "own_company"),
    (f"{V}opportunities/{{id}}/hide/", "post"): ("opportunity", "chamber"),
    (f"{V}opportunities/{{id}}/unhide/", "post"): ("opportunity", "chamber"),
    (f"{V}opportunities/{{id}}/matches/", "get"): ("opportunity", "own_company"),
    # Schools, requests, students.
    (f"{V}schools/", "get"): (None, "public"),
    (f"{V}schools/", "post"): (None, "counsellor"),
    (f"{V}schools/{{id}}/", "get"): ("school", "public"),
    (f"{V}schools/{{id}}/", "put"): ("school", "own_school"),
    (f"{V}schools/{{id}}/", "patch"): ("school", "own_school"),
    (f"{V}schools/{{id}}/verify/", "post"): ("school", "chamber"),
    (f"{V}schools/{{id}}/suspend/", "post"): ("school", "chamber"),
    (f"{V}schools/{{id}}/unsuspend/", "post"): ("school", "chamber"),
    (f"{V}schools/{{id}}/hour-limits/", "get"): ("school", "own_school"),
    (f"{V}schools/{{id}}/hour-limits/", "put"): ("school", "own_school"),
    (f"{V}requests/", "get"): (None, "request_readers"),
    (f"{V}requests/", "post"): (None, "counsellor"),
    (f"{V}requests/{{id}}/", "get"): ("request", "request_readers"),
    (f"{V}requests/{{id}}/", "put"): ("request", "own_school"),
    (f"{V}requests/{{id}}/", "patch"): ("request", "own_school"),
    (f"{V}requests/{{id}}/close/", "post"): ("request", "own_school"),
    (f"{V}requests/{{id}}/hide/", "post"): ("request", "chamber"),
    (f"{V}requests/{{id}}/unhide/", "post"): ("request", "chamber"),
    (f"{V}requests/{{id}}/matches/", "get"): ("request", "own_school"),
    (f"{V}students/", "get"): (None, "counsellor"),
    (f"{V}students/{{id}}/", "get"): ("student", "student_read"),
    (f"{V}students/{{student_id}}/export/", "get"): ("student_id", "own_school"),
    (f"{V}students/{{student_id}}/erase/", "post"): ("student_id", "own_school"),
    (f"{V}students/me/", "get"): (None, "student"),
    (f"{V}students/me/", "put"): (None, "student"),
    (f"{V}students/me/", "patch"): (None, "student"),
    (f"{V}students/me/export/", "get"): (None, "student"),
    (f"{V}students/me/erase/", "post"): (None, "student"),
    (f"{V}students/me/recommendations/", "get"): (None, "student"),
    # Applications.
    (f"{V}applications/", "get"): (None, "signed_in"),
    (f"{V}applications/", "post"): (None, "student"),
    (f"{V}applications/{{id}}/", "get"): ("application", "application_read"),
    (f"{V}applications/{{id}}/cv/", "get"): ("application", "application_read"),
    (f"{V}applications/{{id}}/withdraw/", "post"): ("application", "own_student"),
    (f"{V}applications/{{id}}/accept/", "post"): ("application", "own_student"),
    (f"{V}applications/{{id}}/decline/", "post"): ("application", "own_student"),
    (f"{V}applications/{{id}}/review/", "post"): ("application", "own_company"),
    (f"{V}applications/{{id}}/interview/", "post"): ("application", "own_company"),
    (f"{V}applications/{{id}}/offer/", "post"): ("application", "own_company"),
    (f"{V}applications/{{id}}/reject/", "post"): ("application", "own_company"),
    # Placements and their lifecycle.
    (f"{V}placements/", "get"): (None, "signed_in"),
    # A company confirms through a proposal or an accepted offer, not here.
    (f"{V}placements/confirm/", "post"): (None, "counsellor"),
    (f"{V}placements/{{id}}/", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/cancel/", "post"): ("placement", "placement_confirmer"),
    (f"{V}placements/{{id}}/complete/", "post"): ("placement", "placement_confirmer"),
    (f"{V}placements/{{id}}/lifecycle/", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/plan/", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/plan/", "put"): ("placement", "placement_confirmer"),
    (f"{V}placements/{{id}}/agreement/", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/agreement.pdf", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/sign/", "post"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/risk-assessment/", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/risk-assessment/", "put"): ("placement", "own_company"),
    (f"{V}placements/{{id}}/risk-assessment/confirm/", "post"): ("placement", "own_company"),
    (f"{V}placements/{{id}}/start/", "post"): ("placement", "placement_confirmer"),
    (f"{V}placements/{{id}}/check-ins/", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/check-ins/", "post"): ("placement", "placement_confirmer"),
    (f"{V}placements/{{id}}/evaluations/", "get"): ("placement", "placement_party"),
    (f"{V}placements/{{id}}/evaluations/handledare/", "post"): ("placement", "own_company"),
    (f"{V}placements/{{id}}/evaluations/student/", "post"): ("placement", "own_student"),
    (f"{V}placements/{{id}}/certificate.pdf", "get"): ("placement", "placement_party"),
    # Matching: rounds and proposals.
    (f"{V}allocation-rounds/", "get"): (None, "signed_in"),
    # The body asks for a stable round (a school's); chamber staff create pairing rounds.
    (f"{V}allocation-rounds/", "post"): (None, "counsellor"),
    (f"{V}allocation-rounds/{{id}}/", "get"): ("round", "round_read"),
    (f"{V}allocation-rounds/{{id}}/choices/", "get"): ("round", "own_student"),
    (f"{V}allocation-rounds/{{id}}/choices/", "post"): ("round", "own_student"),
    (f"{V}allocation-rounds/{{id}}/proposals/", "get"): ("round", "round_school"),
    (f"{V}allocation-rounds/{{id}}/run/", "post"): ("round", "round_school"),
    (f"{V}proposals/", "get"): (None, "signed_in"),
    (f"{V}proposals/{{id}}/", "get"): ("proposal", "proposal_read"),
    (f"{V}proposals/{{id}}/confirm/", "post"): ("proposal", "proposal_party"),
    (f"{V}proposals/{{id}}/decline/", "post"): ("proposal", "proposal_party"),
    # Threads and notifications.
    (f"{V}threads/", "get"): (None, "signed_in"),
    (f"{V}threads/", "post"): (None, "signed_in"),
    (f"{V}threads/{{id}}/", "get"): ("thread", "thread_party"),
    (f"{V}threads/{{id}}/messages/", "post"): ("thread", "thread_party"),
    (f"{V}notifications/", "get"): (None, "signed_in"),
    (f"{V}notifications/unread-count/", "get"): (None, "signed_in"),
    (f"{V}notifications/read-all/", "post"): (None, "signed_in"),
    (f"{V}notifications/{{id}}/", "get"): ("notification", "own_user"),
    (f"{V}notifications/{{id}}/read/", "post"): ("notification", "own_user"),
    # Reports: the chamber's; open data for everyone.
    (f"{V}reports/placements/", "get"): (None, "chamber"),
    (f"{V}reports/supply-demand/", "get"): (None, "chamber"),
    (f"{V}reports/gaps/", "get"): (None, "chamber"),
    (f"{V}reports/trend/", "get"): (None, "chamber"),
    (f"{V}reports/gla/", "get"): (None, "chamber"),
    (f"{V}reports/stem-share/", "get"): (None, "chamber"),
    (f"{V}reports/gender/", "get"): (None, "chamber"),
    (f"{V}reports/companies/", "get"): (None, "chamber"),
    (f"{V}reports/companies-in-demand/", "get"): (None, "chamber"),
    (f"{V}reports/unmet-demand/", "get"): (None, "chamber"),
    (f"{V}reports/open-data/", "get"): (None, "public"),
}

# A valid body where an empty one would be refused before the permission is looked at.
BODIES: dict[tuple[str, str], Callable[[World], dict[str, Any]]] = {
    (f"{V}applications/", "post"): lambda world: {
        "opportunity": world.b.published.pk,
        "motivation": "Jag vill lära mig mer.",
    },
    (f"{V}placements/{{id}}/cancel/", "post"): lambda world: {"reason": "Eleven blev sjuk."},
    (f"{V}opportunities/", "post"): lambda world: {
        "company": world.a.company.pk,
        "kind": "internship",
        "level": "gymnasium",
        "title": "APL på lagret",
        "description": "Plock och pack.",
        "municipality": "1980",
        "places": 2,
        "contact_name": "Sara Lind",
        "contact_email": "sara@foretag.example",
    },
    (f"{V}requests/", "post"): lambda world: {
        "school": world.a.school.pk,
        "kind": "internship",
        "level": "gymnasium",
        "programme": "EE",
        "places_needed": 2,
        "municipality": "1880",
        "period_start": "2027-03-01",
        "period_end": "2027-04-01",
    },
    (f"{V}placements/confirm/", "post"): lambda world: {
        "opportunity": world.a.published.pk,
        "students_count": 1,
    },
    (f"{V}invitations/", "post"): lambda world: {
        "organisation": world.a.company.pk,
        "email": "ny@example.se",
        "role": "company_member",
    },
    (f"{V}allocation-rounds/", "post"): lambda world: {
        "kind": "stable",
        "school": world.a.school.pk,
    },
    (f"{V}auth/tokens/", "post"): lambda world: {"name": "ci"},
    (f"{V}schools/", "post"): lambda world: {
        "name": "Nya skolan",
        "level": "gymnasium",
        "municipality": "1880",
    },
    (f"{V}companies/", "post"): lambda world: {
        "name": "Nya AB",
        "organisation_number": "556036-0793",
        "sector": "C",
        "municipality": "1980",
    },
}

# Private text no response to the role may contain, whatever the endpoint: other sides' students,
# applications and conversations, drafts of other companies, requests for those who read none.
# (Student b never applied to company a; chamber staff never see a student.)
_STUDENTS_B = ["student-B", "motivation-B", "message-B"]
_ALL_STUDENTS = [*_STUDENTS_B, "student-A", "motivation-A", "message-A"]
_REQUESTS = ["request-A", "request-B"]
FORBIDDEN_TEXT: dict[str, list[str]] = {
    "anonymous": [*_ALL_STUDENTS, *_REQUESTS, "draft-A", "draft-B", "notification"],
    "student": [*_STUDENTS_B, *_REQUESTS, "draft-A", "draft-B", "notification-student-B"],
    "counsellor": [*_STUDENTS_B, "draft-A", "draft-B", "notification-student-B"],
    "member": [*_STUDENTS_B, "draft-B", "notification-student-B"],
    "chamber": [*_ALL_STUDENTS, "notification-student"],
}
FORBIDDEN_TEXT = {role: [f"SECRET-{t}" for t in texts] for role, texts in FORBIDDEN_TEXT.items()}
