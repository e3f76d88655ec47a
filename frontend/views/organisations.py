"""A counsellor registers their school and edits its profile; anyone who acts for no
organisation yet asks to join one; an administrator withdraws an unused invitation (the pages of
POST /api/v1/schools/, PUT /api/v1/schools/{id}/, POST /api/v1/organisations/{id}/join/ and
DELETE /api/v1/invitations/{id}/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts import invitations
from backend.accounts import selectors as account_selectors
from backend.accounts import services as account_services
from backend.accounts.actor import ROLE_ORGANISATION_KIND
from backend.accounts.models import User
from frontend.forms.school import JoinForm, SchoolForm
from frontend.views.common import role_required, save_with, transition
from schools import policy as school_policy
from schools import selectors as school_selectors
from schools import services as school_services

COUNSELLOR = User.Role.COUNSELLOR


@role_required(COUNSELLOR)
def school_register(request: HttpRequest) -> HttpResponse:
    """The counsellor becomes the new school's administrator; the chamber verifies it."""
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school = save_with(
            form, school_services.school_create, actor=request.actor, **form.cleaned_data
        )
        if school is not None:
            messages.success(
                request,
                _("%(name)s is registered. The chamber verifies it; post requests meanwhile.")
                % {"name": school.organisation.name},
            )
            return redirect("frontend:dashboard")
    return render(request, "frontend/school/register.html", {"form": form})


@role_required(COUNSELLOR)
def school_profile(request: HttpRequest) -> HttpResponse:
    school = (
        school_selectors.school_list(actor=request.actor)
        .filter(pk__in=request.actor.admin_organisation_ids)
        .first()
    )
    if school is None:
        if not school_policy.counsellor_school_ids(request.actor):
            return redirect("frontend:school_register")
        raise PermissionDenied(_("Only an administrator of the school edits its profile."))
    form = SchoolForm(request.POST or None, initial=SchoolForm.initial_from(school))
    if request.method == "POST" and form.is_valid():
        saved = save_with(
            form,
            school_services.school_update,
            actor=request.actor,
            school=school,
            data=form.cleaned_data,
        )
        if saved is not None:
            messages.success(request, _("The school's profile is saved."))
            return redirect("frontend:school_profile")
    return render(request, "frontend/school/profile.html", {"form": form, "school": school})


@login_required
def organisation_join(request: HttpRequest) -> HttpResponse:
    """Ask to act for a company or a school of one's role; its administrators approve."""
    kind = ROLE_ORGANISATION_KIND.get(request.actor.role)
    organisations = account_selectors.joinable_organisations().filter(kind=kind, suspended=False)
    form = JoinForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        membership = save_with(
            form,
            account_services.membership_request,
            actor=request.actor,
            organisation=form.cleaned_data["organisation"],
        )
        if membership is not None:
            if membership.status == membership.Status.APPROVED:
                messages.success(
                    request, _("You now act for %(name)s.") % {"name": membership.organisation}
                )
            else:
                messages.success(
                    request,
                    _("You asked to join %(name)s; its administrators are told.")
                    % {"name": membership.organisation},
                )
            return redirect("frontend:account_settings")
    return render(request, "frontend/school/join.html", {"form": form})


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """An administrator withdraws an unused invitation (DELETE /api/v1/invitations/{id}/)."""
    organisation = get_object_or_404(
        account_selectors.organisation_list(actor=request.actor), pk=pk
    )
    invitation = invitations.invitation_get(
        actor=request.actor, organisation=organisation, invitation_id=invitation_pk
    )
    if invitation is None:
        raise Http404
    if transition(
        request, invitations.invitation_revoke, actor=request.actor, invitation=invitation
    ):
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("frontend:organisation_members", pk=pk)
