"""The in-app notifications API: the user's own notifications, the unread count, mark as read.

Nobody sees anyone else's notifications: another user's id is a 404 like a missing one.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.filter_backends import SelectorFilterBackend
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
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [SelectorFilterBackend]
    filterset_class = NotificationFilter
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.notification_list(user=self.request.user)

    def list(self, request: Request) -> Response:
        notifications = selectors.notification_list(user=request.user, filters=request.query_params)
        page = self.paginate_queryset(notifications)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="How many of your notifications are unread",
        responses=UnreadCountSerializer,
    )
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[])
    def unread_count(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(user=request.user)})

    @extend_schema(
        tags=TAGS,
        summary="Mark one notification read",
        request=None,
        responses=NotificationSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, id: str) -> Response:
        notification = services.notification_mark_read(
            notification=self.get_object(), by=request.user
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
        return Response({"marked_read": services.notifications_mark_all_read(by=request.user)})


API_ROUTES = [("notifications", NotificationViewSet)]
URL_PATTERNS: list = []
