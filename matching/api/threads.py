"""The threads API: conversations about a request (a school and a company) or an application
(the student, the company, the school).

401 without a login; a thread the user does not take part in is a 404; a request the user can
read but may not write about (another school's, or chamber staff) is a 403. The serializers live
here: they belong to these views only.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.serializers import IdRelatedField
from backend.api.views import ServiceViewSet
from companies.models import Company
from matching.models import Application, Message, Thread
from matching.selectors import threads as selectors
from matching.services import threads as services
from schools import selectors as school_selectors
from schools.models import PlacementRequest

TAGS = ["threads"]
BODY_MAX = Message._meta.get_field("body").max_length
SUBJECT_MAX = Thread._meta.get_field("subject").max_length


class MessageSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "author_name", "body", "created_at", "mine"]
        read_only_fields = fields

    def get_author_name(self, message: Message) -> str:
        author = message.author
        return (author.get_full_name() or author.email) if author else ""

    def get_mine(self, message: Message) -> bool:
        return message.author_id == self.context["actor"].user_id


class ThreadSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    label = serializers.SerializerMethodField()
    school_name = serializers.SerializerMethodField()
    company_name = serializers.SerializerMethodField()
    message_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "kind",
            "label",
            "subject",
            "request",
            "application",
            "company",
            "company_name",
            "school_name",
            "created_at",
            "last_message_at",
            "message_count",
        ]
        read_only_fields = fields

    def get_kind(self, thread: Thread) -> str:
        return "application" if thread.application_id else "request"

    def get_label(self, thread: Thread) -> str:
        return services.thread_label(thread)

    def get_school_name(self, thread: Thread) -> str:
        school = thread.application.school if thread.application_id else thread.request.school
        return str(school)

    def get_company_name(self, thread: Thread) -> str:
        company = (
            thread.application.opportunity.company if thread.application_id else thread.company
        )
        return str(company)


class ThreadDetailSerializer(ThreadSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "messages"]
        read_only_fields = fields


class ThreadOpenSerializer(serializers.Serializer):
    """About a request (with a company) or about an application; the first message."""

    request = IdRelatedField(
        queryset=PlacementRequest.objects.none(), required=False, allow_null=True
    )
    company = IdRelatedField(queryset=Company.objects.none(), required=False, allow_null=True)
    application = IdRelatedField(
        queryset=Application.objects.none(), required=False, allow_null=True
    )
    subject = serializers.CharField(max_length=SUBJECT_MAX, required=False, allow_blank=True)
    body = serializers.CharField(max_length=BODY_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "actor" not in self.context:  # the schema generator
            return
        actor = self.context["actor"]
        # Only what the actor can see can be named: anything else is "does not exist".
        self.fields["request"].queryset = school_selectors.placement_request_list(actor=actor)
        self.fields["application"].queryset = selectors.thread_application_list(actor=actor)
        self.fields["company"].queryset = Company.objects.filter(
            organisation__verified_at__isnull=False, organisation__suspended=False
        ).select_related("organisation")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if bool(data.get("request")) == bool(data.get("application")):
            raise serializers.ValidationError(
                {"request": [_("Name either a placement request or an application.")]}
            )
        if data.get("application") and data.get("company"):
            raise serializers.ValidationError(
                {"company": [_("An application's thread is with the opportunity's company.")]}
            )
        return data


class MessagePostSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=BODY_MAX)


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="Your threads, the most recently active first"),
    retrieve=extend_schema(
        tags=TAGS, summary="One thread with its messages", responses=ThreadDetailSerializer
    ),
)
class ThreadViewSet(mixins.ListModelMixin, ServiceViewSet):
    queryset = Thread.objects.none()
    serializer_class = ThreadSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Thread]:
        return selectors.thread_list(actor=self.actor)

    def retrieve(self, request: Request, id: str) -> Response:
        return self._detail(int(id), status.HTTP_200_OK)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return ThreadDetailSerializer if self.action == "retrieve" else ThreadSerializer

    @extend_schema(
        tags=TAGS,
        summary="Open a thread (or write in the existing one) about a request or an application",
        request=ThreadOpenSerializer,
        responses={201: ThreadDetailSerializer, 200: ThreadDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        values = self.validated(ThreadOpenSerializer)
        common = {"subject": values.get("subject", ""), "body": values["body"], "actor": self.actor}
        if values.get("application"):
            thread, created = services.thread_open_about_application(
                application=values["application"], **common
            )
        else:
            thread, created = services.thread_open_about_request(
                request=values["request"], company=values.get("company"), **common
            )
        return self._detail(thread.pk, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        tags=TAGS,
        summary="Write a message in the thread (the others are notified)",
        request=MessagePostSerializer,
        responses={201: MessageSerializer},
    )
    @action(detail=True, methods=["post"])
    def messages(self, request: Request, id: str) -> Response:
        thread = self.get_object()
        data = self.validated(MessagePostSerializer)
        message = services.message_post(actor=self.actor, thread=thread, **data)
        context = self.get_serializer_context()
        return Response(MessageSerializer(message, context=context).data, status=201)

    def _detail(self, thread_id: int, code: int) -> Response:
        thread = selectors.thread_detail(actor=self.actor, pk=thread_id)
        if thread is None:
            raise exceptions.NotFound()
        context = self.get_serializer_context()
        return Response(ThreadDetailSerializer(thread, context=context).data, status=code)


API_ROUTES = [("threads", ThreadViewSet)]
URL_PATTERNS: list = []
