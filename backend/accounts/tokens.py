"""Personal API tokens: named, listed, revoked. The key is shown once; only its hash is kept."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import PersonalToken, User

KEY_BYTES = 30
MAX_TOKENS_PER_USER = 20


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A random key and its hash."""
    key = secrets.token_urlsafe(KEY_BYTES)
    return key, hash_key(key)


def personal_token_list(*, user: User) -> QuerySet[PersonalToken]:
    return PersonalToken.objects.filter(user=user).order_by("-created_at", "-id")


@transaction.atomic
def personal_token_create(*, user: User, name: str) -> tuple[PersonalToken, str]:
    """A new token and its key, which is never shown again."""
    if PersonalToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            {"name": _("You have the most tokens allowed: revoke one you no longer use.")}
        )
    if PersonalToken.objects.filter(user=user, name=name.strip()).exists():
        raise ValidationError({"name": _("You already have a token with this name.")})
    key, key_hash = new_key()
    token = PersonalToken(user=user, name=name.strip(), key_hash=key_hash, prefix=key[:8])
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def personal_token_revoke(*, token: PersonalToken) -> None:
    token.delete()
