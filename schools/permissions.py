"""Who may do what on the school side's API (DESIGN.md, "Who may see and do what").

The viewsets' querysets decide what a user can see (404 otherwise); these classes decide what
they may do with it (403 otherwise). Anonymous users get 401 wherever a login is needed.
"""

from rest_framework.permissions import BasePermission

from backend.accounts import selectors as account_selectors
from backend.accounts.models import User
from schools.selectors import counsellor_school_ids

UPDATE_ACTIONS = frozenset({"update", "partial_update"})
CHAMBER_ACTIONS = frozenset({"verify", "suspend", "unsuspend", "hide", "unhide"})
REQUEST_READERS = frozenset({User.Role.COUNSELLOR, User.Role.COMPANY_MEMBER})


class SchoolPermission(BasePermission):
    """Anyone reads the school directory; counsellors register schools; a school's admins edit
    it; the chamber verifies and suspends."""

    def has_permission(self, request, view) -> bool:
        if view.action in ("list", "retrieve"):
            return True
        if not request.user.is_authenticated:
            return False
        if view.action == "create":
            return request.user.role == User.Role.COUNSELLOR
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action == "retrieve":
            return True
        if view.action in UPDATE_ACTIONS:
            return obj.pk in account_selectors.admin_organisation_ids(request.user)
        if view.action in CHAMBER_ACTIONS:
            return account_selectors.is_chamber_staff(request.user)
        return False


class PlacementRequestPermission(BasePermission):
    """Counsellors, company members and the chamber read (each sees their share); counsellors
    write their own schools' requests; the chamber hides and unhides."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action == "create":
            return account_selectors.has_role(user, User.Role.COUNSELLOR)
        if account_selectors.is_chamber_staff(user):
            return True
        return user.role in REQUEST_READERS and account_selectors.has_role(user, user.role)

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action == "retrieve":
            return True
        if view.action in UPDATE_ACTIONS or view.action == "close":
            return obj.school_id in counsellor_school_ids(request.user)
        if view.action in CHAMBER_ACTIONS:
            return account_selectors.is_chamber_staff(request.user)
        return False


class StudentPermission(BasePermission):
    """A student keeps their own profile (`me`); counsellors list their schools' students.
    A student's detail is a 404 for whoever may not see it (chamber staff: always)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action == "me":
            return user.role == User.Role.STUDENT
        if view.action == "list":
            return account_selectors.has_role(user, User.Role.COUNSELLOR)
        return True
