"""The placement's own changes on pages: complete and cancel it (each after a confirmation
page, since neither can be undone) and name the pupil of a placement confirmed without names.

The services decide (matching/services/placement_changes.py, placement_naming.py): a change the
placement is not ready for comes back as a message, one the user may not make as a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.forms.common import ReasonForm
from frontend.lifecycle import forms as lifecycle_forms
from frontend.views.common import save_with, transition
from matching import policy
from matching.agreements import selectors
from matching.models import Placement
from matching.services import placement_allowed_actions, placement_cancel, placement_complete
from matching.services.placement_agreement import placement_company_agree
from matching.services.placement_naming import placement_name_student

DONE = {
    "complete": gettext_lazy("The placement is completed: both sides can now evaluate it."),
    "cancel": gettext_lazy("The placement is cancelled; the other side is told why."),
}


def _placement(request: HttpRequest, pk: int) -> Placement:
    return get_object_or_404(selectors.placement_list(actor=request.actor), pk=pk)


@login_required
def placement_change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """GET: what completing (or cancelling, with a reason) means; POST: do it."""
    if action not in DONE:
        raise Http404
    placement = _placement(request, pk)
    if action not in placement_allowed_actions(actor=request.actor, placement=placement):
        if placement.status != Placement.Status.CONFIRMED:
            messages.error(request, _("This placement is no longer confirmed: nothing to change."))
            return redirect("frontend:lifecycle_detail", pk=pk)
        raise PermissionDenied(_("You may not do this for this placement."))
    form_class = ReasonForm if action == "cancel" else lifecycle_forms.CompleteForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        service = placement_cancel if action == "cancel" else placement_complete
        if save_with(form, service, actor=request.actor, placement=placement, **form.cleaned_data):
            messages.success(request, DONE[action])
            return redirect("frontend:lifecycle_detail", pk=pk)
    context = {"placement": placement, "action": action, "form": form}
    status = 400 if form.errors else 200
    return render(request, "frontend/lifecycle/change.html", context, status=status)


@login_required
def name_student(request: HttpRequest, pk: int) -> HttpResponse:
    """The school names a pupil of a placement confirmed without names."""
    placement = _placement(request, pk)
    if not policy.may_name_students(request.actor, placement):
        raise PermissionDenied(_("Only a counsellor of the school names its pupils."))
    form = lifecycle_forms.NameStudentForm(
        request.POST or None, placement=placement, actor=request.actor
    )
    if request.method == "POST" and form.is_valid():
        named = save_with(
            form,
            placement_name_student,
            placement=placement,
            student=form.cleaned_data["student"],
            actor=request.actor,
        )
        if named is not None:
            messages.success(
                request, _("%(name)s is named on the placement.") % {"name": named.student}
            )
            return redirect("frontend:lifecycle_detail", pk=named.pk)
    context = {"placement": placement, "form": form}
    status = 400 if form.errors else 200
    return render(request, "frontend/lifecycle/name_student.html", context, status=status)


@require_POST
@login_required
def company_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """The company agrees to a placement the school confirmed (declining is cancelling)."""
    placement = _placement(request, pk)
    if transition(request, placement_company_agree, actor=request.actor, placement=placement):
        messages.success(request, _("You agreed to the placement; the school is told."))
    return redirect("frontend:lifecycle_detail", pk=pk)
