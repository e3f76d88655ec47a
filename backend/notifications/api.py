"""The in-app notifications API: the user's own notifications, the unread count, mark as read.

Nobody sees anyone else's notifications: another user's id is a 404 like a missing one.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.views import ServiceViewSet
from backend.notifications import selectors, services
from backend.notifications.models import Notification
from backend.notifications.selectors import NotificationFilter
from backend.notifications.serializers import (
    MarkedReadSerializer,
    NotificationSerializer,
    UnreadCountSerializer,
)

TAGS = ["notifications"]


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="Your notifications, newest first"),
    retrieve=extend_schema(tags=TAGS, summary="One of your notifications"),
)
class NotificationViewSet(ServiceViewSet):
    queryset = Notification.objects.none()  # the router's basename; get_queryset reads
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NotificationFilter

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notification_list(actor=self.actor)

    def list(self, request: Request) -> Response:
        return self.page(
            selectors.notification_list(actor=self.actor, filters=request.query_params)
        )

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        tags=TAGS,
        summary="How many of your notifications are unread",
        responses=UnreadCountSerializer,
    )
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[])
    def unread_count(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(actor=self.actor)})

    @extend_schema(
        tags=TAGS,
        summary="Mark one notification read",
        request=None,
        responses=NotificationSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, id: str) -> Response:
        notification = services.notification_mark_read(
            actor=self.actor, notification=self.get_object()
        )
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        tags=TAGS,
        summary="Mark all your notifications read",
        request=None,
        responses=MarkedReadSerializer,
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request: Request) -> Response:
        return Response({"marked_read": services.notifications_mark_all_read(actor=self.actor)})


API_ROUTES = [("notifications", NotificationViewSet)]
URL_PATTERNS: list = []
