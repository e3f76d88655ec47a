"""Two-factor authentication is required of the people who administer others: chamber staff,
superusers (the Django admin) and organisation administrators. Until they set it up, the staff
pages redirect them to the set-up page and the staff API answers 403 saying why."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from backend.accounts.selectors import AnyUser, admin_organisation_ids, is_chamber_staff

MFA_REQUIRED = _(
    "Set up two-factor authentication (an authenticator app) under Account → Two-factor "
    "authentication before you use the staff functions."
)
# Pages and API paths that only staff and administrators use.
STAFF_PAGE_PREFIXES = ("/admin/", "/account/organisations/", "/chamber/")
STAFF_API_PREFIXES = (
    "/api/v1/organisations/",
    "/api/v1/invitations/",
    "/api/v1/audit/",
    "/api/v1/reports/",
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_staff_like(user: AnyUser) -> bool:
    """Chamber staff and the Django admin's operators."""
    return bool(user.is_authenticated and (user.is_staff or is_chamber_staff(user)))


def mfa_missing(user: AnyUser) -> bool:
    """The user must have two-factor authentication and has not set it up."""
    if not (settings.MFA_REQUIRED_FOR_STAFF and user.is_authenticated):
        return False
    if not (is_staff_like(user) or admin_organisation_ids(user)):
        return False
    return not is_mfa_enabled(user)


def blocks_api_request(user: AnyUser, *, path: str, method: str) -> bool:
    """An API request needing two-factor authentication that the user lacks: the staff
    collections, and every change that chamber staff make (moderation, verification)."""
    if not path.startswith(STAFF_API_PREFIXES) and not (
        method not in SAFE_METHODS and is_staff_like(user)
    ):
        return False
    return mfa_missing(user)
