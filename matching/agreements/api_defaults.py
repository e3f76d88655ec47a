"""What a school and a company set once for all their placements: the school's working-hour
limits for its pupils, and the handledare the company's next placement plan starts from."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from companies.models import Company
from companies.selectors import company_list
from matching.agreements import selectors, services
from matching.agreements import serializers as s
from matching.agreements.api import TAGS
from matching.agreements.models import HourLimit
from schools.models import School
from schools.selectors import school_list


class HourLimitsView(GenericAPIView):
    """A school's working-hour limits for its pupils, per level; its counsellors set them."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.HourLimitSerializer
    pagination_class = None  # one row per level, as a list
    queryset = HourLimit.objects.none()

    def school(self) -> School:
        """404 for a school the user cannot see, as for a missing one (the answer tells nothing
        of what exists)."""
        return get_object_or_404(school_list(actor=self.request.actor), pk=self.kwargs["pk"])

    @extend_schema(
        tags=TAGS, operation_id="school_hour_limits", responses=s.HourLimitSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        """403 for a school the actor sees but is no counsellor of."""
        limits = selectors.hour_limit_list(actor=request.actor, school=self.school())
        return Response(s.HourLimitSerializer(limits, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="school_hour_limits_set",
        request=s.HourLimitSerializer,
        responses=s.HourLimitSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        """Set the limits of one level (e.g. grundskola: 06:00-20:00)."""
        school = self.school()
        services.hour_limit_check(actor=request.actor, school=school)  # who may, then what
        data = s.HourLimitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        limit = services.hour_limit_set(actor=request.actor, school=school, **data.validated_data)
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
        # 404 for a company the user cannot see, as for a missing one; 403 for one they see.
        company = get_object_or_404(company_list(actor=request.actor), pk=pk)
        return Response(selectors.company_handledare_defaults(actor=request.actor, company=company))


API_ROUTES: list = []
URL_PATTERNS = [
    path("schools/<int:pk>/hour-limits/", HourLimitsView.as_view(), name="school-hour-limits"),
    path(
        "companies/<int:pk>/handledare-defaults/",
        HandledareDefaultsView.as_view(),
        name="company-handledare-defaults",
    ),
]
