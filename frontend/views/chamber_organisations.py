"""Chamber staff's organisations: a list and search of companies and schools with verify,
suspend and unsuspend; the memberships waiting for approval; hidden postings and requests to
unhide, and open requests to hide. Every change is the API's service."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend import moderation
from backend.accounts import selectors as account_selectors
from backend.accounts.models import Organisation
from backend.accounts.selectors import organisation_list
from companies import selectors as company_selectors
from companies.validators import normalise_organisation_number
from frontend.forms.common import ReasonForm
from frontend.views.common import paginate, staff_required, transition
from schools import selectors as school_selectors

LISTED = 30
MODERATED_KINDS = (Organisation.Kind.COMPANY, Organisation.Kind.SCHOOL)
ORGANISATION_ACTIONS = {
    "verify": moderation.organisation_verify,
    "suspend": moderation.organisation_suspend,
    "unsuspend": moderation.organisation_unsuspend,
}
DONE = {
    "verify": gettext_lazy("%(name)s is verified."),
    "suspend": gettext_lazy(
        "%(name)s is suspended: nothing of it is public and its members cannot act."
    ),
    "unsuspend": gettext_lazy("%(name)s is no longer suspended."),
}


@staff_required
def organisations(request: HttpRequest) -> HttpResponse:
    """Companies and schools, searchable by name, kind and state."""
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    rows = organisation_list(actor=request.actor).filter(
        kind__in=[Organisation.Kind.COMPANY, Organisation.Kind.SCHOOL]
    )
    if query:
        number = normalise_organisation_number(query)
        rows = rows.filter(Q(name__icontains=query) | Q(company__organisation_number=number))
    if kind in MODERATED_KINDS:
        rows = rows.filter(kind=kind)
    rows = {
        "unverified": rows.filter(verified_at__isnull=True),
        "suspended": rows.filter(suspended=True),
    }.get(state, rows)
    context = {
        "page": paginate(request, rows),
        "query": query,
        "kind": kind,
        "state": state,
        "querystring": request.GET.urlencode(),
    }
    return render(request, "frontend/chamber/organisations.html", context)


@require_POST
@staff_required
def organisation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    organisation = get_object_or_404(organisation_list(actor=request.actor), pk=pk)
    if organisation.kind not in MODERATED_KINDS or action not in ORGANISATION_ACTIONS:
        raise Http404
    service = ORGANISATION_ACTIONS[action]
    if transition(request, service, actor=request.actor, organisation=organisation):
        messages.success(request, DONE[action] % {"name": organisation.name})
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("frontend:organisations")


@staff_required
def memberships_pending(request: HttpRequest) -> HttpResponse:
    """Staff asking to act for a company or a school (students are their school's business)."""
    pending = account_selectors.memberships_awaiting_approval(actor=request.actor)
    return render(
        request, "frontend/chamber/memberships.html", {"page": paginate(request, pending)}
    )


@staff_required
def hidden(request: HttpRequest) -> HttpResponse:
    """What is hidden (to unhide) and the open requests (to hide)."""
    requests = school_selectors.placement_request_list(actor=request.actor).order_by("-created_at")
    context = {
        "opportunities": company_selectors.opportunity_list(
            actor=request.actor, filters={"hidden": "true"}
        )[:LISTED],
        "hidden_requests": requests.filter(hidden_at__isnull=False)[:LISTED],
        "requests": requests.filter(hidden_at__isnull=True, status="open")[:LISTED],
    }
    return render(request, "frontend/chamber/hidden.html", context)


@require_POST
@staff_required
def opportunity_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(company_selectors.opportunity_list(actor=request.actor), pk=pk)
    if transition(request, moderation.posting_unhide, actor=request.actor, posting=opportunity):
        messages.success(request, _("The posting is visible again."))
    return redirect("frontend:hidden")


@require_POST
@staff_required
def request_hide(request: HttpRequest, pk: int) -> HttpResponse:
    placement_request = get_object_or_404(
        school_selectors.placement_request_list(actor=request.actor), pk=pk
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the request is hidden: the school reads it."))
    elif transition(
        request,
        moderation.posting_hide,
        actor=request.actor,
        posting=placement_request,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, _("The request is hidden; the school sees why."))
    return redirect("frontend:hidden")


@require_POST
@staff_required
def request_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    placement_request = get_object_or_404(
        school_selectors.placement_request_list(actor=request.actor), pk=pk
    )
    if transition(
        request, moderation.posting_unhide, actor=request.actor, posting=placement_request
    ):
        messages.success(request, _("The request is visible again."))
    return redirect("frontend:hidden")
