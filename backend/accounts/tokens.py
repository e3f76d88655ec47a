"""Personal API tokens: named, listed, revoked. The key is shown once; only its hash is kept.

Every token is one of these: those made on the account page (or at /api/v1/auth/tokens/) and the
one that POST /api/v1/auth/token/ makes from a password. A new password revokes them all."""

import hashlib
import secrets

from allauth.account.adapter import get_adapter
from allauth.account.utils import has_verified_email
from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.accounts import mfa
from backend.accounts.actor import Actor, actor_for
from backend.accounts.models import PersonalToken, User

KEY_BYTES = 30
MAX_TOKENS_PER_USER = 20
# The name of the token POST /api/v1/auth/token/ makes (each call replaces the last one).
SIGN_IN_TOKEN_NAME = "API sign-in"  # noqa: S105 - a name, not a secret

WRONG_CREDENTIALS = _("Wrong e-mail address or password.")
NOT_VERIFIED = _(
    "Verify your e-mail address first: follow the link in the e-mail we sent you (log in on the "
    "site to have it sent again)."
)
USE_ACCOUNT_PAGE = _(
    "Your account uses two-factor authentication, which this endpoint cannot ask for: log in on "
    "the site with your second factor and create a token on your account page (/account/)."
)
PASS_SECOND_FACTOR = _(
    "Log in again with the code from your authenticator app before you create a token."
)


class SignInRefusedError(Exception):
    """Why a password gives no token. `code`: invalid, locked, unverified or second_factor."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message, self.code = str(message), code


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A random key and its hash."""
    key = secrets.token_urlsafe(KEY_BYTES)
    return key, hash_key(key)


def personal_token_list(*, actor: Actor) -> QuerySet[PersonalToken]:
    return PersonalToken.objects.filter(user_id=actor.user_id).order_by("-created_at", "-id")


def creation_refusal(*, actor: Actor) -> str | None:
    """Why the actor may not create a token now: who has (or must have) two factors creates
    tokens only in a session that passed them."""
    if mfa.mfa_missing(actor):
        return str(mfa.MFA_REQUIRED)
    if (is_mfa_enabled(actor.user) or mfa.mfa_required(actor)) and not actor.second_factor:
        return str(PASS_SECOND_FACTOR)
    return None


@transaction.atomic
def personal_token_create(*, actor: Actor, name: str) -> tuple[PersonalToken, str]:
    """A new token and its key, which is never shown again. It passed the second factor when
    the actor's request did."""
    refusal = creation_refusal(actor=actor)
    if refusal:
        raise ValidationError({"name": refusal}, code="second_factor")
    user = actor.user
    if PersonalToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            {"name": _("You have the most tokens allowed: revoke one you no longer use.")}
        )
    if PersonalToken.objects.filter(user=user, name=name.strip()).exists():
        raise ValidationError({"name": _("You already have a token with this name.")})
    return _token_save(user=user, name=name, second_factor=actor.second_factor)


def _token_save(*, user: User, name: str, second_factor: bool) -> tuple[PersonalToken, str]:
    key, key_hash = new_key()
    token = PersonalToken(
        user=user,
        name=name.strip(),
        key_hash=key_hash,
        prefix=key[:8],
        second_factor=second_factor,
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def personal_token_sign_in(
    *, request: HttpRequest, email: str, password: str
) -> tuple[PersonalToken, str]:
    """POST /api/v1/auth/token/: the HTML login's password check, with its per-account lock
    (allauth's login_failed rate limit, counted with the HTML login's failures), for users with
    a verified address whose login needs no second factor. The new token replaces the one the
    last call made."""
    try:
        user = get_adapter(request).authenticate(
            request, email=email.strip().lower(), password=password
        )
    except ValidationError as error:  # allauth: too many failed login attempts
        raise SignInRefusedError(error.messages[0], code="locked") from error
    if user is None or not user.is_active:
        raise SignInRefusedError(WRONG_CREDENTIALS, code="invalid")
    if not has_verified_email(user):
        raise SignInRefusedError(NOT_VERIFIED, code="unverified")
    if is_mfa_enabled(user) or mfa.mfa_required(actor_for(user)):
        raise SignInRefusedError(USE_ACCOUNT_PAGE, code="second_factor")
    PersonalToken.objects.filter(user=user, name=SIGN_IN_TOKEN_NAME).delete()
    return _token_save(user=user, name=SIGN_IN_TOKEN_NAME, second_factor=False)


@transaction.atomic
def personal_token_revoke(*, actor: Actor, token: PersonalToken) -> None:
    """Tokens are revoked by their owner (a new password revokes them all)."""
    if token.user_id != actor.user_id:
        raise PermissionDenied
    token.delete()


@transaction.atomic
def user_password_set(*, user: User, password: str) -> int:
    """A new password (changed, reset or set): every API token of the user stops working, as
    their other sessions do. Returns how many tokens were revoked."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return personal_token_revoke_all(user=user)


@transaction.atomic
def personal_token_revoke_all(*, user: User) -> int:
    """Every token of the user stops working; returns how many there were."""
    revoked, _rows = PersonalToken.objects.filter(user=user).delete()
    return revoked
