"""What a school and a company set once for all their placements: the school's working-hour
limits for its pupils, and the handledare the company's next placement plan starts from."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from companies.access import can_post_for
from companies.models import Company
from matching.agreements import selectors, services
from matching.agreements import serializers as s
from matching.agreements.api import TAGS
from matching.agreements.models import HourLimit
from schools.models import School
from schools.selectors import counsellor_school_ids


class HourLimitsView(GenericAPIView):
    """A school's working-hour limits for its pupils, per level; its counsellors set them."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.HourLimitSerializer
    pagination_class = None  # one row per level, as a list
    queryset = HourLimit.objects.none()

    def school(self) -> School:
        """Another school's id answers as a missing one does: 404, whether it exists or not."""
        if self.kwargs["pk"] not in counsellor_school_ids(self.request.user):
            raise Http404
        return get_object_or_404(School, pk=self.kwargs["pk"])

    @extend_schema(
        tags=TAGS, operation_id="school_hour_limits", responses=s.HourLimitSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.HourLimitSerializer(self.school().hour_limits.all(), many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="school_hour_limits_set",
        request=s.HourLimitSerializer,
        responses=s.HourLimitSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        """Set the limits of one level (e.g. grundskola: 06:00-20:00)."""
        school = self.school()
        data = s.HourLimitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        limit = services.hour_limit_set(school=school, by=request.user, **data.validated_data)
        return Response(s.HourLimitSerializer(limit).data)


class HandledareDefaultsView(GenericAPIView):
    """The handledare of the company's last placement plan, to pre-fill the next one."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.HandledareDefaultsSerializer
    queryset = Company.objects.none()

    @extend_schema(
        tags=TAGS,
        operation_id="company_handledare_defaults",
        responses=s.HandledareDefaultsSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        if not can_post_for(request.user, pk):  # another company's id answers as a missing one
            raise Http404
        company = get_object_or_404(Company, pk=pk)
        return Response(selectors.handledare_defaults(company))


API_ROUTES: list = []
URL_PATTERNS = [
    path("schools/<int:pk>/hour-limits/", HourLimitsView.as_view(), name="school-hour-limits"),
    path(
        "companies/<int:pk>/handledare-defaults/",
        HandledareDefaultsView.as_view(),
        name="company-handledare-defaults",
    ),
]
