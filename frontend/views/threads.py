"""Conversations between a school and a company (about a request) or about an application."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from backend.accounts.models import User
from companies.policy import postable_company_ids
from frontend import selectors
from frontend.forms.common import MessageForm, NewThreadForm
from frontend.views.common import save_with
from matching.selectors import threads as thread_selectors
from matching.services import threads as thread_services
from schools.selectors import counsellor_school_ids


@login_required
def thread_list(request: HttpRequest) -> HttpResponse:
    threads = [
        (thread, thread_services.thread_label(thread))
        for thread in thread_selectors.thread_list(user=request.user)
    ]
    return render(request, "frontend/threads/list.html", {"threads": threads})


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(thread_selectors.thread_with_messages(user=request.user), pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        posted = save_with(
            form,
            thread_services.message_post,
            thread=thread,
            body=form.cleaned_data["body"],
            by=request.user,
        )
        if posted is not None:
            return redirect("frontend:thread", pk)
    context = {"thread": thread, "label": thread_services.thread_label(thread), "form": form}
    return render(request, "frontend/threads/detail.html", context)


@require_POST
@login_required
def thread_start(request: HttpRequest, pk: int) -> HttpResponse:
    """From a match: the counsellor writes to the opportunity's company, or a company member to
    the request's school; an existing thread of the two gets the message."""
    if request.user.role == User.Role.COUNSELLOR:
        match = selectors.school_match(school_ids=counsellor_school_ids(request.user), pk=pk)
    elif request.user.role == User.Role.COMPANY_MEMBER:
        match = selectors.company_match(company_ids=postable_company_ids(request.actor), pk=pk)
    else:
        raise PermissionDenied
    form = NewThreadForm(request.POST)
    if form.is_valid():
        opened = save_with(
            form,
            thread_services.thread_open_about_request,
            request=match.request,
            company=match.opportunity.company,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
        )
        if opened is not None:
            return redirect("frontend:thread", opened[0].pk)
    context = {"form": form, "match": match}
    return render(request, "frontend/threads/start.html", context, status=400)
