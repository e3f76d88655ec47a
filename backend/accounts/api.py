from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from backend.accounts import invitations, selectors, services, tokens
from backend.accounts.models import Invitation, Membership, Organisation, PersonalToken
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
from backend.api.views import ServiceViewSet
from backend.audit.api import AuditEntryViewSet

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
        user = selectors.user_with_memberships(actor=request.actor)
        return Response(MeSerializer(user).data)


@extend_schema_view(
    list=extend_schema(summary="Your organisations (all, for chamber staff)"),
    retrieve=extend_schema(summary="One of your organisations"),
)
class OrganisationViewSet(ServiceViewSet):
    """Organisations: companies, schools and the chamber. Companies and schools are created
    through /companies/ and /schools/; here you ask to join one and its admins register the
    e-mail domains that let students in without waiting."""

    queryset = Organisation.objects.none()  # the router's basename; get_queryset reads
    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Organisation]:
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        return selectors.organisation_list(actor=self.actor)

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset())

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Ask to join a company or a school of your role",
        request=None,
        responses={201: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, id: str) -> Response:
        organisation = get_object_or_404(selectors.joinable_organisations(), pk=id)
        membership = services.membership_request(actor=self.actor, organisation=organisation)
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
        responses={200: DomainsSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["get", "put"])
    def domains(self, request: Request, id: str) -> Response:
        organisation = self.get_object()
        if request.method == "PUT":
            services.organisation_domains_set(
                actor=self.actor, organisation=organisation, **self.validated(DomainsSerializer)
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
class MemberViewSet(ServiceViewSet):
    """An organisation's memberships. Its admins (and chamber staff) approve, remove and make
    administrators; a school's counsellors approve and remove students. The last administrator
    can be neither removed nor demoted."""

    queryset = Membership.objects.none()  # the router's basename; get_queryset reads
    serializer_class = MemberSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _organisation(self) -> Organisation:
        return get_object_or_404(
            selectors.organisation_list(actor=self.actor), pk=self.kwargs["organisation_id"]
        )

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return selectors.organisation_members(actor=self.actor, organisation=self._organisation())

    def get_object(self) -> Membership:
        membership = selectors.membership_get(
            actor=self.actor, organisation=self._organisation(), membership_id=self.kwargs["id"]
        )
        if membership is None:
            raise Http404
        return membership

    def list(self, request: Request, organisation_id: str) -> Response:
        return self.page(self.get_queryset())

    def retrieve(self, request: Request, organisation_id: str, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def destroy(self, request: Request, organisation_id: str, id: str) -> Response:
        services.membership_remove(actor=self.actor, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Approve a pending member",
        request=None,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, organisation_id: str, id: str) -> Response:
        membership = services.membership_approve(actor=self.actor, membership=self.get_object())
        return Response(self.get_serializer(membership).data)

    @extend_schema(
        summary="Make a member an administrator (admins)",
        request=None,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def make_admin(self, request: Request, organisation_id: str, id: str) -> Response:
        return self._set_admin(is_admin=True)

    @extend_schema(
        summary="Take administration from a member (admins); never the last one",
        request=None,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=True, methods=["post"])
    def revoke_admin(self, request: Request, organisation_id: str, id: str) -> Response:
        return self._set_admin(is_admin=False)

    def _set_admin(self, *, is_admin: bool) -> Response:
        membership = services.membership_set_admin(
            actor=self.actor, membership=self.get_object(), is_admin=is_admin
        )
        return Response(self.get_serializer(membership).data)


@extend_schema_view(
    list=extend_schema(summary="Unused invitations of the organisations you administer"),
    retrieve=extend_schema(summary="One invitation"),
    destroy=extend_schema(summary="Withdraw an unused invitation"),
)
class InvitationViewSet(ServiceViewSet):
    """Invitations by e-mail. The link (in the e-mail, and in the answer to the one who
    invites) signs the person up into the organisation; it works once, for seven days."""

    queryset = Invitation.objects.none()  # the router's basename; get_queryset reads
    serializer_class = InvitationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Invitation]:
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return invitations.invitation_list(actor=self.actor)

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset())

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Invite someone by e-mail (admins)",
        request=InvitationSerializer,
        responses={201: InvitationCreatedSerializer, 400: BAD_REQUEST},
    )
    def create(self, request: Request) -> Response:
        invitation, key = invitations.invitation_create(
            actor=self.actor, **self.validated(InvitationSerializer)
        )
        invitation.url = invitations.invitation_url(key)
        return Response(
            InvitationCreatedSerializer(invitation).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={204: None, 400: BAD_REQUEST})
    def destroy(self, request: Request, id: str) -> Response:
        invitations.invitation_revoke(actor=self.actor, invitation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Accept an invitation with the key from its link",
        request=InvitationAcceptSerializer,
        responses={200: MemberSerializer, 400: BAD_REQUEST},
    )
    @action(detail=False, methods=["post"])
    def accept(self, request: Request) -> Response:
        key = self.validated(InvitationAcceptSerializer)["key"]
        invitation = invitations.invitation_by_key(key)
        if invitation is None:
            raise exceptions.NotFound(_("No invitation has this key."))
        membership = invitations.invitation_accept(actor=self.actor, invitation=invitation)
        return Response(MemberSerializer(membership).data)


@extend_schema_view(
    list=extend_schema(summary="Your personal API tokens"),
    destroy=extend_schema(summary="Revoke one of your tokens"),
)
class PersonalTokenViewSet(ServiceViewSet):
    """Named personal API tokens, sent as `Authorization: Token <key>`. The key is shown once."""

    queryset = PersonalToken.objects.none()  # the router's basename; get_queryset reads
    serializer_class = PersonalTokenSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def get_queryset(self) -> QuerySet[PersonalToken]:
        if getattr(self, "swagger_fake_view", False):
            return PersonalToken.objects.none()
        return tokens.personal_token_list(actor=self.actor)

    def list(self, request: Request) -> Response:
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    @extend_schema(
        summary="Create a token",
        request=PersonalTokenSerializer,
        responses={201: PersonalTokenCreatedSerializer},
    )
    def create(self, request: Request) -> Response:
        token, key = tokens.personal_token_create(
            actor=self.actor, **self.validated(PersonalTokenSerializer)
        )
        token.key = key
        return Response(PersonalTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, id: str) -> Response:
        tokens.personal_token_revoke(actor=self.actor, token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


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
