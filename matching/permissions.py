"""Permissions of the matching API, in the project's order: 401 without a login; 404 for what the
user cannot see (the querysets are the visibility selectors); 403 for what they see but may not
do (matching/policy.py decides)."""

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.models import User
from matching import policy
from matching.models import AllocationRound, Proposal

ROUND_CREATORS = frozenset({User.Role.COUNSELLOR, User.Role.CHAMBER_STAFF})


class AllocationRoundPermission(BasePermission):
    """Counsellors create stable rounds for their school, chamber staff pairing rounds for the
    region; the round's managers run it and read its proposals; the school's students rank."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action == "create":
            return user.role in ROUND_CREATORS or policy.is_chamber_staff(request.actor)
        return True

    def has_object_permission(self, request: Request, view: APIView, obj: AllocationRound) -> bool:
        if view.action == "retrieve":
            return True
        if view.action == "choices":
            return policy.may_rank_in(request.actor, obj)
        return policy.may_manage(request.actor, obj)


class ProposalPermission(BasePermission):
    """Parties read their proposals; the school's counsellors and the company's members decide."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: APIView, obj: Proposal) -> bool:
        if view.action == "retrieve":
            return True
        return policy.may_decide(request.actor, obj)
