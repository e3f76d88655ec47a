"""The audit log over the API: chamber staff read their own actions. Mounted by
backend/accounts/api.py (the accounts API lists it)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.selectors import is_chamber_staff
from backend.audit.models import AuditEntry
from backend.audit.selectors import audit_entries_by


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "at", "action", "target_type", "target_id", "detail"]
        read_only_fields = fields


class IsChamberStaff(permissions.BasePermission):
    message = _("Only chamber staff read the audit log.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_chamber_staff(request.user)


@extend_schema_view(list=extend_schema(summary="Your own actions, newest first (chamber staff)"))
class AuditEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """What you did as chamber staff: verifications, suspensions, hidden postings, exports.
    The full log is in the Django admin."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, IsChamberStaff]

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return audit_entries_by(user=self.request.user)
