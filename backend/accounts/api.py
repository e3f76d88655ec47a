from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from backend.accounts import selectors, services
from backend.accounts.serializers import MeSerializer, TokenRequestSerializer, TokenSerializer


class TokenObtainView(APIView):
    """Exchange an e-mail and password for the user's personal API token.

    Send it afterwards as `Authorization: Token <key>`."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            token = services.auth_token_obtain(request=request._request, **data.validated_data)
        except services.InvalidCredentialsError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response(TokenSerializer({"token": token.key}).data, status=status.HTTP_200_OK)


class MeView(APIView):
    """The signed-in user, with their organisation memberships."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user = selectors.user_with_memberships(user_id=request.user.pk)
        return Response(MeSerializer(user).data)


API_ROUTES: list = []
URL_PATTERNS = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/me/", MeView.as_view(), name="auth-me"),
]
