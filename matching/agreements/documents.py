"""What the agreements and the certificate say, as sections of labelled values, in the active
language. matching/agreements/pdf.py lays them out; keeping the content apart keeps both short.

The fields of the GLA utbildningskontrakt are those gymnasieförordningen (2010:2039) 4 kap.
requires: the parts of the education done at the workplace, the weeks per term there, the
times, how the cost of damage is split, the contract period, the grounds for ending it early,
and the teacher and the handledare who are the contact persons.
"""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backend.reference.models import Programme
from matching.agreements import rules
from matching.agreements.models import Agreement, HandledareEvaluation, PlacementPlan, Signature
from matching.models import Placement

Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    sections: list[tuple[str, Rows]]
    signatures: list[tuple[str, str]]  # (party, the name expected to sign)
    footer: str


def agreement_document(*, plan: PlacementPlan, version: int) -> Document:
    placement = plan.placement
    kind = rules.agreement_kind(placement)
    sections = [(_("Parties"), _parties(placement))]
    sections += {
        Agreement.Kind.APL: _apl_sections,
        Agreement.Kind.GLA: _gla_sections,
        Agreement.Kind.THESIS: _thesis_sections,
    }[kind](plan)
    sections.append((_("Safety and insurance"), _safety(plan)))
    return Document(
        title=str(Agreement.Kind(kind).label),
        subtitle=_("%(opportunity)s · version %(version)s")
        % {"opportunity": placement.opportunity.title, "version": version},
        sections=sections,
        signatures=_signature_block(placement),
        footer=_(
            "Praktikbryggan · placement %(id)s · agreement version %(version)s · the Swedish "
            "version is the one signed"
        )
        % {"id": placement.pk, "version": version},
    )


def certificate_document(*, plan: PlacementPlan, evaluation: HandledareEvaluation) -> Document:
    placement = plan.placement
    start, end = rules.period_done(placement)
    rows = [
        (_("Student"), _student_name(placement)),
        (_("School"), placement.school.organisation.name),
        (_("Programme"), _programme(placement.programme)),
        (_("Workplace"), _company_name(placement)),
        (_("Address"), _workplace_address(placement)),
        (_("Period"), _period(start, end)),
        (_("Working hours"), _hours(plan)),
        (_("Hours in total"), _number(rules.hours_done(plan))),
        (_("Tasks"), plan.tasks),
        (_("Attendance"), str(evaluation.get_attendance_display())),
        (_("Strengths"), evaluation.strengths),
    ]
    signed_off = [
        (_("Signed off by"), evaluation.signed_off_by_name),
        (_("Handledare in the plan"), f"{plan.handledare_name}, {plan.handledare_role}"),
        (_("Signed off on"), _date(timezone.localdate(evaluation.created_at))),
    ]
    return Document(
        title=_("Certificate of placement"),
        subtitle=placement.opportunity.title,
        sections=[(_("The placement"), rows), (_("Signed off for the company"), signed_off)],
        signatures=[],
        footer=_("Praktikbryggan · placement %(id)s") % {"id": placement.pk},
    )


# The sections


def _parties(placement: Placement) -> Rows:
    company = placement.opportunity.company
    rows = [
        (_("School (huvudman)"), placement.school.organisation.name),
        (_("Company (employer)"), company.organisation.name),
        (_("Organisation number"), company.organisation_number),
    ]
    if placement.student_id:
        student = placement.student
        rows += [
            (_("Student"), _student_name(placement)),
            (_("Programme"), _programme(student.programme)),
            (_("Year"), str(student.year or "")),
        ]
    else:
        rows.append((_("Students"), _student_name(placement)))
    return rows


def _placement_rows(plan: PlacementPlan) -> Rows:
    placement = plan.placement
    return [
        (_("Workplace"), _workplace_address(placement)),
        (_("Period"), _period(placement.start_date, placement.end_date)),
        (_("Working hours"), _hours(plan)),
        (_("Tasks"), plan.tasks),
    ]


def _contacts(plan: PlacementPlan) -> Rows:
    return [
        (_("Handledare"), f"{plan.handledare_name}, {plan.handledare_role}"),
        (_("Handledare's e-mail and phone"), f"{plan.handledare_email}, {plan.handledare_phone}"),
        (_("Handledare course taken"), _("yes") if plan.handledare_trained else _("no")),
        (_("Contact teacher"), plan.teacher_name),
        (
            _("Contact teacher's e-mail and phone"),
            ", ".join(v for v in (plan.teacher_email, plan.teacher_phone) if v),
        ),
    ]


def _apl_sections(plan: PlacementPlan) -> list[tuple[str, Rows]]:
    return [(_("The placement"), _placement_rows(plan)), (_("Contact persons"), _contacts(plan))]


def _gla_sections(plan: PlacementPlan) -> list[tuple[str, Rows]]:
    contract = [
        (_("Parts of the education done at the workplace"), plan.education_parts),
        (_("Weeks per term at the workplace"), str(plan.weeks_per_term or "")),
        (_("Times"), _hours(plan)),
        (_("How the cost of damage is split"), plan.damage_cost_split),
        (_("Contract period"), _period(plan.contract_start, plan.contract_end)),
        (_("Grounds for ending the contract early"), plan.early_termination_grounds),
        (_("Tasks"), plan.tasks),
        (_("Workplace"), _workplace_address(plan.placement)),
    ]
    employment = [
        (_("Salary"), _salary(plan)),
        (_("Hours per week"), str(plan.employment_hours_per_week or "")),
    ]
    return [
        (_("Utbildningskontrakt"), contract),
        (_("Employment (gymnasial lärlingsanställning)"), employment),
        (_("Contact persons"), _contacts(plan)),
    ]


def _thesis_sections(plan: PlacementPlan) -> list[tuple[str, Rows]]:
    opportunity = plan.placement.opportunity
    thesis = [
        (_("Thesis project"), opportunity.title),
        (_("Degree"), str(opportunity.get_thesis_degree_display())),
        (_("Credits"), str(opportunity.thesis_credits or "")),
        *_placement_rows(plan),
    ]
    supervisors = [
        (
            _("Supervisor at the company"),
            f"{plan.company_supervisor_name}, {plan.company_supervisor_email}",
        ),
        (_("University"), plan.university_name),
        (
            _("Supervisor at the university"),
            f"{plan.university_supervisor_name}, {plan.university_supervisor_email}",
        ),
        *_contacts(plan),
    ]
    terms = [
        (_("Confidentiality"), plan.confidentiality),
        (_("Publication"), plan.publication_terms),
    ]
    return [
        (_("The thesis"), thesis),
        (_("Supervisors"), supervisors),
        (_("Confidentiality and publication"), terms),
    ]


def _safety(plan: PlacementPlan) -> Rows:
    rows = [
        (_("Contact in case of an accident"), plan.accident_contact),
        (
            _("Insurance"),
            plan.insurance_note
            or _(
                "The school's huvudman insures the pupil against accidents during the "
                "placement; damage caused at work falls under the company's liability insurance."
            ),
        ),
    ]
    if rules.minor_rules_apply(plan.placement):
        rows.append((_("Minors"), _minors_statement(plan)))
    return rows


def _minors_statement(plan: PlacementPlan) -> str:
    """Says the hours keep to the limits only when they do: never what the plan contradicts."""
    assessment = _(
        "The pupil is under 18: the company confirms a risk assessment (Arbetsmiljöverket's "
        "provisions on minors) before the start."
    )
    problems = rules.minors_hour_problems(plan)
    if not problems:
        return f"{assessment} " + _("The working hours keep to the limits for the pupil's age.")
    listed = "\n".join(message for _field, message in problems)
    return f"{assessment}\n" + _("The working hours break these limits:") + f"\n{listed}"


def _signature_block(placement: Placement) -> list[tuple[str, str]]:
    names = {
        Signature.Party.STUDENT: _student_name(placement),
        Signature.Party.GUARDIAN: _(
            "Guardian of %(name)s (the school records the guardian's signature, with the "
            "guardian's name, on the guardian's behalf)"
        )
        % {"name": _student_name(placement)},
        Signature.Party.SCHOOL: placement.school.organisation.name,
        Signature.Party.COMPANY: _company_name(placement),
    }
    labels = dict(Signature.Party.choices)
    return [(str(labels[party]), names[party]) for party in rules.required_parties(placement)]


# Values


def _student_name(placement: Placement) -> str:
    if placement.student_id:
        user = placement.student.user
        return user.get_full_name() or user.email
    return _("%(count)s pupils of %(school)s") % {
        "count": placement.students_count,
        "school": placement.school.organisation.name,
    }


def _programme(programme: Programme | None) -> str:
    if programme is None:
        return ""
    return programme.name_en if get_language() == "en" else programme.name_sv


def _company_name(placement: Placement) -> str:
    return placement.opportunity.company.organisation.name


def _workplace_address(placement: Placement) -> str:
    """The posting's own address and municipality; the company's when the posting gives no
    street (never the one's street with the other's municipality)."""
    opportunity = placement.opportunity
    source = opportunity if opportunity.address else opportunity.company
    return ", ".join(
        part
        for part in (_company_name(placement), source.address, source.municipality.name)
        if part
    )


def _hours(plan: PlacementPlan) -> str:
    if plan.daily_start is None or plan.daily_end is None:
        return ""
    return _(
        "%(start)s-%(end)s, %(days)s days a week, breaks %(breaks)s min "
        "(%(daily)s h a day, %(weekly)s h a week)"
    ) % {
        "start": _clock(plan.daily_start),
        "end": _clock(plan.daily_end),
        "days": plan.days_per_week,
        "breaks": plan.break_minutes,
        "daily": _number(rules.hours_per_day(plan)),
        "weekly": _number(rules.hours_per_week(plan)),
    }


def _salary(plan: PlacementPlan) -> str:
    if plan.salary_amount is None:
        return ""
    period = {"monthly": _("per month"), "hourly": _("per hour")}.get(plan.salary_period, "")
    return f"{_money(plan.salary_amount)} kr {period}".strip()


def _period(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return f"{_date(start)} - {_date(end)}"


def _date(value: date) -> str:
    return value.isoformat()


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _money(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", " ")
