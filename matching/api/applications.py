"""The applications API: students apply and answer offers, companies review and decide,
counsellors read their students' applications.

401 without a login; 404 for an application you are not party to (chamber staff see none: they
read counts in the reports); 403 for an action that is not yours to take (a company's move, for
the student; anything, for a counsellor); 400 naming the actions allowed now when the status
does not allow it; 409 when an acceptance lost the last place. The rules are in
matching/services/applications.py.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.exceptions import BAD_REQUEST
from backend.api.filter_backends import SelectorFilterBackend
from backend.api.parsers import JSONParser
from backend.audit.services import audit_student_read
from companies import selectors as company_selectors
from matching import policy, selectors, services
from matching.models import Application
from matching.serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    NoteSerializer,
)

TAGS = ["applications"]
CONFLICT = OpenApiResponse(description="The last place went to someone else a moment earlier.")


def _action_schema(summary: str, *, conflict: bool = False) -> Callable:
    responses: dict[int, Any] = {200: ApplicationSerializer, 400: BAD_REQUEST}
    if conflict:
        responses[409] = CONFLICT
    return extend_schema(tags=TAGS, summary=summary, request=NoteSerializer, responses=responses)


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="The applications you are party to"),
    retrieve=extend_schema(tags=TAGS, summary="One application with its history"),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications: a student's own; the applications of a counsellor's students (read-only);
    the applications to a company's opportunities."""

    queryset = Application.objects.none()  # the model, for the schema; rows come from the selector
    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [SelectorFilterBackend]
    filterset_class = selectors.ApplicationFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Application]:
        filters = self.request.query_params if self.action == "list" else None
        return selectors.applications_for(self.request.user, filters=filters)

    def get_serializer_context(self) -> dict[str, Any]:
        user = self.request.user

        def allowed_actions(application: Application) -> list[str]:
            return services.application_allowed_actions(application=application, user=user)

        return {**super().get_serializer_context(), "allowed_actions": allowed_actions}

    @extend_schema(
        tags=TAGS,
        summary="Apply to an opportunity (students); multipart/form-data to attach a CV",
        request={
            "application/json": ApplicationCreateSerializer,
            "multipart/form-data": ApplicationCreateSerializer,
        },
        responses={201: ApplicationSerializer, 400: BAD_REQUEST},
    )
    def create(self, request: Request) -> Response:
        if not policy.is_student(request.user):  # before the body: who may, then what
            raise exceptions.PermissionDenied(_("Only students apply to opportunities."))
        # Closed postings too: applying to one answers that it closed, not that it is unknown.
        opportunities = company_selectors.opportunity_list(actor=request.actor, closed_too=True)
        data = ApplicationCreateSerializer(
            data=request.data, context={"opportunities": opportunities}
        )
        data.is_valid(raise_exception=True)
        application = services.application_submit(by=request.user, **data.validated_data)
        return self._respond(application, status.HTTP_201_CREATED)

    def _respond(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def _act(self, name: str) -> Response:
        application = self.get_object()
        note = NoteSerializer(data=self.request.data)
        note.is_valid(raise_exception=True)
        services.application_act(
            application=application, action=name, by=self.request.user, **note.validated_data
        )
        return self._respond(application)

    @_action_schema("Students: withdraw your application (from any open status)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, id: str) -> Response:
        return self._act("withdraw")

    @_action_schema("Companies: start reviewing a submitted application")
    @action(detail=True, methods=["post"])
    def review(self, request: Request, id: str) -> Response:
        return self._act("review")

    @_action_schema("Companies: invite the student to an interview")
    @action(detail=True, methods=["post"])
    def interview(self, request: Request, id: str) -> Response:
        return self._act("interview")

    @_action_schema("Companies: offer the student a place", conflict=True)
    @action(detail=True, methods=["post"])
    def offer(self, request: Request, id: str) -> Response:
        return self._act("offer")

    @_action_schema("Companies: reject the application (or withdraw an unanswered offer)")
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, id: str) -> Response:
        return self._act("reject")

    @_action_schema("Students: accept the offer; the placement is confirmed", conflict=True)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, id: str) -> Response:
        return self._act("accept")

    @_action_schema("Students: decline the offer")
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, id: str) -> Response:
        return self._act("decline")

    @extend_schema(
        tags=TAGS,
        summary="Download the CV (a PDF, as an attachment)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def cv(self, request: Request, id: str) -> FileResponse:
        """Those who see the application: the student, their counsellors, the company's
        members. Never from a public URL."""
        application = self.get_object()
        if not application.cv:
            raise exceptions.NotFound(_("This application has no CV."))
        if application.student_id is not None:
            audit_student_read(by=request.user, students=[application.student_id], purpose="cv")
        response = FileResponse(
            application.cv.open("rb"),
            as_attachment=True,
            filename=f"cv-{application.pk}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


API_ROUTES = [("applications", ApplicationViewSet)]
URL_PATTERNS: list = []
