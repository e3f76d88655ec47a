"""The school side's API; API_ROUTES is registered on the /api/v1/ router by backend/api/urls.py.

Status codes, the same on every endpoint: 401 without a login where one is needed; 404 for an
object the user may not see (as if it did not exist); 403 for an object they see but may not
change, and for a collection their role may not use; 400 for bad input, naming the field, and
for a status change the object's state does not allow, naming what is allowed.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend import moderation
from backend.api.exceptions import BAD_REQUEST
from backend.api.views import ServiceViewSet
from schools import policy, selectors, services
from schools.filters import PlacementRequestFilter, SchoolFilter, StudentFilter
from schools.models import PlacementRequest, School, StudentProfile
from schools.serializers import (
    HideSerializer,
    PlacementRequestSerializer,
    SchoolSerializer,
    StudentProfileSerializer,
    StudentSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List schools: verified ones, your own, all for the chamber"),
    retrieve=extend_schema(summary="One school"),
    create=extend_schema(summary="Register a school (counsellors); you become its admin"),
    update=extend_schema(summary="Change a school (its admins)"),
    partial_update=extend_schema(summary="Change some fields of a school (its admins)"),
)
class SchoolViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ServiceViewSet,
):
    """Schools. A new school is unverified: its requests stay private until the chamber verifies
    it. No personal data here."""

    queryset = School.objects.all()
    serializer_class = SchoolSerializer
    filterset_class = SchoolFilter

    def get_queryset(self) -> QuerySet:
        filters = self.request.query_params if self.action == "list" else None
        return selectors.school_list(actor=self.actor, filters=filters)

    def create(self, request: Request) -> Response:
        policy.require_may_register_school(self.actor)  # 403 before any 400 for the body
        school = services.school_create(actor=self.actor, **self.validated(SchoolSerializer))
        # Not read back through the selector: this request's actor is not yet the new (and
        # unverified) school's member.
        data = SchoolSerializer(school, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, partial: bool = False, **kwargs) -> Response:
        school = self.get_object()
        policy.require_may_change_school(self.actor, school)
        data = self.validated(SchoolSerializer, school, partial=partial)
        school = services.school_update(actor=self.actor, school=school, data=data)
        return self.respond(school)

    @extend_schema(
        summary="Verify a school (chamber)",
        request=None,
        responses={200: SchoolSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, **kwargs) -> Response:
        school = self.get_object()
        moderation.organisation_verify(actor=request.actor, organisation=school.organisation)
        return Response(self.get_serializer(school).data)

    @extend_schema(
        summary="Suspend a school (chamber): it and its requests disappear",
        request=None,
        responses={200: SchoolSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, **kwargs) -> Response:
        school = self.get_object()
        moderation.organisation_suspend(actor=request.actor, organisation=school.organisation)
        return Response(self.get_serializer(school).data)

    @extend_schema(
        summary="Lift a school's suspension (chamber)",
        request=None,
        responses={200: SchoolSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def unsuspend(self, request: Request, **kwargs) -> Response:
        school = self.get_object()
        moderation.organisation_unsuspend(actor=request.actor, organisation=school.organisation)
        return Response(self.get_serializer(school).data)


@extend_schema_view(
    list=extend_schema(summary="List placement requests you may read"),
    retrieve=extend_schema(summary="One placement request"),
    create=extend_schema(summary="Post a placement request for your school (counsellors)"),
    update=extend_schema(summary="Change an open request of your school"),
    partial_update=extend_schema(summary="Change some fields of an open request of your school"),
)
class PlacementRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ServiceViewSet,
):
    """Placement requests: a school asks for places (status open → partially_filled → filled, or
    closed). Counsellors read all and write their schools'; company members read the open ones;
    the chamber reads all and hides or unhides. Students and visitors: none."""

    queryset = PlacementRequest.objects.all()
    serializer_class = PlacementRequestSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PlacementRequestFilter

    def get_queryset(self) -> QuerySet:
        filters = self.request.query_params if self.action == "list" else None
        return selectors.placement_request_board(actor=self.actor, filters=filters)

    def create(self, request: Request) -> Response:
        policy.require_may_post_requests(self.actor)  # 403 before any 400 for the body
        placement_request = services.placement_request_create(
            actor=self.actor, **self.validated(PlacementRequestSerializer)
        )
        return self.respond(placement_request, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, partial: bool = False, **kwargs) -> Response:
        placement_request = self.get_object()
        policy.require_may_change_request(self.actor, placement_request)
        data = self.validated(PlacementRequestSerializer, placement_request, partial=partial)
        placement_request = services.placement_request_update(
            actor=self.actor, placement_request=placement_request, data=data
        )
        return self.respond(placement_request)

    @extend_schema(
        summary="Close a request of your school",
        request=None,
        responses={200: PlacementRequestSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, **kwargs) -> Response:
        placement_request = services.placement_request_close(
            actor=self.actor, placement_request=self.get_object()
        )
        return self.respond(placement_request)

    @extend_schema(
        summary="Hide a request (chamber); its school sees the reason",
        request=HideSerializer,
        responses={200: PlacementRequestSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, **kwargs) -> Response:
        placement_request = self.get_object()
        data = self.validated(HideSerializer)
        moderation.posting_hide(actor=request.actor, posting=placement_request, **data)
        return Response(self.get_serializer(placement_request).data)

    @extend_schema(
        summary="Show a hidden request again (chamber)",
        request=None,
        responses={200: PlacementRequestSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def unhide(self, request: Request, **kwargs) -> Response:
        placement_request = moderation.posting_unhide(
            actor=request.actor, posting=self.get_object()
        )
        return Response(self.get_serializer(placement_request).data)


NO_PROFILE = _("You have no student profile yet: create it with PUT.")


@extend_schema_view(
    list=extend_schema(summary="Your schools' students (counsellors)"),
    retrieve=extend_schema(summary="One of your schools' students (counsellors)"),
)
class StudentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """Students. Counsellors see their own schools' students without birth dates (`is_under_18`
    instead); the chamber never sees a student. A student keeps their profile at `me/`."""

    queryset = StudentProfile.objects.all()
    serializer_class = StudentSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = StudentFilter

    def get_queryset(self) -> QuerySet:
        if self.action == "list":
            return selectors.school_student_list(
                actor=self.actor, filters=self.request.query_params
            )
        return selectors.student_list(actor=self.actor)

    @extend_schema(
        methods=["GET"],
        summary="Your own student profile (404 until you create it with PUT)",
        responses={200: StudentProfileSerializer},
        filters=False,
    )
    @extend_schema(
        methods=["PUT", "PATCH"],
        summary="Create (PUT) or change your student profile; choosing a school asks to join it",
        request=StudentProfileSerializer,
        responses={200: StudentProfileSerializer, 201: StudentProfileSerializer},
        filters=False,
    )
    @action(
        detail=False,
        methods=["get", "put", "patch"],
        serializer_class=StudentProfileSerializer,
        filter_backends=[],
    )
    def me(self, request: Request) -> Response:
        profile = selectors.student_profile_of(actor=self.actor)
        partial = request.method == "PATCH"
        if profile is None and request.method != "PUT":
            raise exceptions.NotFound(NO_PROFILE)
        if request.method == "GET":
            return Response(StudentProfileSerializer(profile).data)
        data = self.validated(StudentProfileSerializer, profile, partial=partial)
        _profile, created = services.student_profile_upsert(actor=self.actor, data=data)
        # Read back through the selector, which adds the membership status.
        profile = selectors.student_profile_of(actor=self.actor)
        return Response(
            StudentProfileSerializer(profile).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


API_ROUTES = [
    ("schools", SchoolViewSet),
    ("requests", PlacementRequestViewSet),
    ("students", StudentViewSet),
]
URL_PATTERNS: list = []
