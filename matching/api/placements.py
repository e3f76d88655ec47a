"""The placements API: confirmed placements, confirming one, completing and cancelling it.

401 without a login; 404 for a placement you are not party to (chamber staff count placements
in the reports, they read none here); 403 when it is not yours to confirm, complete or cancel;
400 for what the status does not allow (naming what is allowed) or bad input; 409 when the last
places went to someone else a moment earlier. The rules are in matching/services/placements.py.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.exceptions import BAD_REQUEST
from backend.api.views import ServiceViewSet
from matching import selectors, services
from matching.models import Placement
from matching.serializers import CancelSerializer, PlacementConfirmSerializer, PlacementSerializer

TAGS = ["placements"]
CONFLICT = OpenApiResponse(description="Fewer places are left than asked for.")


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="The placements you are party to"),
    retrieve=extend_schema(tags=TAGS, summary="One placement"),
)
class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Placements: a student's own, a counsellor's schools', a company's opportunities'."""

    queryset = Placement.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = PlacementSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = selectors.PlacementFilter

    def get_queryset(self) -> QuerySet[Placement]:
        filters = self.request.query_params if self.action == "list" else None
        return selectors.placements_for(actor=self.actor, filters=filters)

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
        services.placement_confirm_check(actor=self.actor)  # before the body: who may, then what
        data = self.validated(PlacementConfirmSerializer)
        placements = services.placement_confirm(actor=self.actor, **data)
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
        placement = services.placement_complete(actor=self.actor, placement=self.get_object())
        return self.respond(placement)

    @extend_schema(
        tags=TAGS,
        summary="Cancel a confirmed placement; its places return",
        request=CancelSerializer,
        responses={200: PlacementSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, id: str) -> Response:
        placement = self.get_object()
        services.placement_manage_check(actor=self.actor, placement=placement)  # before the body
        data = self.validated(CancelSerializer)
        services.placement_cancel(actor=self.actor, placement=placement, **data)
        return self.respond(placement)


API_ROUTES = [("placements", PlacementViewSet)]
URL_PATTERNS: list = []
