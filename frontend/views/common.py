"""What the page views share: role gates, pagination, partial rendering."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.core.errors import Conflict, TransitionError
from frontend.forms.common import add_service_errors

PAGE_SIZE = 20


def role_required(*roles: str) -> Callable:
    """Logged in (else to the login page) and of one of `roles` (else 403)."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.actor.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    size: int = PAGE_SIZE,
    paginator: type[Paginator] = Paginator,
) -> Page:
    return paginator(queryset, size).get_page(request.GET.get("page"))


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str = "",
    status: int = 200,
) -> HttpResponse:
    """The whole page, or for an HTMX request the template's partial `partial`."""
    if partial and request.htmx and not request.htmx.boosted:
        template = f"{template}#{partial}"
    return render(request, template, context, status=status)


def transition(request: HttpRequest, service: Callable[..., Any], **kwargs: Any) -> bool:
    """Run a status change; one the current status does not allow (or a ValidationError about
    the object) becomes an error message on the next page instead of a 500. PermissionDenied
    stays a 403."""
    try:
        service(**kwargs)
    except TransitionError as error:
        messages.error(request, error.message)
        return False
    except Conflict as error:
        messages.error(request, str(error))
        return False
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


def render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page around `context["form"]`: 400 when the form was sent and refused (its errors are
    next to the fields), so a refusal reads the same on a page as in the API."""
    form = context["form"]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def save_with(form: Any, service: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a write service for a valid form; its ValidationError shows next to the fields it
    names and a refused status change on top of the form. None when it failed."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
    except TransitionError as error:
        form.add_error(None, error.message)
    except Conflict as error:
        form.add_error(None, str(error))
    if hasattr(form, "mark_invalid"):
        form.mark_invalid()
    return None


def staff_required(view: Callable) -> Callable:
    """Logged in and a moderator (chamber staff or a superuser), else 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.actor.moderator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
