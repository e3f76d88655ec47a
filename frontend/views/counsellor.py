"""A counsellor's pages: the school's requests and matches, confirming placements, rounds."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.models import User
from frontend import selectors
from frontend.forms.counsellor import PlacementConfirmForm, PlacementRequestForm
from frontend.views.common import render_page, role_required, save_with, transition
from matching import explanations
from matching import selectors as matching_selectors
from matching import services as matching_services
from matching.models import AllocationRound
from matching.selectors.applications import applications_for
from matching.selectors.placements import placements_for
from schools import selectors as school_selectors
from schools import services as school_services
from schools.models import PlacementRequest

COUNSELLOR = User.Role.COUNSELLOR
LISTED = 20
MATCHES = 15
BUSY = (AllocationRound.Status.QUEUED, AllocationRound.Status.RUNNING)


def _own_requests(user: User):
    return school_selectors.placement_request_list(user=user).filter(
        school_id__in=school_selectors.counsellor_school_ids(user)
    )


@role_required(COUNSELLOR)
def dashboard(request: HttpRequest) -> HttpResponse:
    school_ids = school_selectors.counsellor_school_ids(request.user)
    matches = selectors.school_request_matches(school_ids=school_ids)
    context = {
        "has_school": bool(school_ids),
        "requests": _own_requests(request.user).order_by("period_start", "pk"),
        "matches": [(match, explanations.sentence(match.components)) for match in matches],
        "applications": applications_for(request.user)[:LISTED],
        "placements": placements_for(request.user)[:LISTED],
        "rounds": matching_selectors.allocation_round_list(user=request.user)[:5],
    }
    return render(request, "frontend/counsellor/dashboard.html", context)


@role_required(COUNSELLOR)
def request_create(request: HttpRequest) -> HttpResponse:
    school_ids = school_selectors.counsellor_school_ids(request.user)
    form = PlacementRequestForm(request.POST or None, school_ids=school_ids)
    if request.method == "POST" and form.is_valid():
        created = save_with(
            form, school_services.placement_request_create, by=request.user, **form.service_data()
        )
        if created is not None:
            messages.success(request, _("The request is open: here are its matches."))
            return redirect("frontend:request_matches", created.pk)
    return render(request, "frontend/counsellor/request_form.html", {"form": form})


@role_required(COUNSELLOR)
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement_request = get_object_or_404(_own_requests(request.user), pk=pk)
    form = PlacementRequestForm(
        request.POST or None, instance=placement_request, school_ids=[placement_request.school_id]
    )
    if request.method == "POST" and form.is_valid():
        updated = save_with(
            form,
            school_services.placement_request_update,
            placement_request=placement_request,
            data=form.service_data(),
        )
        if updated is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("frontend:request_matches", pk)
    context = {"form": form, "placement_request": placement_request}
    return render(request, "frontend/counsellor/request_form.html", context)


@role_required(COUNSELLOR)
def request_matches(request: HttpRequest, pk: int) -> HttpResponse:
    placement_request = get_object_or_404(_own_requests(request.user), pk=pk)
    matches = list(matching_selectors.request_match_list(request_id=pk)[:MATCHES])
    rows = [
        (match, explanations.sentence(match.components), _confirm_form(placement_request, match))
        for match in matches
    ]
    context = {"placement_request": placement_request, "rows": rows, "empty": None}
    if not rows:
        unmatched = matching_selectors.request_unmatched(request_id=pk)
        context["empty"] = (
            explanations.empty_state(unmatched)
            if unmatched
            else explanations.closed_request_state()
        )
    return render(request, "frontend/counsellor/request_matches.html", context)


def _confirm_form(placement_request: PlacementRequest, match, data=None) -> PlacementConfirmForm:
    count = max(min(placement_request.places_open, match.opportunity.places_left), 1)
    return PlacementConfirmForm(data, initial={"students_count": count}, prefix=f"m{match.pk}")


@require_POST
@role_required(COUNSELLOR)
def placement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    school_ids = school_selectors.counsellor_school_ids(request.user)
    match = selectors.school_match(school_ids=school_ids, pk=pk)
    form = _confirm_form(match.request, match, request.POST)
    if form.is_valid():
        confirmed = save_with(
            form,
            matching_services.placement_confirm,
            by=request.user,
            opportunity=match.opportunity,
            request=match.request,
            **form.cleaned_data,
        )
        if confirmed:
            messages.success(request, _("The placement is confirmed; the company is told."))
            return redirect("frontend:dashboard")
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("frontend:request_matches", match.request_id)


@require_POST
@role_required(COUNSELLOR)
def round_start(request: HttpRequest) -> HttpResponse:
    """A stable round over the school's students who ranked opportunities, queued at once."""
    allocation_round = matching_services.allocation_round_create(
        by=request.user, kind=AllocationRound.Kind.STABLE
    )
    transition(
        request,
        matching_services.allocation_round_enqueue,
        allocation_round=allocation_round,
        by=request.user,
    )
    return redirect("frontend:round_detail", allocation_round.pk)


@require_POST
@role_required(COUNSELLOR)
def round_run(request: HttpRequest, pk: int) -> HttpResponse:
    allocation_round = get_object_or_404(
        matching_selectors.allocation_round_list(user=request.user), pk=pk
    )
    transition(
        request,
        matching_services.allocation_round_enqueue,
        allocation_round=allocation_round,
        by=request.user,
    )
    return redirect("frontend:round_detail", pk)


@role_required(COUNSELLOR)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """While the round is queued or running, the progress part asks again every second."""
    allocation_round = get_object_or_404(
        matching_selectors.allocation_round_list(user=request.user), pk=pk
    )
    proposals = None
    if allocation_round.status == AllocationRound.Status.DONE:
        proposals = matching_selectors.round_proposal_list(round_id=pk)[:100]
    context = {
        "round": allocation_round,
        "busy": allocation_round.status in BUSY,
        "proposals": proposals,
    }
    return render_page(request, "frontend/counsellor/round.html", context, partial="progress")
