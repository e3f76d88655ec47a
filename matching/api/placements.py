"""The placements API: confirmed placements, confirming one, completing and cancelling it.

401 without a login; 404 for a placement you are not party to (chamber staff count placements
in the reports, they read none here); 403 when it is not yours to confirm, complete or cancel;
400 for what the status does not allow (naming what is allowed) or bad input; 409 when the last
places went to someone else a moment earlier. The rules are in matching/services/placements.py.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.exceptions import BAD_REQUEST
from backend.api.filter_backends import SelectorFilterBackend
from companies import selectors as company_selectors
from matching import policy, selectors, services
from matching.models import Placement
from matching.serializers import CancelSerializer, PlacementConfirmSerializer, PlacementSerializer
from matching.services.placements import NOT_ALLOWED
from schools import selectors as school_selectors
from schools.models import School

TAGS = ["placements"]
CONFLICT = OpenApiResponse(description="Fewer places are left than asked for.")


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="The placements you are party to"),
    retrieve=extend_schema(tags=TAGS, summary="One placement"),
)
class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Placements: a student's own, a counsellor's schools', a company's opportunities'."""

    queryset = Placement.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = PlacementSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [SelectorFilterBackend]
    filterset_class = selectors.PlacementFilter
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Placement]:
        filters = self.request.query_params if self.action == "list" else None
        return selectors.placements_for(self.request.user, filters=filters)

    def get_serializer_context(self) -> dict[str, Any]:
        user = self.request.user

        def allowed_actions(placement: Placement) -> list[str]:
            return services.placement_allowed_actions(placement=placement, user=user)

        return {**super().get_serializer_context(), "allowed_actions": allowed_actions}

    def _confirm_choices(self) -> dict[str, QuerySet]:
        """What the user may name in a confirmation: what they see, and only their students."""
        user = self.request.user
        return {
            "opportunity": company_selectors.opportunity_list(actor=self.request.actor),
            "proposal": selectors.proposal_list(user=user),
            "request": school_selectors.placement_request_list(user=user),
            "school": School.objects.filter(pk__in=policy.counsellor_school_ids(user)),
            "students": school_selectors.student_list(user=user),
        }

    @extend_schema(
        tags=TAGS,
        summary="Confirm a placement: N students of your school at an opportunity, these dates",
        request=PlacementConfirmSerializer,
        responses={201: PlacementSerializer(many=True), 400: BAD_REQUEST, 409: CONFLICT},
    )
    @action(detail=False, methods=["post"], pagination_class=None)  # the new ones, as a list
    def confirm(self, request: Request) -> Response:
        """Counsellors, for their school: with or without a request of theirs, naming students
        (one placement each) or giving a number. Counsellors and company members: a round's
        proposal. Returns the new placements."""
        user = request.user
        if not (policy.counsellor_school_ids(user) or policy.postable_company_ids(request.actor)):
            raise exceptions.PermissionDenied(
                _("Counsellors and company members confirm placements.")
            )
        data = PlacementConfirmSerializer(
            data=request.data, context={"choices": self._confirm_choices()}
        )
        data.is_valid(raise_exception=True)
        placements = services.placement_confirm(by=request.user, **data.validated_data)
        fresh = self.get_queryset().filter(pk__in=[p.pk for p in placements]).order_by("pk")
        return Response(self.get_serializer(fresh, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Complete a placement that has started",
        request=None,
        responses={200: PlacementSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, id: str) -> Response:
        placement = services.placement_complete(placement=self.get_object(), by=request.user)
        return self._respond(placement)

    @extend_schema(
        tags=TAGS,
        summary="Cancel a confirmed placement; its places return",
        request=CancelSerializer,
        responses={200: PlacementSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, id: str) -> Response:
        placement = self.get_object()
        if not policy.may_manage_placement(request.user, placement):  # before the body
            raise exceptions.PermissionDenied(NOT_ALLOWED)
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.placement_cancel(placement=placement, by=request.user, **data.validated_data)
        return self._respond(placement)

    def _respond(self, placement: Placement) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=placement.pk)).data)


API_ROUTES = [("placements", PlacementViewSet)]
URL_PATTERNS: list = []
