"""The audit log over the API: chamber staff read their own actions. Mounted by
backend/accounts/api.py (the accounts API lists it)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.views import ServiceViewSet
from backend.audit.models import AuditEntry
from backend.audit.selectors import audit_entries_by


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "at", "action", "target_type", "target_id", "detail"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(summary="Your own actions, newest first (chamber staff)"))
class AuditEntryViewSet(ServiceViewSet):
    """What you did as chamber staff: verifications, suspensions, hidden postings, exports.
    The full log is in the Django admin."""

    queryset = AuditEntry.objects.none()  # the router's basename; get_queryset reads
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[AuditEntry]:
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        return audit_entries_by(actor=self.actor)

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset())
