"""API authentication: personal tokens (`Authorization: Token <key>`, backend/accounts/tokens.py)
and the browser's session. Both refuse the staff API to staff who have not set up or not passed
two-factor authentication (backend/accounts/mfa.py): a session passes it at login, a token when it
was created in such a session."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request

from backend.accounts import mfa
from backend.accounts.actor import actor_for
from backend.accounts.models import PersonalToken
from backend.accounts.tokens import hash_key

# A token's last use is written at most this often, not on every request.
LAST_USED_RESOLUTION_SECONDS = 300


def _second_factor_passed(request: Request, auth: object) -> bool:
    """The request's token was made after two-factor login, or its session passed it."""
    if isinstance(auth, PersonalToken):
        return auth.second_factor
    return mfa.session_passed(request._request)


def _check_mfa(request: Request, result: tuple | None) -> tuple | None:
    """The request's actor, built here once its user is known (the page middleware's lazy actor
    would not see a token's user), refused the staff API without a second factor."""
    if result is not None:
        user, auth = result
        actor = actor_for(user, second_factor=_second_factor_passed(request, auth))
        request._request.actor = actor
        refusal = mfa.blocks_api_request(actor, path=request.path, method=request.method)
        if refusal:
            raise exceptions.PermissionDenied(refusal)
    return result


class PersonalTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Request) -> tuple | None:
        return _check_mfa(request, super().authenticate(request))

    def authenticate_credentials(self, key: str) -> tuple:
        token = PersonalToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(exceptions.AuthenticationFailed.default_detail)
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
