"""One application's page, for each side of it: the student, the company's members, the
student's counsellors. It shows the history (who did what, when), the actions the side may
take, and the conversation about the application (opened here)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from frontend.forms.common import NewThreadForm
from frontend.views.common import save_with
from matching import policy
from matching import services as matching_services
from matching.models import Application
from matching.selectors import threads as thread_selectors
from matching.selectors.applications import applications_for
from matching.services import threads as thread_services

# Which of the allowed actions each side takes on this page (the others act elsewhere).
SIDE_ACTIONS = {
    policy.STUDENT_SIDE: ("withdraw", "accept", "decline"),
    policy.COMPANY_SIDE: ("review", "interview", "offer", "reject"),
}


def _application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(applications_for(actor=request.actor), pk=pk)


def _page(
    request: HttpRequest, application: Application, form: NewThreadForm, status: int = 200
) -> HttpResponse:
    side = policy.application_side(request.actor, application)
    allowed = matching_services.application_allowed_actions(
        actor=request.actor, application=application
    )
    context = {
        "application": application,
        "side": side,
        "actions": [action for action in SIDE_ACTIONS.get(side, ()) if action in allowed],
        "thread": thread_selectors.thread_list(actor=request.actor)
        .filter(application=application)
        .first(),
        "form": form,
    }
    return render(request, "frontend/applications/detail.html", context, status=status)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _application(request, pk), NewThreadForm())


@require_POST
@login_required
def application_write(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the application's conversation (or add to it) with a first message."""
    application = _application(request, pk)
    form = NewThreadForm(request.POST)
    if form.is_valid():
        opened = save_with(
            form,
            thread_services.thread_open_about_application,
            application=application,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            actor=request.actor,
        )
        if opened is not None:
            return redirect("frontend:thread", opened[0].pk)
    return _page(request, application, form, status=400)
