from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from backend.accounts import selectors
from backend.accounts.models import Membership, Organisation, User


class InvalidCredentialsError(Exception):
    """The e-mail and password do not name an active user."""


def auth_token_obtain(*, request: HttpRequest, email: str, password: str) -> Token:
    """The user's personal API token, created on first use."""
    user = authenticate(request, email=email.strip().lower(), password=password)
    if user is None or not user.is_active:
        raise InvalidCredentialsError(_("Wrong e-mail address or password."))
    token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email_verified: bool = False,
) -> User:
    """A user with their allauth e-mail address (verified only when the caller vouches for it)."""
    user = User(email=email.strip().lower(), role=role, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


@transaction.atomic
def organisation_create(*, name: str, kind: str, verified: bool = False) -> Organisation:
    organisation = Organisation(
        name=name, kind=kind, verified_at=timezone.now() if verified else None
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_create(
    *, user: User, organisation: Organisation, is_admin: bool = False, approved: bool = False
) -> Membership:
    status = Membership.Status.APPROVED if approved else Membership.Status.PENDING
    membership = Membership(user=user, organisation=organisation, is_admin=is_admin, status=status)
    membership.full_clean()
    membership.save()
    selectors.forget_cached_memberships(user)
    return membership
