"""A student's own data: export it, erase it. A counsellor of the student's school may do both
on the student's behalf (a school handling a request); nobody else can, chamber staff never.

Erasing asks for the password of the person erasing: it cannot be undone.
"""

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching import privacy


class EraseSerializer(serializers.Serializer):
    password = serializers.CharField(
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="Your own password: erasing cannot be undone.",
    )

    def validate_password(self, value: str) -> str:
        if not self.context["actor"].user.check_password(value):
            raise serializers.ValidationError(_("Wrong password."))
        return value


class ErasureSerializer(serializers.Serializer):
    applications = serializers.IntegerField()
    placements = serializers.IntegerField()
    messages = serializers.IntegerField()
    files = serializers.IntegerField()


class StudentExportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Download all of a student's data: data.json and their CVs, in a zip",
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request, student_id: int | None = None) -> HttpResponse:
        student = privacy.data_subject(actor=request.actor, student_id=student_id)
        response = HttpResponse(
            privacy.student_export(actor=request.actor, student=student),
            content_type="application/zip",
        )
        response["Content-Disposition"] = 'attachment; filename="praktikbryggan-data.zip"'
        response["Cache-Control"] = "no-store"
        return response


class StudentEraseView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Erase a student: the account and personal data go, applications and "
        "placements stay anonymised",
        request=EraseSerializer,
        responses={200: ErasureSerializer},
    )
    def post(self, request: Request, student_id: int | None = None) -> Response:
        student = privacy.data_subject(actor=request.actor, student_id=student_id)
        EraseSerializer(data=request.data, context={"actor": request.actor}).is_valid(
            raise_exception=True
        )
        erasure = privacy.student_erase(actor=request.actor, student=student)
        return Response(ErasureSerializer(erasure).data, status=status.HTTP_200_OK)


API_ROUTES: list = []
URL_PATTERNS = [
    path("students/me/export/", StudentExportView.as_view(), name="student-export-me"),
    path("students/<int:student_id>/export/", StudentExportView.as_view(), name="student-export"),
    path("students/me/erase/", StudentEraseView.as_view(), name="student-erase-me"),
    path("students/<int:student_id>/erase/", StudentEraseView.as_view(), name="student-erase"),
]
