"""A counsellor's pages: the school's requests and matches, confirming placements, rounds."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.actor import Actor
from backend.accounts.models import User
from backend.reference.models import Programme
from backend.reports import coordinator
from frontend import selectors
from frontend.forms.counsellor import PlacementConfirmForm, PlacementRequestForm
from frontend.forms.rounds import RoundLimitsForm
from frontend.reports.forms import YearFilterForm
from frontend.views.common import render_form, role_required, save_with, transition
from matching import explanations
from matching import selectors as matching_selectors
from matching import services as matching_services
from matching.models import AllocationRound
from matching.selectors.applications import applications_for
from matching.selectors.placements import placements_for
from schools import policy as school_policy
from schools import selectors as school_selectors
from schools import services as school_services

COUNSELLOR = User.Role.COUNSELLOR
LISTED = 20
MATCHES = 15


def _own_requests(actor: Actor):
    return school_selectors.placement_request_list(actor=actor).filter(
        school_id__in=school_policy.counsellor_school_ids(actor)
    )


@role_required(COUNSELLOR)
def dashboard(request: HttpRequest) -> HttpResponse:
    school_ids = school_policy.counsellor_school_ids(request.actor)
    matches = selectors.school_request_matches(school_ids=school_ids)
    context = {
        "has_school": bool(school_ids),
        "requests": _own_requests(request.actor).order_by("period_start", "pk"),
        "matches": [(match, explanations.sentence(match.components)) for match in matches],
        "applications": applications_for(actor=request.actor)[:LISTED],
        "placements": placements_for(actor=request.actor)[:LISTED],
        "rounds": matching_selectors.allocation_round_list(actor=request.actor)[:5],
        **_coverage(request.actor),
    }
    return render(request, "frontend/counsellor/dashboard.html", context)


def _coverage(actor: Actor) -> dict:
    """The coordinator's summary: places secured against the need, per programme and class."""
    today = timezone.localdate()
    names = {programme.code: programme.name for programme in Programme.objects.all()}
    classes = coordinator.class_coverage(actor=actor, today=today)
    needs = coordinator.programme_needs(actor=actor, today=today)
    return {
        "classes": [(names.get(row.programme), row) for row in classes],
        "needs": [(names.get(row.programme), row) for row in needs],
    }


@role_required(COUNSELLOR)
def pupils_without_placement(request: HttpRequest) -> HttpResponse:
    """The school's pupils with no placement for the coming period, by programme and class."""
    school_ids = school_policy.counsellor_school_ids(request.actor)
    form = YearFilterForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    pupils = coordinator.pupils_without_placement(
        actor=request.actor, today=timezone.localdate(), year=year
    )
    context = {"form": form, "pupils": pupils, "has_school": bool(school_ids)}
    return render(request, "frontend/counsellor/pupils_without_placement.html", context)


@role_required(COUNSELLOR)
def request_create(request: HttpRequest) -> HttpResponse:
    school_ids = school_policy.counsellor_school_ids(request.actor)
    if not school_ids:
        messages.info(request, _("Register your school first, or ask to join it."))
        return redirect("frontend:school_register")
    form = PlacementRequestForm(request.POST or None, school_ids=school_ids)
    if request.method == "POST" and form.is_valid():
        created = save_with(
            form,
            school_services.placement_request_create,
            actor=request.actor,
            **form.service_data(),
        )
        if created is not None:
            messages.success(request, _("The request is open: here are its matches."))
            return redirect("frontend:request_matches", created.pk)
    return render_form(request, "frontend/counsellor/request_form.html", {"form": form})


@role_required(COUNSELLOR)
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement_request = get_object_or_404(_own_requests(request.actor), pk=pk)
    form = PlacementRequestForm(
        request.POST or None, instance=placement_request, school_ids=[placement_request.school_id]
    )
    if request.method == "POST" and form.is_valid():
        updated = save_with(
            form,
            school_services.placement_request_update,
            actor=request.actor,
            placement_request=placement_request,
            data=form.service_data(),
        )
        if updated is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("frontend:request_matches", pk)
    context = {"form": form, "placement_request": placement_request}
    return render_form(request, "frontend/counsellor/request_form.html", context)


@role_required(COUNSELLOR)
def request_matches(request: HttpRequest, pk: int) -> HttpResponse:
    placement_request = get_object_or_404(_own_requests(request.actor), pk=pk)
    matches = list(
        matching_selectors.request_match_list(
            actor=request.actor, placement_request=placement_request
        )[:MATCHES]
    )
    rows = [(match, explanations.sentence(match.components)) for match in matches]
    context = {"placement_request": placement_request, "rows": rows, "empty": None}
    if not rows:
        unmatched = matching_selectors.request_unmatched(
            actor=request.actor, placement_request=placement_request
        )
        context["empty"] = (
            explanations.empty_state(unmatched)
            if unmatched
            else explanations.closed_request_state()
        )
    return render(request, "frontend/counsellor/request_matches.html", context)


@role_required(COUNSELLOR)
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what closing means; POST: close it (it cannot be reopened)."""
    placement_request = get_object_or_404(_own_requests(request.actor), pk=pk)
    if request.method == "POST":
        if transition(
            request,
            school_services.placement_request_close,
            actor=request.actor,
            placement_request=placement_request,
        ):
            messages.success(request, _("The request is closed; companies no longer see it."))
        return redirect("frontend:request_matches", pk)
    context = {"placement_request": placement_request}
    return render(request, "frontend/counsellor/request_close.html", context)


def _confirm_form(request: HttpRequest, match) -> PlacementConfirmForm:
    placement_request = match.request
    count = max(min(placement_request.places_open, match.opportunity.places_left), 1)
    students = school_selectors.student_list(actor=request.actor).filter(
        school_id=placement_request.school_id
    )
    return PlacementConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={"students_count": count},
        students=students.order_by("user__last_name", "user__first_name"),
    )


@role_required(COUNSELLOR)
def placement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a number of the school's students, or named ones, at the match's opportunity:
    GET shows the form (a confirmation step), POST confirms."""
    match = selectors.school_match(actor=request.actor, pk=pk)
    form = _confirm_form(request, match)
    if request.method == "POST" and form.is_valid():
        confirmed = save_with(
            form,
            matching_services.placement_confirm,
            actor=request.actor,
            opportunity=match.opportunity,
            request=match.request,
            **form.service_kwargs(),
        )
        if confirmed:
            messages.success(
                request, _("The placement is confirmed; the company is asked to agree.")
            )
            return redirect("frontend:request_matches", match.request_id)
    context = {"match": match, "form": form, "why": explanations.sentence(match.components)}
    status = 400 if form.errors else 200
    return render(request, "frontend/counsellor/placement_confirm.html", context, status=status)


@require_POST
@role_required(COUNSELLOR)
def round_start(request: HttpRequest) -> HttpResponse:
    """A stable round over the school's students who ranked opportunities, queued at once;
    optionally limited to a kind of placement and a period."""
    limits = RoundLimitsForm(request.POST)
    allocation_round = limits.is_valid() and save_with(
        limits,
        matching_services.allocation_round_create,
        actor=request.actor,
        kind=AllocationRound.Kind.STABLE,
        **limits.cleaned_data,
    )
    if not allocation_round:
        for errors in limits.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("frontend:dashboard")
    transition(
        request,
        matching_services.allocation_round_enqueue,
        actor=request.actor,
        allocation_round=allocation_round,
    )
    return redirect("frontend:round_detail", allocation_round.pk)
