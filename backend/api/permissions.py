"""Role permissions shared by every API; object-level rules live with each app's views."""

from rest_framework.permissions import BasePermission

from backend.accounts import selectors
from backend.accounts.models import User


class _HasRole(BasePermission):
    role: str

    def has_permission(self, request, view) -> bool:
        return selectors.has_role(request.user, self.role)


class IsChamberStaff(_HasRole):
    role = User.Role.CHAMBER_STAFF


class IsCompanyMember(_HasRole):
    role = User.Role.COMPANY_MEMBER


class IsCounsellor(_HasRole):
    role = User.Role.COUNSELLOR


class IsStudent(BasePermission):
    """Students keep their own profile even before a school approved them."""

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.user.role == User.Role.STUDENT
