"""The matching API: ranked, explained matches; allocation rounds; proposals.

Thin views: each checks who asks, calls one selector or service and serializes. URL_PATTERNS
(the match lists, nested under other apps' collections) and API_ROUTES (rounds, proposals) are
registered by backend/api/urls.py. Status codes follow README "The API": 401 without a login,
404 for what the user cannot see, 403 for what they see but may not use or do.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.actor import Actor
from backend.api.exceptions import BAD_REQUEST
from backend.api.views import ServiceViewSet
from companies import selectors as company_selectors
from matching import explanations, selectors, services
from matching.models import AllocationRound, Match, Proposal
from matching.pagination import MatchPagination
from matching.serializers import (
    AllocationRoundCreateSerializer,
    AllocationRoundSerializer,
    ChoicesSerializer,
    MatchSerializer,
    OpportunityMatchSerializer,
    ProposalSerializer,
    RoundChoiceSerializer,
)
from schools import selectors as school_selectors
from schools.models import PlacementRequest

TAGS = ["matching"]
NO_PROFILE = _("You have no student profile yet: create it with PUT /api/v1/students/me/.")


class _MatchListView(GenericAPIView):
    """A ranked page of matches; an empty list says why (`empty_state`, null otherwise)."""

    queryset = Match.objects.none()  # the model, for the schema; rows come from the selectors
    permission_classes = [IsAuthenticated]
    pagination_class = MatchPagination
    filter_backends = []

    def _page(self, matches: QuerySet[Match], empty_state: Callable[[], dict]) -> Response:
        page = self.paginate_queryset(matches)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        empty = self.paginator.page.paginator.count == 0
        response.data["empty_state"] = empty_state() if empty else None
        return response


@extend_schema(
    tags=TAGS,
    summary="The ranked opportunities for a request of your school",
    responses=MatchSerializer(many=True),
)
class RequestMatchesView(_MatchListView):
    """Counsellors of the request's school. Others who can read the request get 403."""

    serializer_class = MatchSerializer

    def get(self, request: Request, id: int) -> Response:
        placement_request = get_object_or_404(
            school_selectors.placement_request_list(actor=request.actor), pk=id
        )
        actor = request.actor
        return self._page(
            selectors.request_match_list(actor=actor, placement_request=placement_request),
            lambda: _why_not(actor, placement_request),
        )


def _why_not(actor: Actor, placement_request: PlacementRequest) -> dict[str, Any]:
    unmatched = selectors.request_unmatched(actor=actor, placement_request=placement_request)
    if unmatched is None:
        return explanations.closed_request_state()
    return explanations.empty_state(unmatched)


@extend_schema(
    tags=TAGS,
    summary="The ranked requests for an opportunity of your company",
    responses=OpportunityMatchSerializer(many=True),
)
class OpportunityMatchesView(_MatchListView):
    """Members of the opportunity's company: the requests that fit (the school, what and when;
    never a student). Others who can read the opportunity get 403."""

    serializer_class = OpportunityMatchSerializer

    def get(self, request: Request, id: int) -> Response:
        opportunity = get_object_or_404(
            company_selectors.opportunity_list(actor=request.actor), pk=id
        )
        matchable = selectors.matchable_opportunities().filter(pk=id).exists
        return self._page(
            selectors.opportunity_match_list(actor=request.actor, opportunity=opportunity),
            lambda: explanations.opportunity_empty_state(opportunity, matchable=matchable()),
        )


@extend_schema(
    tags=TAGS,
    summary="Your recommended opportunities (students)",
    responses=MatchSerializer(many=True),
)
class StudentRecommendationsView(_MatchListView):
    """A student's own recommendations, best first; 404 until they have a profile."""

    serializer_class = MatchSerializer

    def get(self, request: Request) -> Response:
        actor = request.actor
        matches = selectors.student_match_list(actor=actor)
        if school_selectors.student_profile_of(actor=actor) is None:
            raise exceptions.NotFound(NO_PROFILE)
        return self._page(
            matches, lambda: explanations.empty_state(selectors.student_unmatched(actor=actor))
        )


URL_PATTERNS = [
    path("requests/<int:id>/matches/", RequestMatchesView.as_view(), name="request-matches"),
    path(
        "opportunities/<int:id>/matches/",
        OpportunityMatchesView.as_view(),
        name="opportunity-matches",
    ),
    path(
        "students/me/recommendations/",
        StudentRecommendationsView.as_view(),
        name="student-recommendations",
    ),
]


# --- rounds and proposals --------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="The allocation rounds you may see"),
    retrieve=extend_schema(tags=TAGS, summary="One round: status, progress and summary"),
)
class AllocationRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Allocation rounds. Stable: a counsellor's round over their school's students, who rank
    opportunities. Pairing: the chamber's round over the region's open requests and published
    opportunities (optionally one county). Chamber staff see every round's summary, never a
    student."""

    queryset = AllocationRound.objects.none()
    serializer_class = AllocationRoundSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self) -> QuerySet[AllocationRound]:
        return selectors.allocation_round_list(actor=self.actor)

    @extend_schema(
        tags=TAGS,
        summary="Create a round (counsellors: stable; chamber: pairing)",
        request=AllocationRoundCreateSerializer,
        responses={201: AllocationRoundSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(AllocationRoundCreateSerializer)
        allocation_round = services.allocation_round_create(actor=self.actor, **data)
        return self.respond(allocation_round, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        tags=TAGS,
        summary="Your ranked choices in a stable round (students)",
        responses=RoundChoiceSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        tags=TAGS,
        summary="Set your ranked choices (students): each rank and opportunity once",
        request=ChoicesSerializer,
        responses={200: RoundChoiceSerializer(many=True), 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def choices(self, request: Request, id: str) -> Response:
        allocation_round = self.get_object()
        choices = selectors.student_choice_list(actor=self.actor, allocation_round=allocation_round)
        if request.method == "POST":
            data = self.validated(ChoicesSerializer)
            services.allocation_round_set_choices(
                actor=self.actor, allocation_round=allocation_round, **data
            )
        return Response(RoundChoiceSerializer(choices, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Run the round (in the background); follow its status and progress",
        request=None,
        responses={202: AllocationRoundSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def run(self, request: Request, id: str) -> Response:
        allocation_round = services.allocation_round_enqueue(
            actor=self.actor, allocation_round=self.get_object()
        )
        return self.respond(allocation_round, status.HTTP_202_ACCEPTED)

    @extend_schema(
        tags=TAGS,
        summary="The round's proposals (the school's counsellors; chamber: pairing rounds)",
        responses=ProposalSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def proposals(self, request: Request, id: str) -> Response:
        proposals = selectors.round_proposal_list(
            actor=self.actor, allocation_round=self.get_object()
        )
        return self.page(proposals, ProposalSerializer)


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="The proposals you are party to"),
    retrieve=extend_schema(tags=TAGS, summary="One proposal"),
)
class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """What the rounds propose: confirmed or declined by the school's counsellor or a member of
    the opportunity's company."""

    queryset = Proposal.objects.none()
    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self) -> QuerySet[Proposal]:
        return selectors.proposal_list(actor=self.actor)

    @extend_schema(
        tags=TAGS,
        summary="Confirm a proposal",
        request=None,
        responses={200: ProposalSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, id: str) -> Response:
        proposal = services.proposal_confirm(actor=self.actor, proposal=self.get_object())
        return self.respond(proposal)

    @extend_schema(
        tags=TAGS,
        summary="Decline a proposal",
        request=None,
        responses={200: ProposalSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, id: str) -> Response:
        proposal = services.proposal_decline(actor=self.actor, proposal=self.get_object())
        return self.respond(proposal)


API_ROUTES = [("allocation-rounds", AllocationRoundViewSet), ("proposals", ProposalViewSet)]
