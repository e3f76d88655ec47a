from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from backend.accounts import mfa
from backend.accounts.actor import Actor, actor_for


class ActorMiddleware:
    """`request.actor` (backend/accounts/actor.py), built when first read. The API's
    authentication classes set it themselves for the user they authenticate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: _request_actor(request))
        return self.get_response(request)


def _request_actor(request: HttpRequest) -> Actor:
    passed = request.user.is_authenticated and mfa.session_passed(request)
    return actor_for(request.user, second_factor=passed)


class StaffMfaMiddleware:
    """Sends staff who have not set up or not passed two-factor authentication from the staff
    pages (the Django admin, the organisation pages, the chamber's pages and reports) to set it
    up or to enter a code. The API checks in its authentication classes, which also see token
    users."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        target = mfa.page_redirect(request)
        if target is not None:
            messages.warning(
                request,
                mfa.MFA_REQUIRED if mfa.mfa_missing(request.actor) else mfa.MFA_NOT_PASSED_PAGE,
            )
            return redirect(target)
        return self.get_response(request)
