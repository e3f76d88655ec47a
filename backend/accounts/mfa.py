"""Two-factor authentication is required of the people who administer others: chamber staff,
superusers (the Django admin) and organisation administrators (MFA_REQUIRED_FOR_STAFF, on unless
DEBUG; docs/security.md). Until they have set it up and passed it, the staff pages send them to
set it up or to enter a code, and the staff API answers 403 saying why.

"Passed" means this session's login (or a later re-authentication) included the second factor,
or, for an API token, that the token was created in such a session."""

from allauth.account.authentication import get_authentication_records

# Not re-exported by allauth.account.authentication; pinned with allauth in uv.lock.
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor, AnyUser

MFA_REQUIRED = _(
    "Set up two-factor authentication (an authenticator app) under Account → Two-factor "
    "authentication before you use the staff functions."
)
MFA_NOT_PASSED = _(
    "Log in with your second factor (the code from your authenticator app) before you use the "
    "staff functions: with an API token, create the token on your account page after such a login."
)
MFA_NOT_PASSED_PAGE = _("Enter the code from your authenticator app to open the staff pages.")
# Pages and API paths that only staff and administrators use.
STAFF_PAGE_PREFIXES = ("/admin/", "/account/organisations/", "/chamber/", "/reports/")
STAFF_API_PREFIXES = (
    "/api/v1/organisations/",
    "/api/v1/invitations/",
    "/api/v1/audit/",
    "/api/v1/reports/",
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_staff_like(actor: Actor) -> bool:
    """Chamber staff and the Django admin's operators."""
    return bool(actor.is_authenticated and (actor.user.is_staff or actor.moderator))


def mfa_required(actor: Actor) -> bool:
    """The actor administers others and the setting asks them for a second factor."""
    return bool(
        settings.MFA_REQUIRED_FOR_STAFF
        and actor.is_authenticated
        and (is_staff_like(actor) or actor.admin_organisation_ids)
    )


def mfa_missing(actor: Actor) -> bool:
    """The actor must have two-factor authentication and has not set it up."""
    return mfa_required(actor) and not is_mfa_enabled(actor.user)


def session_passed(request: HttpRequest) -> bool:
    """This session's login or a re-authentication included the second factor."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def refusal(actor: Actor) -> str | None:
    """Why the actor may not use the staff functions yet, or None."""
    if not mfa_required(actor):
        return None
    if not is_mfa_enabled(actor.user):
        return str(MFA_REQUIRED)
    return None if actor.second_factor else str(MFA_NOT_PASSED)


def blocks_api_request(actor: Actor, *, path: str, method: str) -> str | None:
    """Why an API request needing two factors is refused, or None: the staff collections,
    and every change that chamber staff make (moderation, verification)."""
    if not path.startswith(STAFF_API_PREFIXES) and not (
        method not in SAFE_METHODS and is_staff_like(actor)
    ):
        return None
    return refusal(actor)


def page_redirect(request: HttpRequest) -> str | None:
    """Where a staff page sends a user who lacks the second factor: to set it up, or to enter
    a code (allauth's re-authentication, which comes back here)."""
    if not request.path.startswith(STAFF_PAGE_PREFIXES) or not mfa_required(request.actor):
        return None
    if not is_mfa_enabled(request.user):
        return reverse("mfa_activate_totp")
    if request.actor.second_factor:
        return None
    return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}"


def record_activation(
    *, request: HttpRequest | None, user: AnyUser, authenticator: Authenticator, **kwargs: object
) -> None:
    """allauth's `authenticator_added`: activating an authenticator app takes a valid code
    from it, so this session has passed the second factor (allauth itself records it only at
    a login or re-authentication, which would ask the same code again)."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
