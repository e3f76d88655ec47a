"""Chamber staff's moderation: verify organisations, hide postings with a reason."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.moderation import organisation_verify, posting_hide
from companies import selectors as company_selectors
from frontend.forms.common import ReasonForm
from frontend.views.common import staff_required, transition
from schools import selectors as school_selectors

LISTED = 30
UNVERIFIED = {"verified": "false"}


@staff_required
def moderation(request: HttpRequest) -> HttpResponse:
    companies = company_selectors.company_list(actor=request.actor, filters=UNVERIFIED)
    context = {
        "companies": companies[:LISTED],
        "schools": school_selectors.school_list(actor=request.actor, filters=UNVERIFIED)[:LISTED],
        "opportunities": company_selectors.opportunity_list(
            actor=request.actor, filters={"status": "published", "hidden": "false"}
        )[:LISTED],
    }
    return render(request, "frontend/chamber/moderation.html", context)


@require_POST
@staff_required
def company_verify(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(company_selectors.company_list(actor=request.actor), pk=pk)
    if transition(
        request,
        organisation_verify,
        actor=request.actor,
        organisation=company.organisation,
    ):
        messages.success(request, _("%(name)s is verified.") % {"name": company})
    return redirect("frontend:moderation")


@require_POST
@staff_required
def school_verify(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(school_selectors.school_list(actor=request.actor), pk=pk)
    if transition(
        request,
        organisation_verify,
        actor=request.actor,
        organisation=school.organisation,
    ):
        messages.success(request, _("%(name)s is verified.") % {"name": school})
    return redirect("frontend:moderation")


@require_POST
@staff_required
def opportunity_hide(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(company_selectors.opportunity_list(actor=request.actor), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the posting is hidden: the company reads it."))
    elif transition(
        request,
        posting_hide,
        actor=request.actor,
        posting=opportunity,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, _("The posting is hidden; the company sees why."))
    return redirect("frontend:moderation")
