"""Audit for API views that show students' data."""

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from backend.audit.services import audit_student_read


class StudentReadAuditMixin:
    """Record every student a successful list or retrieve shows (each row's `student.id`), with
    `audit_purpose`; the service skips a student reading their own data."""

    audit_purpose = ""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "action", None) in ("list", "retrieve") and response.status_code == 200:
            data = response.data
            rows = data.get("results", []) if self.action == "list" else [data]
            students = [row["student"]["id"] for row in rows if row.get("student")]
            if students:
                audit_student_read(by=request.user, students=students, purpose=self.audit_purpose)
        return response
