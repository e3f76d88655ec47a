"""A student's pages: recommendations and applications, the profile, apply, act on an offer."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.actor import Actor
from backend.accounts.models import User
from frontend import selectors
from frontend.forms.rounds import ChoicesForm
from frontend.forms.student import ApplicationForm, StudentProfileForm, profile_initial
from frontend.views.common import render_form, role_required, save_with, transition
from matching import explanations
from matching import selectors as matching_selectors
from matching import services as matching_services
from matching.models import Application
from matching.selectors.applications import applications_for
from matching.services.rounds import MAX_CHOICES
from schools import selectors as school_selectors
from schools import services as school_services

STUDENT = User.Role.STUDENT
RECOMMENDATIONS = 8
STUDENT_ACTIONS = frozenset({"withdraw", "accept", "decline"})


@role_required(STUDENT)
def dashboard(request: HttpRequest) -> HttpResponse:
    matches = selectors.dashboard_recommendations(actor=request.actor, limit=RECOMMENDATIONS)
    # A recommendation is a match of the student's profile: only without one is it asked for.
    has_profile = bool(matches) or selectors.has_student_profile(actor=request.actor)
    context = {"has_profile": has_profile}
    if has_profile:
        context["recommendations"] = [
            (match, explanations.sentence(match.components)) for match in matches
        ]
        applications = list(selectors.dashboard_applications(actor=request.actor))
        context["applied"] = {application.opportunity_id for application in applications}
        context["applications"] = [
            (application, _student_actions(application, request.actor))
            for application in applications
        ]
        context["placements"] = selectors.dashboard_placements(actor=request.actor)
        context["rounds"] = selectors.dashboard_rounds(actor=request.actor)
    return render(request, "frontend/student/dashboard.html", context)


@role_required(STUDENT)
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = school_selectors.student_profile_of(actor=request.actor)
    initial = profile_initial(profile)
    schools = school_selectors.school_list(actor=request.actor).order_by("organisation__name")
    form = StudentProfileForm(request.POST or None, initial=initial, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_with(form, school_services.student_profile_upsert, actor=request.actor, data=data):
            messages.success(request, _("Your profile is saved."))
            return redirect("frontend:dashboard")
    return render_form(request, "frontend/student/profile.html", {"form": form, "profile": profile})


@role_required(STUDENT)
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_detail(actor=request.actor, pk=pk)
    applied = selectors.own_application(actor=request.actor, opportunity_id=pk)
    if applied is not None:
        messages.info(request, _("You have applied already: here is your application."))
        return redirect("frontend:application", applied.pk)
    refusal = matching_services.application_refusal(actor=request.actor, opportunity=opportunity)
    if refusal:  # said before the pupil writes a motivation
        context = {"opportunity": opportunity, "refusal": refusal}
        return render(request, "frontend/student/apply.html", context, status=400)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        application = save_with(
            form,
            matching_services.application_submit,
            actor=request.actor,
            opportunity=opportunity,
            motivation=form.cleaned_data["motivation"],
            cv=form.cleaned_data["cv"],
        )
        if application is not None:
            messages.success(request, _("Your application is sent."))
            return redirect("frontend:application", application.pk)
    context = {"form": form, "opportunity": opportunity}
    return render_form(request, "frontend/student/apply.html", context)


@require_POST
@role_required(STUDENT)
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in STUDENT_ACTIONS:
        raise Http404
    application = get_object_or_404(applications_for(actor=request.actor), pk=pk)
    offered = application.status == application.Status.OFFERED
    if action == "accept" and offered and request.POST.get("confirm") != "yes":
        # Accepting binds the pupil to a placement: say what it is, and any clash, first.
        preview = matching_services.accept_preview(application=application)
        context = {"application": application, "preview": preview}
        return render(request, "frontend/student/accept.html", context)
    done = transition(
        request,
        matching_services.application_act,
        application=application,
        action=action,
        actor=request.actor,
    )
    if done:
        messages.success(request, _("Done: the application is updated."))
    return redirect("frontend:dashboard")


def _student_actions(application: Application, actor: Actor) -> list[str]:
    allowed = matching_services.application_allowed_actions(actor=actor, application=application)
    return [action for action in allowed if action in STUDENT_ACTIONS]


@role_required(STUDENT)
def round_choices(request: HttpRequest, pk: int) -> HttpResponse:
    """Rank the recommended opportunities for the school's allocation round."""
    allocation_round = get_object_or_404(
        matching_selectors.allocation_round_list(actor=request.actor), pk=pk
    )
    profile = school_selectors.student_profile_of(actor=request.actor)
    if profile is None:
        return redirect("frontend:student_profile")
    matches = list(matching_selectors.student_match_list(actor=request.actor)[: MAX_CHOICES * 2])
    stored = matching_selectors.student_choice_list(
        actor=request.actor, allocation_round=allocation_round
    )
    form = ChoicesForm(
        request.POST or None,
        matches=matches,
        ranks={choice.opportunity_id: choice.rank for choice in stored},
    )
    if request.method == "POST" and form.is_valid():
        saved = save_with(
            form,
            matching_services.allocation_round_set_choices,
            actor=request.actor,
            allocation_round=allocation_round,
            choices=form.choices(),
        )
        if saved is not None:
            messages.success(request, _("Your choices are saved."))
            return redirect("frontend:dashboard")
    context = {"round": allocation_round, "form": form}
    return render(request, "frontend/student/round_choices.html", context)
