"""Allocation rounds on pages: a round's progress and result explained per seeker, chamber
staff's pairing rounds over the region, and deciding a round's proposals (counsellors and
company members, after a confirmation page)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.models import User
from frontend.forms.rounds import PairingRoundForm
from frontend.views.common import (
    render_page,
    role_required,
    save_with,
    staff_required,
    transition,
)
from matching import policy
from matching import selectors as matching_selectors
from matching import services as matching_services
from matching.models import AllocationRound
from matching.selectors.round_results import round_outcome
from schools import selectors as school_selectors

ROUND_VIEWERS = (User.Role.COUNSELLOR, User.Role.CHAMBER_STAFF)
BUSY = (AllocationRound.Status.QUEUED, AllocationRound.Status.RUNNING)
LISTED = 200
DECISIONS = {
    "confirm": matching_services.proposal_confirm,
    "decline": matching_services.proposal_decline,
}


def _round(request: HttpRequest, pk: int) -> AllocationRound:
    return get_object_or_404(matching_selectors.allocation_round_list(actor=request.actor), pk=pk)


@role_required(*ROUND_VIEWERS)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """While the round is queued or running, the progress part asks again every second."""
    allocation_round = _round(request, pk)
    outcome = round_outcome(actor=request.actor, allocation_round=allocation_round)
    proposals = outcome.proposals
    context = {
        "round": allocation_round,
        "busy": allocation_round.status in BUSY,
        "in_process": settings.CELERY_TASK_ALWAYS_EAGER,
        "proposals": proposals[:LISTED] if proposals is not None else None,
        "pupils": outcome.pupils,
        "uncovered": _uncovered(request, allocation_round) if proposals is not None else [],
    }
    return render_page(request, "frontend/rounds/round.html", context, partial="progress")


def _uncovered(request: HttpRequest, allocation_round: AllocationRound) -> list[tuple]:
    """The requests a pairing round left short, with how many places, in one query."""
    short = {int(pk): n for pk, n in allocation_round.summary.get("uncovered", {}).items()}
    requests = school_selectors.placement_request_list(actor=request.actor).filter(pk__in=short)
    return [(placement_request, short[placement_request.pk]) for placement_request in requests]


@require_POST
@role_required(*ROUND_VIEWERS)
def round_run(request: HttpRequest, pk: int) -> HttpResponse:
    allocation_round = _round(request, pk)
    transition(
        request,
        matching_services.allocation_round_enqueue,
        actor=request.actor,
        allocation_round=allocation_round,
    )
    return redirect("frontend:round_detail", pk)


@staff_required
def pairing_rounds(request: HttpRequest) -> HttpResponse:
    """The pairing rounds, and a new one (created and queued at once)."""
    form = PairingRoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = save_with(
            form,
            matching_services.allocation_round_create,
            actor=request.actor,
            kind=AllocationRound.Kind.PAIRING,
            **form.cleaned_data,
        )
        if created is not None:
            transition(
                request,
                matching_services.allocation_round_enqueue,
                actor=request.actor,
                allocation_round=created,
            )
            return redirect("frontend:round_detail", created.pk)
    rounds = matching_selectors.allocation_round_list(actor=request.actor).filter(
        kind=AllocationRound.Kind.PAIRING
    )
    context = {"form": form, "rounds": rounds.order_by("-created_at")[:50]}
    return render(request, "frontend/rounds/pairing.html", context)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The proposals the user may decide on, undecided first."""
    proposals = matching_selectors.proposal_list(actor=request.actor)
    if request.actor.moderator:
        raise PermissionDenied(_("Chamber staff follow proposals on the round's page."))
    rows = [
        (proposal, policy.may_decide(request.actor, proposal))
        for proposal in proposals.order_by("status", "-round__created_at", "-score")[:LISTED]
    ]
    return render(request, "frontend/rounds/proposals.html", {"rows": rows})


@login_required
def proposal_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """GET: what confirming (a placement, at once) or declining means; POST: decide."""
    if action not in DECISIONS:
        raise Http404
    proposal = get_object_or_404(matching_selectors.proposal_list(actor=request.actor), pk=pk)
    if not policy.may_decide(request.actor, proposal):
        raise PermissionDenied(_("You may not decide on this proposal."))
    if request.method == "POST":
        if transition(request, DECISIONS[action], actor=request.actor, proposal=proposal):
            messages.success(
                request,
                _("The proposal is confirmed: the placement is made.")
                if action == "confirm"
                else _("The proposal is declined; the next round will not propose it again."),
            )
        return redirect("frontend:proposals")
    context = {"proposal": proposal, "action": action}
    return render(request, "frontend/rounds/proposal_decide.html", context)
