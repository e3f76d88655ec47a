"""Who may see and do what on the school side (DESIGN.md, "Who may see and do what").

Plain functions of the actor (backend/accounts/actor.py). The selectors ask them what an actor
sees (anything else is a 404); the services ask them what the actor may do (anything else
raises PermissionDenied, a 403). Every "who may" of schools, placement requests and students is
answered here, once; the `require_*` functions raise the refusal a person can act on (the
services call them, and the API calls them before it validates a body, so that a refused actor
gets 403 whatever they send). Moderation (verifying and suspending schools, hiding requests) is the
chamber's: `actor.moderator`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation, User
from schools.filters import OPEN_STATUSES
from schools.models import PlacementRequest, School

COUNSELLOR = User.Role.COUNSELLOR
# Matches no row (an empty IN needs no query).
NOTHING = Q(pk__in=[])

ONLY_COUNSELLORS_REGISTER = _("Only counsellors can register a school.")
ONLY_ADMINISTRATORS = _("Only the organisation's administrators can do this.")
NO_SCHOOL_TO_POST_FOR = _("You act for no school: register yours or ask to join it.")
ONLY_THE_REQUESTS_SCHOOL = _("Only the request's school can change or close it.")
NOT_A_REQUEST_READER = _(
    "Placement requests are read by counsellors and company members acting for their "
    "organisation, and by the chamber."
)
ONLY_COUNSELLORS_LIST_STUDENTS = _("Only a school's counsellors list its students.")
ONLY_STUDENTS = _("Only students have a student profile.")


def counsellor_school_ids(actor: Actor) -> frozenset[int]:
    """The schools the actor acts for as a counsellor (none for any other role)."""
    return actor.organisation_ids_as(COUNSELLOR)


# Schools


def school_scope(actor: Actor) -> Q:
    """Verified, unsuspended schools for everyone; members of a school (approved) see their own
    even unverified or suspended; the chamber sees all."""
    if actor.moderator:
        return Q()
    public = Q(organisation__verified_at__isnull=False, organisation__suspended=False)
    own = actor.own_organisation_ids_of(Organisation.Kind.SCHOOL)
    return public | Q(pk__in=own) if own else public


def may_register_school(actor: Actor) -> bool:
    """Any counsellor registers a school, with or without one already; they become its admin."""
    return actor.is_authenticated and actor.role == COUNSELLOR


def administered_school_ids(actor: Actor) -> frozenset[int]:
    """The schools whose profile and own programmes the actor keeps: an approved admin
    counsellor of the (unsuspended) school."""
    return actor.admin_organisation_ids if actor.role == COUNSELLOR else frozenset()


def may_change_school(actor: Actor, school: School) -> bool:
    return school.pk in administered_school_ids(actor)


def require_may_register_school(actor: Actor) -> None:
    if not may_register_school(actor):
        raise PermissionDenied(ONLY_COUNSELLORS_REGISTER)


def require_may_change_school(actor: Actor, school: School) -> None:
    """The school's profile and its own programmes: its administrators."""
    if not may_change_school(actor, school):
        raise PermissionDenied(ONLY_ADMINISTRATORS)


# Placement requests


def may_read_requests(actor: Actor) -> bool:
    """Counsellors and company members acting for an organisation, and the chamber."""
    return actor.moderator or actor.has_role(COUNSELLOR) or actor.has_role(User.Role.COMPANY_MEMBER)


def require_may_read_requests(actor: Actor) -> None:
    if not may_read_requests(actor):
        raise PermissionDenied(NOT_A_REQUEST_READER)


def placement_request_scope(actor: Actor) -> Q:
    """The chamber: all. Counsellors: every visible request (not hidden, school verified and not
    suspended) and all of their own schools'. Company members: visible ones that are open or
    partially filled. Anyone else: none."""
    if actor.moderator:
        return Q()
    visible = Q(
        hidden_at__isnull=True,
        school__organisation__verified_at__isnull=False,
        school__organisation__suspended=False,
    )
    if actor.has_role(COUNSELLOR):
        return visible | Q(school_id__in=counsellor_school_ids(actor))
    if actor.has_role(User.Role.COMPANY_MEMBER):
        return visible & Q(status__in=OPEN_STATUSES)
    return NOTHING


def may_post_requests(actor: Actor) -> bool:
    """Counsellors acting for a school post its requests."""
    return actor.has_role(COUNSELLOR)


def may_change_request(actor: Actor, placement_request: PlacementRequest) -> bool:
    """Change or close a request: the counsellors of its school."""
    return placement_request.school_id in counsellor_school_ids(actor)


def require_may_post_requests(actor: Actor) -> None:
    if not may_post_requests(actor):
        raise PermissionDenied(NO_SCHOOL_TO_POST_FOR)


def require_may_change_request(actor: Actor, placement_request: PlacementRequest) -> None:
    if not may_change_request(actor, placement_request):
        raise PermissionDenied(ONLY_THE_REQUESTS_SCHOOL)


def sees_request_author(actor: Actor, placement_request: PlacementRequest) -> bool:
    """Who posted a request is for its own school."""
    return may_change_request(actor, placement_request)


def sees_hidden_reason(actor: Actor, placement_request: PlacementRequest) -> bool:
    """Why a request is hidden is for its school and the chamber."""
    return actor.moderator or may_change_request(actor, placement_request)


# Students


def may_list_students(actor: Actor) -> bool:
    """The students of a school are listed to its counsellors; the chamber never sees one."""
    return actor.has_role(COUNSELLOR)


def require_may_list_students(actor: Actor) -> None:
    if not may_list_students(actor):
        raise PermissionDenied(ONLY_COUNSELLORS_LIST_STUDENTS)


def student_scope(actor: Actor) -> Q:
    """Counsellors: their schools' students. A student: themself. Anyone else: none."""
    if actor.has_role(COUNSELLOR):
        return Q(school_id__in=counsellor_school_ids(actor))
    if actor.is_student:
        return Q(user_id=actor.user_id)
    return NOTHING


def has_student_profile(actor: Actor) -> bool:
    """Only students keep a student profile."""
    return actor.is_student


def require_student(actor: Actor) -> None:
    if not has_student_profile(actor):
        raise PermissionDenied(ONLY_STUDENTS)
