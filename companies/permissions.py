"""Permissions of the companies API (DESIGN.md, "Who may see and do what").

The order of the answers is the same on every endpoint:

1. an anonymous write is 401 (sign in first);
2. an object the user may not see is 404, whatever they wanted to do with it: the list and detail
   querysets are the visibility selectors, so a draft of another company does not exist for them;
3. an object they see but may not change (a public opportunity of another company; anything, for
   a student or a counsellor; a company's data, for chamber staff, who moderate but never edit)
   is 403.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.selectors import is_chamber_staff
from companies import policy
from companies.models import Company, Opportunity

MODERATION_ACTIONS = frozenset({"verify", "suspend", "unsuspend", "hide", "unhide"})


class _ReadOrSignedIn(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        if view.action == "create":
            return self.may_create(request)
        # Object actions are decided on the object, once it is known to be visible.
        return True

    def may_create(self, request: Request) -> bool:
        raise NotImplementedError


class CompanyPermission(_ReadOrSignedIn):
    """Any company member registers a company; its administrators edit it and set its logo;
    chamber staff verify, suspend and unsuspend it."""

    def may_create(self, request: Request) -> bool:
        return policy.can_create_company(request.user)

    def has_object_permission(self, request: Request, view: APIView, obj: Company) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if view.action in MODERATION_ACTIONS:
            return is_chamber_staff(request.user)
        return policy.can_admin_company(request.user, obj.pk)


class OpportunityPermission(_ReadOrSignedIn):
    """Approved members of a company create, edit, publish and close its opportunities;
    chamber staff hide and unhide any opportunity."""

    def may_create(self, request: Request) -> bool:
        return bool(policy.postable_company_ids(request.user))

    def has_object_permission(self, request: Request, view: APIView, obj: Opportunity) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if view.action in MODERATION_ACTIONS:
            return is_chamber_staff(request.user)
        return policy.can_post_for(request.user, obj.company_id)
