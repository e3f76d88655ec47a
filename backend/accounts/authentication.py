"""API authentication: named personal tokens (`Authorization: Token <key>`) besides the
one-per-user token of /api/v1/auth/token/, and the browser's session. Both refuse the staff API
to staff who have not set up two-factor authentication (backend/accounts/mfa.py)."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request

from backend.accounts import mfa
from backend.accounts.models import PersonalToken
from backend.accounts.tokens import hash_key

# A token's last use is written at most this often, not on every request.
LAST_USED_RESOLUTION_SECONDS = 300


def _check_mfa(request: Request, result: tuple | None) -> tuple | None:
    if result is not None and mfa.blocks_api_request(
        result[0], path=request.path, method=request.method
    ):
        raise exceptions.PermissionDenied(mfa.MFA_REQUIRED)
    return result


class PersonalTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Request) -> tuple | None:
        return _check_mfa(request, super().authenticate(request))

    def authenticate_credentials(self, key: str) -> tuple:
        token = PersonalToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            return super().authenticate_credentials(key)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(self.get_inactive_message())
        now = timezone.now()
        if (
            token.last_used_at is None
            or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    @staticmethod
    def get_inactive_message() -> str:
        return str(exceptions.AuthenticationFailed.default_detail)


class StaffMfaSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple | None:
        return _check_mfa(request, super().authenticate(request))


class StaffMfaSessionScheme(OpenApiAuthenticationExtension):
    """The OpenAPI schema documents the session login like DRF's own."""

    target_class = StaffMfaSessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
