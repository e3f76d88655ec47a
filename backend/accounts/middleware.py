from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from backend.accounts import mfa


class StaffMfaMiddleware:
    """Sends staff without two-factor authentication from the staff pages (the Django admin, the
    organisation pages) to the page that sets it up. The API checks in its authentication
    classes, which also see token users."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(mfa.STAFF_PAGE_PREFIXES) and mfa.mfa_missing(request.user):
            messages.warning(request, mfa.MFA_REQUIRED)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
