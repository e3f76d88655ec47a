"""Reads of the placement lifecycle: which placements a user follows, what a placement still
needs (its lifecycle status), and the counts the reports and the company profile show."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Model, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from backend.accounts.actor import actor_for
from backend.accounts.selectors import AnyUser
from backend.audit.querysets import PupilRowsQuerySet
from backend.core.errors import TransitionError
from companies.models import Company
from companies.policy import postable_company_ids
from matching.agreements import pdf, rules
from matching.agreements.models import (
    Agreement,
    HandledareEvaluation,
    PlacementPlan,
    Signature,
)
from matching.models import Placement
from matching.policy import counsellor_school_ids
from matching.selectors.placements import PLACEMENT_RELATED

HANDLEDARE_FIELDS = (
    "handledare_name",
    "handledare_role",
    "handledare_email",
    "handledare_phone",
    "handledare_trained",
    "accident_contact",
    "insurance_note",
)


class Status:
    DRAFT = "draft"
    AWAITING_SIGNATURES = "awaiting_signatures"
    READY = "ready"
    STARTED = "started"
    EVALUATED = "evaluated"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Missing:
    """One thing the placement still needs, with a message a person can act on."""

    code: str
    message: str


@dataclass
class Lifecycle:
    placement: Placement
    status: str
    agreement: Agreement | None
    required_parties: tuple[str, ...]
    signed_parties: tuple[str, ...]
    minor_rules_apply: bool
    missing: list[Missing] = field(default_factory=list)

    @property
    def can_start(self) -> bool:
        return self.status == Status.READY and not self.missing


# Which placements


def placement_list(*, user: AnyUser) -> QuerySet[Placement]:
    """The placements whose lifecycle the user follows: their school's (counsellors), their
    company's (members), their own (the student). Nothing for anyone else, chamber staff
    included (they count placements in the reports)."""
    if not user.is_authenticated:
        return Placement.objects.none()
    visible = (
        Q(school_id__in=counsellor_school_ids(user))
        | Q(opportunity__company_id__in=postable_company_ids(actor_for(user)))
        | Q(student_id=user.pk)
    )
    return lifecycle_queryset().filter(visible).read_by(user, purpose="placement")


def lifecycle_queryset() -> QuerySet[Placement]:
    """Placements with everything the lifecycle status reads, in a fixed number of queries;
    read_by() makes fetching them record the read of their students (backend/audit)."""
    return (
        PupilRowsQuerySet(Placement)
        .select_related(
            *PLACEMENT_RELATED,
            "plan",
            "risk_assessment",
            "handledare_evaluation",
            "student_evaluation",
        )
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.defer("pdf").prefetch_related(
                    Prefetch("signatures", queryset=Signature.objects.select_related("signed_by"))
                ),
            ),
            "check_ins__author",
            "school__hour_limits",
        )
    )


def current_agreement(placement: Placement) -> Agreement | None:
    """The newest version (prefetched by lifecycle_queryset)."""
    return max(placement.agreements.all(), key=lambda a: a.version, default=None)


def agreement_file(*, placement: Placement, language: str) -> tuple[Agreement, bytes]:
    """The current agreement as PDF: the stored Swedish original, or a translation rendered
    from the same plan."""
    agreement = current_agreement(placement)
    if agreement is None:
        raise TransitionError(_("There is no agreement yet: fill in the placement plan first."))
    stored = bytes(Agreement.objects.values_list("pdf", flat=True).get(pk=agreement.pk))
    if not stored:
        raise TransitionError(_("The agreement was removed with the student's personal data."))
    if language == "sv":
        return agreement, stored
    return agreement, pdf.agreement_pdf(
        plan=placement.plan, version=agreement.version, language=language
    )


def certificate_file(*, placement: Placement, language: str) -> bytes:
    """The student's certificate, once the placement is completed and the handledare signed
    it off with the evaluation."""
    evaluation = related_or_none(placement, "handledare_evaluation")
    if not placement.student_id or placement.status != Placement.Status.COMPLETED:
        raise TransitionError(
            _("A certificate is for a named student after a completed placement.")
        )
    if evaluation is None:
        raise TransitionError(_("The handledare has not signed off the placement yet."))
    return pdf.certificate_pdf(plan=placement.plan, evaluation=evaluation, language=language)


def related_or_none(placement: Placement, name: str) -> Model | None:
    """A one-to-one row of the placement (plan, risk assessment, evaluation), or None."""
    try:
        return getattr(placement, name)
    except ObjectDoesNotExist:
        return None


# What a placement still needs


def placement_lifecycle(*, placement: Placement) -> Lifecycle:
    """The lifecycle status and everything missing before the placement can start."""
    plan = related_or_none(placement, "plan")
    agreement = current_agreement(placement)
    signed = tuple(s.party for s in agreement.signatures.all()) if agreement else ()
    lifecycle = Lifecycle(
        placement=placement,
        status=Status.DRAFT,
        agreement=agreement,
        required_parties=rules.required_parties(placement),
        signed_parties=signed,
        minor_rules_apply=rules.minor_rules_apply(placement),
    )
    lifecycle.status = _status(placement, plan, lifecycle)
    if lifecycle.status in (Status.DRAFT, Status.AWAITING_SIGNATURES, Status.READY):
        lifecycle.missing = _missing(placement, plan, lifecycle)
    return lifecycle


def _status(placement: Placement, plan: PlacementPlan | None, lifecycle: Lifecycle) -> str:
    if placement.status == Placement.Status.CANCELLED:
        return Status.CANCELLED
    if related_or_none(placement, "handledare_evaluation") is not None:
        return Status.EVALUATED
    # A placement completed without being started here did take place all the same.
    if placement.status == Placement.Status.COMPLETED or (
        plan is not None and plan.started_at is not None
    ):
        return Status.STARTED
    if lifecycle.agreement is None:
        return Status.DRAFT
    if set(lifecycle.required_parties) <= set(lifecycle.signed_parties):
        return Status.READY
    return Status.AWAITING_SIGNATURES


def _missing(placement: Placement, plan: PlacementPlan | None, lifecycle: Lifecycle) -> list:
    missing: list[Missing] = []
    kind = rules.agreement_kind(placement)
    if kind == rules.Agreement.Kind.GLA and not placement.student_id:
        missing.append(
            Missing("gla_student", _("A GLA contract is for one named pupil: name the student."))
        )
    if plan is None:
        missing.append(
            Missing(
                "plan",
                _("Fill in the placement plan (handledare, contact teacher, hours and tasks)."),
            )
        )
    else:
        for name in rules.missing_plan_fields(plan, kind):
            label = PlacementPlan._meta.get_field(name).verbose_name
            missing.append(
                Missing(f"plan.{name}", _("The plan lacks: %(field)s.") % {"field": label})
            )
    missing += _missing_signatures(lifecycle)
    if lifecycle.minor_rules_apply:
        missing += _missing_for_minors(placement, plan)
    return missing


def _missing_signatures(lifecycle: Lifecycle) -> list[Missing]:
    if lifecycle.agreement is None:
        return []
    labels = dict(Signature.Party.choices)
    return [
        Missing(
            f"signature.{party}",
            _("The %(party)s has not signed version %(version)s of the agreement.")
            % {"party": labels[party], "version": lifecycle.agreement.version},
        )
        for party in lifecycle.required_parties
        if party not in lifecycle.signed_parties
    ]


def _missing_for_minors(placement: Placement, plan: PlacementPlan | None) -> list[Missing]:
    missing = []
    assessment = related_or_none(placement, "risk_assessment")
    if assessment is None or assessment.confirmed_at is None:
        missing.append(
            Missing(
                "risk_assessment",
                _(
                    "The pupil is under 18: the company must confirm the risk assessment "
                    "before the placement starts."
                ),
            )
        )
    if plan is not None:
        missing += [Missing("hours", problem) for _f, problem in rules.minors_hour_problems(plan)]
    return missing


# Counts for the reports and the company profile, and pre-filled data


def evaluation_counts(*, placements: QuerySet[Placement] | None = None) -> dict[str, int]:
    """For the chamber's reports (counts only): how many placements the handledare evaluated,
    how many of those would host again, and how many students evaluated their workplace."""
    placements = Placement.objects.all() if placements is None else placements
    return placements.aggregate(
        handledare_evaluations=Count("handledare_evaluation"),
        would_host_again=Count(
            "handledare_evaluation", filter=Q(handledare_evaluation__would_host_again=True)
        ),
        student_evaluations=Count("student_evaluation"),
    )


def would_host_again_by_company() -> QuerySet:
    """Per company (id, name): evaluated placements and how many would host again; for the
    reports' table of companies."""
    return (
        HandledareEvaluation.objects.values(
            "placement__opportunity__company_id",
            "placement__opportunity__company__organisation__name",
        )
        .annotate(
            evaluations=Count("pk"), would_host_again=Count("pk", filter=Q(would_host_again=True))
        )
        .order_by("placement__opportunity__company__organisation__name")
    )


def company_placements_hosted(*, company: Company) -> dict[str, int]:
    """For the company's profile: completed placements and the students they took in."""
    counts = Placement.objects.filter(
        opportunity__company=company, status=Placement.Status.COMPLETED
    ).aggregate(placements=Count("pk"), students=Sum("students_count"))
    return {"placements": counts["placements"], "students": counts["students"] or 0}


def handledare_defaults(company: Company) -> dict[str, object]:
    """The handledare of the company's latest plan, to pre-fill the next one (empty when the
    company has hosted no one yet)."""
    latest = (
        PlacementPlan.objects.filter(placement__opportunity__company=company)
        .exclude(handledare_name="")
        .order_by("-updated_at", "-pk")
        .values(*HANDLEDARE_FIELDS)
        .first()
    )
    return latest or {}


# A student's own data


def student_lifecycle_export(*, student_id: int) -> list[dict[str, object]]:
    """What the lifecycle holds about a student, per placement, for their data export."""
    placements = lifecycle_queryset().filter(student_id=student_id)
    return [_export(placement) for placement in placements]


def _export(placement: Placement) -> dict[str, object]:
    plan = related_or_none(placement, "plan")
    evaluation = related_or_none(placement, "student_evaluation")
    handledare = related_or_none(placement, "handledare_evaluation")
    return {
        "placement": placement.pk,
        "handledare": plan.handledare_name if plan else "",
        "teacher": plan.teacher_name if plan else "",
        "tasks": plan.tasks if plan else "",
        "started_at": plan.started_at if plan else None,
        "signatures": [
            {
                "version": agreement.version,
                "party": signature.party,
                "signer_name": signature.signer_name,
                "signed_at": signature.signed_at,
                "sha256": signature.sha256,
            }
            for agreement in placement.agreements.all()
            for signature in agreement.signatures.all()
            if signature.party in (Signature.Party.STUDENT, Signature.Party.GUARDIAN)
        ],
        "check_ins": [
            {"held_on": check_in.held_on, "note": check_in.note}
            for check_in in placement.check_ins.all()
        ],
        "handledare_evaluation": (
            {
                "attendance": handledare.attendance,
                "strengths": handledare.strengths,
                "would_host_again": handledare.would_host_again,
            }
            if handledare
            else None
        ),
        "my_evaluation": (
            {
                "rating": evaluation.rating,
                "would_recommend": evaluation.would_recommend,
                "comment": evaluation.comment,
            }
            if evaluation
            else None
        ),
    }
