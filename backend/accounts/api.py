from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from backend.accounts import invitations, selectors, services, tokens
from backend.accounts.models import Invitation, Membership, Organisation, PersonalToken, User
from backend.accounts.selectors import MemberAccess
from backend.accounts.serializers import (
    DomainsSerializer,
    InvitationAcceptSerializer,
    InvitationCreatedSerializer,
    InvitationSerializer,
    MemberSerializer,
    MeSerializer,
    OrganisationSerializer,
    PersonalTokenCreatedSerializer,
    PersonalTokenSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from backend.api.exceptions import BAD_REQUEST
from backend.audit.api import AuditEntryViewSet
from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, audit_student_read

NOT_ADMIN = _("Only the organisation's administrators can do this.")


SIGN_IN_REFUSALS = {
    "invalid": status.HTTP_400_BAD_REQUEST,
    "unverified": status.HTTP_400_BAD_REQUEST,
    "second_factor": status.HTTP_403_FORBIDDEN,
    "locked": status.HTTP_429_TOO_MANY_REQUESTS,
}


class TokenObtainView(APIView):
    """Exchange an e-mail and password for a personal API token (listed as "API sign-in" among
    your tokens; each call replaces the last one). Send it afterwards as
    `Authorization: Token <key>`.

    The address must be verified. Accounts with two-factor authentication (and chamber staff
    and organisation administrators, who must have it) get no token here (403): they create
    tokens on their account page after logging in with the second factor. Wrong passwords count
    towards the same lock as the site's login form (429)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: BAD_REQUEST,
            403: OpenApiResponse(description="Two-factor authentication: use the account page."),
            429: OpenApiResponse(description="Too many attempts: try again later."),
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            _token, key = tokens.personal_token_sign_in(
                request=request._request, **data.validated_data
            )
        except tokens.SignInRefusedError as refused:
            if SIGN_IN_REFUSALS[refused.code] == status.HTTP_400_BAD_REQUEST:
                raise serializers.ValidationError(
                    {"non_field_errors": [refused.message]}, code=refused.code
                ) from refused
            return Response(
                {"detail": refused.message, "code": refused.code},
                status=SIGN_IN_REFUSALS[refused.code],
            )
        return Response(TokenSerializer({"token": key}).data, status=status.HTTP_200_OK)


class MeView(APIView):
    """The signed-in user, with their organisation memberships."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user = selectors.user_with_memberships(user_id=request.user.pk)
        return Response(MeSerializer(user).data)


ADMIN_ACTIONS = {
    "approve": "approve",
    "destroy": "remove",
    "make_admin": "admin",
    "revoke_admin": "admin",
}


@extend_schema_view(
    list=extend_schema(summary="Your organisations (all, for chamber staff)"),
    retrieve=extend_schema(summary="One of your organisations"),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations: companies, schools and the chamber. Companies and schools are created
    through /companies/ and /schools/; here you ask to join one and its admins register the
    e-mail domains that let students in without waiting."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Organisation]:
        if self.action == "join":
            return selectors.joinable_organisations()
        return selectors.organisation_list(self.request.user)

    @extend_schema(
        summary="Ask to join a company or a school of your role",
        request=None,
        responses={201: MemberSerializer},
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: str) -> Response:
        membership = services.membership_request(user=request.user, organisation=self.get_object())
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="The organisation's registered e-mail domains",
        responses={200: DomainsSerializer},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Replace the registered e-mail domains (admins): students with a verified "
        "address there join without waiting for approval",
        request=DomainsSerializer,
        responses={200: DomainsSerializer},
    )
    @action(detail=True, methods=["get", "put"])
    def domains(self, request: Request, pk: str) -> Response:
        organisation = self.get_object()
        if request.method == "PUT":
            if selectors.member_access(request.user, organisation.pk) != MemberAccess.ADMIN:
                raise exceptions.PermissionDenied(NOT_ADMIN)
            data = DomainsSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.organisation_domains_set(
                organisation=organisation, domains=data.validated_data["domains"]
            )
        domains = organisation.email_domains.values_list("domain", flat=True)
        return Response({"domains": list(domains)})


@extend_schema_view(
    list=extend_schema(summary="The organisation's members, pending first (admins, counsellors)"),
    retrieve=extend_schema(summary="One member"),
    destroy=extend_schema(
        summary="Remove a member (admins; counsellors for students; anyone leaves)",
        responses={204: None, 400: BAD_REQUEST},
    ),
)
@extend_schema(parameters=[OpenApiParameter("organisation_id", int, OpenApiParameter.PATH)])
class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """An organisation's memberships. Its admins (and chamber staff) approve, remove and make
    administrators; a school's counsellors approve and remove students. The last administrator
    can be neither removed nor demoted."""

    queryset = Membership.objects.all()
    serializer_class = MemberSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Membership]:
        organisation_id = int(self.kwargs["organisation_id"])
        self.access = selectors.member_access(self.request.user, organisation_id)
        if self.access == MemberAccess.NONE:
            raise exceptions.NotFound()
        if self.access == MemberAccess.MEMBER and self.action == "list":
            raise exceptions.PermissionDenied(NOT_ADMIN)
        return selectors.organisation_members(
            user=self.request.user, organisation_id=organisation_id
        )

    def list(self, request: Request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        students = [
            row["user_id"]
            for row in response.data.get("results", response.data)
            if row["role"] == User.Role.STUDENT
        ]
        audit_student_read(by=request.user, students=students, purpose="members")
        return response

    def get_object(self) -> Membership:
        membership = super().get_object()
        user = self.request.user
        wanted = ADMIN_ACTIONS.get(self.action)
        if wanted and not selectors.may_manage_membership(user, membership, action=wanted):
            raise exceptions.PermissionDenied(NOT_ADMIN)
        if self.access == MemberAccess.MEMBER and membership.user_id != user.pk:
            raise exceptions.PermissionDenied(NOT_ADMIN)
        return membership

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(membership=instance, by=self.request.user)
        audit_record(by=self.request.user, action=AuditEntry.Action.MEMBER_REMOVE, target=instance)

    @extend_schema(
        summary="Approve a pending member",
        request=None,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, **kwargs) -> Response:
        membership = services.membership_approve(membership=self.get_object(), by=request.user)
        audit_record(by=request.user, action=AuditEntry.Action.MEMBER_APPROVE, target=membership)
        return Response(MemberSerializer(membership).data)

    @extend_schema(
        summary="Make a member an administrator (admins)",
        request=None,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def make_admin(self, request: Request, **kwargs) -> Response:
        return self._set_admin(request, is_admin=True)

    @extend_schema(
        summary="Take administration from a member (admins); never the last one",
        request=None,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def revoke_admin(self, request: Request, **kwargs) -> Response:
        return self._set_admin(request, is_admin=False)

    def _set_admin(self, request: Request, *, is_admin: bool) -> Response:
        membership = services.membership_set_admin(
            membership=self.get_object(), by=request.user, is_admin=is_admin
        )
        audit_record(
            by=request.user,
            action=AuditEntry.Action.MEMBER_ADMIN,
            target=membership,
            detail="admin" if is_admin else "not admin",
        )
        return Response(MemberSerializer(membership).data)


@extend_schema_view(
    list=extend_schema(summary="Unused invitations of the organisations you administer"),
    retrieve=extend_schema(summary="One invitation"),
    destroy=extend_schema(summary="Withdraw an unused invitation"),
)
class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations by e-mail. The link (in the e-mail, and in the answer to the one who
    invites) signs the person up into the organisation; it works once, for seven days."""

    queryset = Invitation.objects.all()
    serializer_class = InvitationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Invitation]:
        return invitations.invitation_list(
            organisation_ids=selectors.admin_organisation_ids(self.request.user)
        )

    @extend_schema(
        summary="Invite someone by e-mail (admins)",
        request=InvitationSerializer,
        responses={201: InvitationCreatedSerializer},
    )
    def create(self, request: Request) -> Response:
        data = InvitationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = data.validated_data["organisation"]
        if organisation.pk not in selectors.admin_organisation_ids(request.user):
            raise exceptions.PermissionDenied(NOT_ADMIN)
        invitation, key = invitations.invitation_create(by=request.user, **data.validated_data)
        audit_record(by=request.user, action=AuditEntry.Action.INVITE, target=invitation)
        invitation.url = invitations.invitation_url(key)
        return Response(
            InvitationCreatedSerializer(invitation).data, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, instance: Invitation) -> None:
        invitations.invitation_revoke(invitation=instance)

    @extend_schema(
        summary="Accept an invitation with the key from its link",
        request=InvitationAcceptSerializer,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=False, methods=["post"])
    def accept(self, request: Request) -> Response:
        data = InvitationAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = invitations.invitation_by_key(data.validated_data["key"])
        if invitation is None:
            raise exceptions.NotFound(_("No invitation has this key."))
        membership = invitations.invitation_accept(invitation=invitation, user=request.user)
        return Response(MemberSerializer(membership).data)


@extend_schema_view(
    list=extend_schema(summary="Your personal API tokens"),
    destroy=extend_schema(summary="Revoke one of your tokens"),
)
class PersonalTokenViewSet(
    mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Named personal API tokens, sent as `Authorization: Token <key>`. The key is shown once."""

    queryset = PersonalToken.objects.all()
    serializer_class = PersonalTokenSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def get_queryset(self) -> QuerySet[PersonalToken]:
        return tokens.personal_token_list(actor=self.request.actor)

    @extend_schema(
        summary="Create a token",
        request=PersonalTokenSerializer,
        responses={201: PersonalTokenCreatedSerializer},
    )
    def create(self, request: Request) -> Response:
        data = PersonalTokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = tokens.personal_token_create(actor=request.actor, **data.validated_data)
        token.key = key
        return Response(PersonalTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: PersonalToken) -> None:
        tokens.personal_token_revoke(actor=self.request.actor, token=instance)


API_ROUTES = [
    ("organisations", OrganisationViewSet),
    (r"organisations/(?P<organisation_id>\d+)/members", MemberViewSet),
    ("invitations", InvitationViewSet),
    ("auth/tokens", PersonalTokenViewSet),
    ("audit", AuditEntryViewSet),
]
URL_PATTERNS = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/me/", MeView.as_view(), name="auth-me"),
]
