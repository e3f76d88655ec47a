"""A company member's pages: the dashboard, opportunities, applications, the company profile."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.actor import Actor
from backend.accounts.models import User
from backend.reference.models import PlacementKind
from companies import selectors as company_selectors
from companies import services as company_services
from companies.models import Opportunity
from companies.policy import administered_company_ids, postable_company_ids
from frontend import selectors
from frontend.forms.company import (
    ApplicationActionForm,
    CompanyProfileForm,
    CompanyRegistrationForm,
    LogoForm,
    OpportunityForm,
)
from frontend.views.common import render_form, role_required, save_with, transition
from matching import services as matching_services
from matching.models import Application, Placement
from matching.selectors.applications import applications_for
from matching.selectors.placements import placements_for

MEMBER = User.Role.COMPANY_MEMBER
RECENT_APPLICATIONS = 10
COMPANY_ACTIONS = frozenset({"review", "interview", "offer", "reject"})
TRANSITIONS = {
    "publish": company_services.opportunity_publish,
    "close": company_services.opportunity_close,
}
CONFIRMED = frozenset({"close"})
REGISTERED = gettext_lazy(
    "%(name)s is registered. The chamber verifies it; prepare opportunities meanwhile."
)


def _own_opportunities(actor: Actor):
    return company_selectors.opportunity_list(actor=actor).filter(
        company_id__in=postable_company_ids(actor)
    )


def _own_opportunity(actor: Actor, pk: int):
    return get_object_or_404(_own_opportunities(actor), pk=pk)


@role_required(MEMBER)
def dashboard(request: HttpRequest) -> HttpResponse:
    company_ids = postable_company_ids(request.actor)
    applications = applications_for(actor=request.actor)
    counts = dict(applications.order_by().values_list("status").annotate(n=Count("pk")))
    context = {
        "has_company": bool(company_ids),
        "opportunities": _own_opportunities(request.actor),
        "status_counts": [
            (label, counts.get(value, 0)) for value, label in Application.Status.choices
        ],
        "applications": applications[:RECENT_APPLICATIONS],
        "request_matches": selectors.company_request_matches(company_ids=company_ids),
        "awaiting": placements_for(actor=request.actor).filter(
            status=Placement.Status.CONFIRMED, company_agreed_at__isnull=True
        )[:RECENT_APPLICATIONS],
    }
    return render(request, "frontend/company/dashboard.html", context)


def _postable_companies(actor: Actor):
    return company_selectors.company_list(actor=actor).filter(pk__in=postable_company_ids(actor))


def _to_registration(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Register your company first: then you can publish opportunities."))
    return redirect("frontend:company_register")


@role_required(MEMBER)
def company_register(request: HttpRequest) -> HttpResponse:
    """The page of POST /api/v1/companies/: the member becomes the new company's administrator;
    the chamber verifies it before its opportunities are public."""
    form = CompanyRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        company = save_with(
            form, company_services.company_create, actor=request.actor, **form.cleaned_data
        )
        if company is not None:
            messages.success(
                request,
                REGISTERED % {"name": company.organisation.name},
            )
            return redirect("frontend:dashboard")
    return render(request, "frontend/company/register.html", {"form": form})


def _kind(request: HttpRequest) -> dict[str, str]:
    """?kind= chooses which kind's sections a new form shows (the links and the HTMX select)."""
    kind = request.GET.get("kind", "")
    return {"kind": kind} if kind in PlacementKind.values else {}


@role_required(MEMBER)
def opportunity_create(request: HttpRequest) -> HttpResponse:
    company = _postable_companies(request.actor).first()
    if company is None:
        return _to_registration(request)
    initial = {
        **selectors.opportunity_defaults(actor=request.actor, company=company),
        **_kind(request),
    }
    form = OpportunityForm(
        request.POST or None, instance=Opportunity(company=company), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        opportunity = save_with(
            form,
            company_services.opportunity_create,
            actor=request.actor,
            company=company,
            programmes=form.cleaned_data["programmes"],
            stem_areas=form.cleaned_data["stem_areas"],
            **form.service_fields(),
        )
        if opportunity is not None:
            messages.success(request, _("Saved as a draft. Publish it when it is ready."))
            return redirect("frontend:opportunity_edit", opportunity.pk)
    context = {"form": form, "company": company, "kinds": PlacementKind.choices}
    return render_form(request, "frontend/company/opportunity_form.html", context)


@role_required(MEMBER)
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _own_opportunity(request.actor, pk)
    form = OpportunityForm(request.POST or None, instance=opportunity, initial=_kind(request))
    if request.method == "POST" and form.is_valid():
        done = save_with(
            form,
            company_services.opportunity_update,
            actor=request.actor,
            opportunity=opportunity,
            programmes=form.cleaned_data["programmes"],
            stem_areas=form.cleaned_data["stem_areas"],
            **form.service_fields(),
        )
        if done:
            messages.success(request, _("Your changes are saved."))
            return redirect("frontend:opportunity_edit", opportunity.pk)
    context = {
        "form": form,
        "opportunity": opportunity,
        "company": opportunity.company,
        "actions": company_services.opportunity_allowed_actions(opportunity),
    }
    return render_form(request, "frontend/company/opportunity_form.html", context)


@role_required(MEMBER)
def opportunity_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """POST changes the status; closing, which cannot be undone, first shows (GET) a page that
    says what it ends."""
    if action not in TRANSITIONS:
        raise Http404
    opportunity = _own_opportunity(request.actor, pk)
    if request.method != "POST":
        if action not in CONFIRMED:
            return HttpResponseNotAllowed(["POST"])
        context = {"opportunity": opportunity, "action": action}
        return render(request, "frontend/company/opportunity_confirm.html", context)
    if transition(request, TRANSITIONS[action], actor=request.actor, opportunity=opportunity):
        messages.success(
            request,
            _("The opportunity is %(status)s.")
            % {"status": opportunity.get_status_display().lower()},
        )
    return redirect("frontend:opportunity_edit", pk)


@role_required(MEMBER)
def application_list(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _own_opportunity(request.actor, pk)
    applications = applications_for(actor=request.actor, filters={"opportunity": str(pk)})
    rows = [
        (application, _company_actions(application, request.actor)) for application in applications
    ]
    context = {"opportunity": opportunity, "rows": rows}
    return render(request, "frontend/company/applications.html", context)


def _company_actions(application: Application, actor: Actor) -> list[str]:
    allowed = matching_services.application_allowed_actions(actor=actor, application=application)
    return [action for action in allowed if action in COMPANY_ACTIONS]


@require_POST
@role_required(MEMBER)
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_for(actor=request.actor), pk=pk)
    form = ApplicationActionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in COMPANY_ACTIONS:
        raise Http404
    done = transition(
        request,
        matching_services.application_act,
        application=application,
        action=form.cleaned_data["action"],
        actor=request.actor,
        note=form.cleaned_data["note"],
    )
    if done:
        messages.success(request, _("The application is updated and the student is told."))
    return redirect("frontend:company_applications", application.opportunity_id)


@role_required(MEMBER)
def profile_edit(request: HttpRequest) -> HttpResponse:
    company = (
        company_selectors.company_list(actor=request.actor)
        .filter(pk__in=administered_company_ids(request.actor))
        .first()
    )
    if company is None:
        if not _postable_companies(request.actor).exists():
            return _to_registration(request)
        raise PermissionDenied(_("Only an administrator of a company edits its profile."))
    is_logo = "logo" in request.FILES or request.POST.get("form") == "logo"
    posted = request.method == "POST"
    form = CompanyProfileForm(
        request.POST if posted and not is_logo else None,
        initial=CompanyProfileForm.initial_from(company),
    )
    logo_form = LogoForm(request.POST if posted and is_logo else None, request.FILES or None)
    if posted and not is_logo and form.is_valid():
        fields = form.cleaned_data
        if save_with(
            form, company_services.company_update, actor=request.actor, company=company, **fields
        ):
            messages.success(request, _("The company profile is saved."))
            return redirect("frontend:company_profile")
    if (
        posted
        and is_logo
        and logo_form.is_valid()
        and save_with(
            logo_form,
            company_services.company_logo_set,
            actor=request.actor,
            company=company,
            logo=logo_form.cleaned_data["logo"],
        )
    ):
        messages.success(request, _("The new logo is saved."))
        return redirect("frontend:company_profile")
    context = {"company": company, "form": form, "logo_form": logo_form}
    return render_form(request, "frontend/company/profile.html", context)
