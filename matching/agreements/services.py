"""Writes of the placement lifecycle: the plan and its agreement versions, signatures, the risk
assessment for minors, the start, check-ins and evaluations.

Each service locks the placement row first, so a signature never lands on a version that an
edit of the plan is replacing at the same moment.
"""

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import User
from backend.core.errors import TransitionError
from backend.notifications.models import Notification
from backend.notifications.services import notify
from matching import policy
from matching import selectors as matching_selectors
from matching.agreements import pdf, rules, selectors, signing
from matching.agreements.models import (
    Agreement,
    CheckIn,
    HandledareEvaluation,
    HourLimit,
    PlacementPlan,
    RiskAssessment,
    Signature,
    StudentEvaluation,
)
from matching.models import Placement
from schools.models import School

Status = selectors.Status
PLAN_CHANGED = _(
    "The plan changed while you read it: version %(version)s of the agreement replaces the one "
    "you read. Read the new version, then sign it."
)


def _locked(placement: Placement) -> Placement:
    Placement.objects.select_for_update().get(pk=placement.pk)
    return selectors.lifecycle_queryset().get(pk=placement.pk)


# Each step of the lifecycle: the side of the placement that takes it (matching/policy.py:
# Sides) and what a person on another side reads.
STEPS = {
    "plan": ("organiser", _("Only the school and the company plan.")),
    "risk_assessment": ("company", _("Only the company assesses the risks.")),
    "start": ("organiser", _("Only the school and the company start.")),
    "check_in": ("organiser", _("Only the handledare and the teacher note check-ins.")),
    "handledare_evaluation": ("company", _("Only the company's handledare evaluates.")),
    "student_evaluation": ("student", _("Only the student evaluates the workplace.")),
}


def lifecycle_step_check(*, actor: Actor, placement: Placement, step: str) -> None:
    """PermissionDenied unless the actor is on the side that takes `step` (a key of STEPS).
    The services ask it; the API asks it too before it reads a body (who may, then what)."""
    side, message = STEPS[step]
    _require(getattr(policy.sides(actor, placement), side), message)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_status(placement: Placement, *statuses: str) -> selectors.Lifecycle:
    lifecycle = selectors.placement_lifecycle(placement=placement)
    if lifecycle.status not in statuses:
        raise TransitionError(
            _("Not possible while the placement is %(status)s.")
            % {"status": lifecycle.status.replace("_", " ")}
        )
    return lifecycle


# The plan and the agreement


@transaction.atomic
def plan_save(*, actor: Actor, placement: Placement, **fields: object) -> PlacementPlan:
    """Save the plan; when the agreement it gives differs from the current version, the next
    version replaces it and the signatures of the earlier one no longer count."""
    placement = _locked(placement)
    by = actor.user
    lifecycle_step_check(actor=actor, placement=placement, step="plan")
    _require_status(placement, Status.DRAFT, Status.AWAITING_SIGNATURES, Status.READY)
    kind = rules.agreement_kind(placement)
    if kind == Agreement.Kind.GLA and not placement.student_id:
        raise ValidationError(_("A GLA contract is for one named pupil: name the student first."))
    plan = selectors.related_or_none(placement, "plan") or PlacementPlan(placement=placement)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.updated_by = by
    missing = rules.missing_plan_fields(plan, kind)
    if missing:
        raise ValidationError(dict.fromkeys(missing, _("This field is required.")))
    # clean() says what the constraints check, by field; the database still backs them.
    plan.full_clean(validate_constraints=False)
    _check_minors_hours(plan)
    plan.save()
    _new_version_if_changed(placement, plan, by=by)
    return plan


def _check_minors_hours(plan: PlacementPlan) -> None:
    """A pupil under 18 on the first day works within the limits for minors (rules.py)."""
    errors: dict[str, list[str]] = {}
    for field, message in rules.minors_hour_problems(plan):
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _new_version_if_changed(placement: Placement, plan: PlacementPlan, *, by: User) -> None:
    current = selectors.current_agreement(placement)
    if current is not None:
        same = pdf.agreement_pdf(plan=plan, version=current.version)
        if pdf.sha256(same) == current.sha256:
            return
    version = current.version + 1 if current else 1
    content = pdf.agreement_pdf(plan=plan, version=version)
    agreement = Agreement(
        placement=placement,
        version=version,
        kind=rules.agreement_kind(placement),
        pdf=content,
        sha256=pdf.sha256(content),
        created_by=by,
    )
    agreement.full_clean()
    agreement.save()
    if current is not None and current.signatures.exists():
        _tell_signatures_voided(placement, version=version, by=by)


def _tell_signatures_voided(placement: Placement, *, version: int, by: User) -> None:
    """Everyone who signs hears that the terms changed and the signatures must be given again."""
    student = [placement.student.user] if placement.student_id else []
    recipients = [
        *matching_selectors.school_counsellors(placement.school_id),
        *matching_selectors.company_members(placement.opportunity.company_id),
        *student,
    ]
    notify(
        recipients=[user for user in recipients if user.pk != by.pk],
        kind=Notification.Kind.PLACEMENT_CHANGED,
        payload={
            "placement_id": placement.pk,
            "opportunity_title": placement.opportunity.title,
            "status": "agreement_changed",
            "agreement_version": version,
            "path": f"/placements/{placement.pk}/",
        },
    )


@transaction.atomic
def agreement_sign(
    *,
    actor: Actor,
    placement: Placement,
    party: str,
    guardian_name: str = "",
    sha256: str = "",
) -> Signature:
    """Sign the current agreement version for a party. A counsellor records the guardian's
    signature on the guardian's behalf, with the guardian's name. `sha256`, when given, must be
    the checksum of the version the signer read."""
    placement = _locked(placement)
    by = actor.user
    _require(
        policy.may_sign_as(actor, placement, party),
        _("You may not sign for the %(party)s.") % {"party": Signature.Party(party).label},
    )
    lifecycle = _require_status(placement, Status.AWAITING_SIGNATURES, Status.READY)
    agreement = lifecycle.agreement
    if sha256 and sha256 != agreement.sha256:
        raise ValidationError({"sha256": PLAN_CHANGED % {"version": agreement.version}})
    if party not in lifecycle.required_parties:
        raise ValidationError(
            {
                "party": _("The %(party)s does not sign this agreement.")
                % {"party": Signature.Party(party).label}
            }
        )
    if party in lifecycle.signed_parties:
        raise TransitionError(_("This party has already signed this version."))
    if party == Signature.Party.GUARDIAN:
        signer_name = guardian_name.strip()
        if not signer_name:
            raise ValidationError({"guardian_name": _("Give the name of the guardian who signs.")})
        # Not the guardian's own act: a counsellor's click with the name the guardian gave.
        evidence = signing.Evidence(
            method=signing.RECORDED_BY_SCHOOL, reference=by.get_full_name() or by.email
        )
    else:
        signer_name = by.get_full_name() or by.email
        evidence = signing.signer().sign(
            sha256=agreement.sha256, party=party, signer_name=signer_name, by=by
        )
    signature = Signature(
        agreement=agreement,
        party=party,
        signed_by=by,
        signer_name=signer_name,
        method=evidence.method,
        reference=evidence.reference,
        sha256=agreement.sha256,
    )
    signature.full_clean()
    signature.save()
    return signature


# Minors


@transaction.atomic
def risk_assessment_save(*, actor: Actor, placement: Placement, **fields: object) -> RiskAssessment:
    """Tick the checklist; a change withdraws an earlier confirmation."""
    placement = _locked(placement)
    lifecycle_step_check(actor=actor, placement=placement, step="risk_assessment")
    _require_status(placement, Status.DRAFT, Status.AWAITING_SIGNATURES, Status.READY)
    assessment = selectors.related_or_none(placement, "risk_assessment") or RiskAssessment(
        placement=placement
    )
    changed = any(getattr(assessment, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(assessment, name, value)
    if changed:
        assessment.confirmed_at = None
        assessment.confirmed_by = None
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def risk_assessment_confirm(*, actor: Actor, placement: Placement) -> RiskAssessment:
    placement = _locked(placement)
    by = actor.user
    lifecycle_step_check(actor=actor, placement=placement, step="risk_assessment")
    assessment = selectors.related_or_none(placement, "risk_assessment")
    unticked = [
        name for name in RiskAssessment.ITEMS if assessment is None or not getattr(assessment, name)
    ]
    if unticked:
        raise ValidationError(dict.fromkeys(unticked, _("Tick this item before confirming.")))
    assessment.confirmed_at = timezone.now()
    assessment.confirmed_by = by
    assessment.full_clean()
    assessment.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    return assessment


def hour_limit_check(*, actor: Actor, school: School) -> None:
    """PermissionDenied unless the actor sets the school's limits (the API asks before it
    reads the body: who may, then what)."""
    _require(
        policy.may_set_hour_limits(actor, school.pk), _("Only the school's counsellors set limits.")
    )


@transaction.atomic
def hour_limit_set(
    *,
    actor: Actor,
    school: School,
    level: str,
    earliest_start: time,
    latest_end: time,
    max_hours_per_day: int,
    max_hours_per_week: int,
) -> HourLimit:
    """The school's working-hour limits for its pupils at a level."""
    hour_limit_check(actor=actor, school=school)
    limit = HourLimit.objects.filter(school=school, level=level).first() or HourLimit(
        school=school, level=level
    )
    limit.earliest_start = earliest_start
    limit.latest_end = latest_end
    limit.max_hours_per_day = max_hours_per_day
    limit.max_hours_per_week = max_hours_per_week
    limit.full_clean()
    limit.save()
    return limit


# Start, during and after


@transaction.atomic
def placement_start(*, actor: Actor, placement: Placement) -> PlacementPlan:
    """Start the placement: every party has signed and, for a minor, the company confirmed
    the risk assessment and the hours keep to the school's limits."""
    placement = _locked(placement)
    by = actor.user
    lifecycle_step_check(actor=actor, placement=placement, step="start")
    if placement.status != Placement.Status.CONFIRMED:
        raise TransitionError(_("Only a confirmed placement starts."))
    if placement.start_date > timezone.localdate():
        raise ValidationError(
            {
                "start_date": _("The placement starts on %(date)s: start it on that day or later.")
                % {"date": placement.start_date.isoformat()}
            }
        )
    lifecycle = selectors.placement_lifecycle(placement=placement)
    if not lifecycle.can_start:
        if lifecycle.status not in (Status.DRAFT, Status.AWAITING_SIGNATURES, Status.READY):
            raise TransitionError(_("The placement has already started."))
        raise ValidationError({"missing": [item.message for item in lifecycle.missing]})
    plan = placement.plan
    plan.started_at = timezone.now()
    plan.started_by = by
    plan.save(update_fields=["started_at", "started_by", "updated_at"])
    return plan


@transaction.atomic
def check_in_add(*, actor: Actor, placement: Placement, held_on: date, note: str) -> CheckIn:
    """The three-way meeting, noted by the handledare (company) or the teacher (school)."""
    placement = _locked(placement)
    by = actor.user
    lifecycle_step_check(actor=actor, placement=placement, step="check_in")
    own = policy.sides(actor, placement)
    _require_status(placement, Status.STARTED)
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("A check-in is noted once it is held: not in the future.")}
        )
    if not placement.start_date <= held_on <= placement.end_date:
        raise ValidationError(
            {
                "held_on": _("A check-in is held during the placement (%(start)s to %(end)s).")
                % {"start": placement.start_date.isoformat(), "end": placement.end_date.isoformat()}
            }
        )
    check_in = CheckIn(
        placement=placement,
        held_on=held_on,
        note=note,
        author=by,
        author_role=CheckIn.Role.TEACHER if own.school else CheckIn.Role.HANDLEDARE,
    )
    check_in.full_clean()
    check_in.save()
    return check_in


@transaction.atomic
def handledare_evaluation_submit(
    *, actor: Actor, placement: Placement, attendance: str, strengths: str, would_host_again: bool
) -> HandledareEvaluation:
    """The handledare evaluates the placement and so signs off the student's certificate."""
    placement = _locked(placement)
    by = actor.user
    lifecycle_step_check(actor=actor, placement=placement, step="handledare_evaluation")
    _require_status(placement, Status.STARTED)
    evaluation = HandledareEvaluation(
        placement=placement,
        attendance=attendance,
        strengths=strengths,
        would_host_again=would_host_again,
        # The person who submitted it signs off, whoever the plan names as handledare.
        signed_off_by_name=by.get_full_name() or by.email,
        author=by,
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def student_evaluation_submit(
    *, actor: Actor, placement: Placement, rating: int, would_recommend: bool, comment: str = ""
) -> StudentEvaluation:
    """The student evaluates the workplace, once, after the start."""
    placement = _locked(placement)
    lifecycle_step_check(actor=actor, placement=placement, step="student_evaluation")
    _require_status(placement, Status.STARTED, Status.EVALUATED)
    if selectors.related_or_none(placement, "student_evaluation") is not None:
        raise TransitionError(_("You have already evaluated this workplace."))
    evaluation = StudentEvaluation(
        placement=placement, rating=rating, would_recommend=would_recommend, comment=comment
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


# Erasure


@transaction.atomic
def student_lifecycle_anonymise(*, student_id: int) -> int:
    """Before a student's erasure: remove what names or describes them from their placements'
    lifecycle (the agreement PDFs, the student's and guardian's names in the signatures, the
    notes and free texts). What the reports count (signed, evaluated, would host again, the
    rating) stays. Returns the number of placements."""
    placements = Placement.objects.filter(student_id=student_id)
    Agreement.objects.filter(placement__in=placements).update(pdf=b"")
    Signature.objects.filter(
        agreement__placement__in=placements,
        party__in=[Signature.Party.STUDENT, Signature.Party.GUARDIAN],
    ).update(signer_name="", signed_by=None)
    CheckIn.objects.filter(placement__in=placements).update(note="")
    HandledareEvaluation.objects.filter(placement__in=placements).update(strengths="")
    StudentEvaluation.objects.filter(placement__in=placements).update(comment="")
    return placements.count()
