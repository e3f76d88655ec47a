from rest_framework import serializers

from backend.notifications import emails
from backend.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    """A notification as the app shows it; `subject` is its one-line text in the request's
    language, `payload` the details the kind carries (backend/notifications/services.py)."""

    subject = serializers.SerializerMethodField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "payload", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_subject(self, notification: Notification) -> str:
        return emails.subject(notification)

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField()
