"""The placement lifecycle's pages: the placements a user follows, one placement with what it
still needs, the plan form, and the forms to sign, assess risks, start, note and evaluate.

Every write goes through matching/agreements/services.py: a step the placement is not ready
for becomes a message on the page, a step the user may not take is a 403, a placement they are
no party to a 404.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.core.errors import TransitionError
from frontend.lifecycle import forms as lifecycle_forms
from matching import policy
from matching.agreements import rules, selectors, services
from matching.agreements.models import Agreement, PlacementPlan, RiskAssessment, Signature
from matching.models import Placement
from matching.services import placement_allowed_actions
from matching.services.placement_agreement import awaits_company

LANGUAGES = ("sv", "en")
LIST_SIZE = 100


def _placement(request: HttpRequest, pk: int) -> Placement:
    return get_object_or_404(selectors.placement_list(actor=request.actor), pk=pk)


def _to_detail(placement: Placement) -> HttpResponse:
    return redirect("frontend:lifecycle_detail", pk=placement.pk)


def _run(
    request: HttpRequest,
    service: Callable[..., Any],
    form: forms.Form | None = None,
    **kwargs: Any,
) -> bool:
    """Call the service; its refusals become errors on the form's fields or page messages."""
    try:
        service(actor=request.actor, **kwargs)
    except TransitionError as error:
        messages.error(request, error.message)
        return False
    except ValidationError as error:
        fields = getattr(error, "error_dict", {})
        if form is not None and fields and set(fields) <= set(form.fields):
            form.add_error(None, error)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False
    return True


# Pages


@login_required
def placement_list(request: HttpRequest) -> HttpResponse:
    placements = selectors.placement_list(actor=request.actor).exclude(
        status=Placement.Status.CANCELLED
    )[:LIST_SIZE]
    rows = [selectors.placement_lifecycle(placement=placement) for placement in placements]
    return render(request, "frontend/lifecycle/list.html", {"rows": rows})


@login_required
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    return render(request, "frontend/lifecycle/detail.html", _context(request, placement))


def _context(request: HttpRequest, placement: Placement, **bound: forms.Form) -> dict[str, Any]:
    lifecycle = selectors.placement_lifecycle(placement=placement)
    assessment = selectors.related_or_none(placement, "risk_assessment")
    return {
        "placement": placement,
        "lifecycle": lifecycle,
        "sides": policy.sides(request.actor, placement),
        "plan": selectors.related_or_none(placement, "plan"),
        "signature_rows": _signature_rows(lifecycle),
        "sign_forms": _sign_forms(request, placement, lifecycle, bound.get("sign")),
        "assessment": assessment,
        "risk_items": [
            (
                RiskAssessment._meta.get_field(name).verbose_name,
                bool(assessment and getattr(assessment, name)),
            )
            for name in RiskAssessment.ITEMS
        ],
        "risk_form": bound.get("risk") or lifecycle_forms.RiskAssessmentForm(instance=assessment),
        "check_in_form": bound.get("check_in") or lifecycle_forms.CheckInForm(),
        "handledare_form": bound.get("handledare") or lifecycle_forms.HandledareEvaluationForm(),
        "student_form": bound.get("student") or lifecycle_forms.StudentEvaluationForm(),
        "handledare_evaluation": selectors.related_or_none(placement, "handledare_evaluation"),
        "student_evaluation": selectors.related_or_none(placement, "student_evaluation"),
        "placement_actions": placement_allowed_actions(actor=request.actor, placement=placement),
        "awaits_company": awaits_company(placement),
        "may_name": (
            placement.student_id is None
            and placement.status == Placement.Status.CONFIRMED
            and policy.sides(request.actor, placement).school
        ),
        "certificate_ready": (
            placement.status == Placement.Status.COMPLETED and placement.student_id is not None
        ),
    }


def _signature_rows(lifecycle: selectors.Lifecycle) -> list[tuple[str, Signature | None]]:
    """Each required party with its signature of the current version, if any."""
    signed = (
        {s.party: s for s in lifecycle.agreement.signatures.all()} if lifecycle.agreement else {}
    )
    labels = dict(Signature.Party.choices)
    return [(labels[party], signed.get(party)) for party in lifecycle.required_parties]


def _sign_forms(
    request: HttpRequest,
    placement: Placement,
    lifecycle: selectors.Lifecycle,
    bound: forms.Form | None,
) -> list[forms.Form]:
    """A form for each party the user may sign for and that has not signed yet."""
    if lifecycle.agreement is None or lifecycle.status not in (
        selectors.Status.AWAITING_SIGNATURES,
        selectors.Status.READY,
    ):
        return []
    result = []
    for party in lifecycle.required_parties:
        if party in lifecycle.signed_parties or not policy.may_sign_as(
            request.actor, placement, party
        ):
            continue
        if bound is not None and bound.data.get("party") == party:
            result.append(_with_current_version(bound, lifecycle.agreement.sha256))
        else:
            initial = {"party": party, "sha256": lifecycle.agreement.sha256}
            result.append(lifecycle_forms.SignForm(initial=initial, party=party))
    return result


def _with_current_version(bound: forms.Form, sha256: str) -> forms.Form:
    """A signature refused because the plan changed meanwhile: the message at the top of the
    form, which now carries the new version's checksum, so the next click signs that one."""
    if "sha256" not in bound.errors:
        return bound
    again = lifecycle_forms.SignForm({**bound.data.dict(), "sha256": sha256}, party=bound.party)
    again.is_valid()
    again.add_error(None, bound.errors["sha256"])
    return again


def _render_detail(request: HttpRequest, placement: Placement, **bound: forms.Form) -> HttpResponse:
    """The page again, with the form's errors next to its fields."""
    fresh = selectors.lifecycle_queryset().get(pk=placement.pk)
    context = _context(request, fresh, **bound)
    return render(request, "frontend/lifecycle/detail.html", context, status=400)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The school or the company fills in the plan; a first plan starts from the handledare
    of the company's last one."""
    placement = _placement(request, pk)
    if not policy.sides(request.actor, placement).organiser:
        raise PermissionDenied
    kind = rules.agreement_kind(placement)
    plan = selectors.related_or_none(placement, "plan") or PlacementPlan(
        placement=placement, **selectors.handledare_defaults(placement.opportunity.company)
    )
    form = lifecycle_forms.plan_form_class(kind)(request.POST or None, instance=plan)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(request, services.plan_save, form, placement=placement, **form.service_kwargs())
    ):
        messages.success(request, _("The plan is saved."))
        return _to_detail(placement)
    context = {"placement": placement, "form": form, "kind": Agreement.Kind(kind).label}
    status = 400 if request.method == "POST" else 200
    return render(request, "frontend/lifecycle/plan_form.html", context, status=status)


# Actions (POST, then back to the placement)


def _form_action(
    form_class: type[forms.Form], key: str, service: Callable[..., Any], success: str
) -> Callable[..., HttpResponse]:
    """A POST of a form that calls one service with the form's data."""

    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement(request, pk)
        form = form_class(request.POST)
        if form.is_valid() and _run(
            request, service, form, placement=placement, **form.cleaned_data
        ):
            messages.success(request, success)
            return _to_detail(placement)
        if form.errors:
            return _render_detail(request, placement, **{key: form})
        return _to_detail(placement)

    return view


def _action(
    service: Callable[..., Any], success: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST without fields that calls one service."""

    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement(request, pk)
        if _run(request, service, placement=placement):
            messages.success(request, success)
        return _to_detail(placement)

    return view


sign = _form_action(
    lifecycle_forms.SignForm,
    "sign",
    services.agreement_sign,
    gettext_lazy("Your signature is recorded."),
)
risk_assessment_save = _form_action(
    lifecycle_forms.RiskAssessmentForm,
    "risk",
    services.risk_assessment_save,
    gettext_lazy("The risk assessment is saved."),
)
check_in_add = _form_action(
    lifecycle_forms.CheckInForm,
    "check_in",
    services.check_in_add,
    gettext_lazy("The check-in is noted."),
)
handledare_evaluation = _form_action(
    lifecycle_forms.HandledareEvaluationForm,
    "handledare",
    services.handledare_evaluation_submit,
    gettext_lazy("Thank you for the evaluation."),
)
student_evaluation = _form_action(
    lifecycle_forms.StudentEvaluationForm,
    "student",
    services.student_evaluation_submit,
    gettext_lazy("Thank you for the evaluation."),
)
risk_assessment_confirm = _action(
    services.risk_assessment_confirm, gettext_lazy("The risk assessment is confirmed.")
)
start = _action(services.placement_start, gettext_lazy("The placement has started."))


# PDFs


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "sv")
    if language not in LANGUAGES:
        raise Http404
    return language


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    try:
        agreement, content = selectors.agreement_file(
            actor=request.actor, placement=placement, language=_language(request)
        )
    except TransitionError as error:
        messages.error(request, error.message)
        return _to_detail(placement)
    return _pdf(content, f"agreement-{placement.pk}-v{agreement.version}.pdf")


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    try:
        content = selectors.certificate_file(
            actor=request.actor, placement=placement, language=_language(request)
        )
    except TransitionError as error:
        messages.error(request, error.message)
        return _to_detail(placement)
    return _pdf(content, f"certificate-{placement.pk}.pdf")
