"""Placements: the confirmed outcome the chamber counts. `confirmed → completed | cancelled`.

Who confirms what:

| how                                  | who                                                    |
| ------------------------------------ | ------------------------------------------------------ |
| a student accepts an offer           | the student (application_act "accept"): 1 named place  |
| a round's proposal                   | a counsellor of the school or a member of the company  |
| for a request, or for the school     | a counsellor of the school: N places, named or not     |

Completing and cancelling: a counsellor of the placement's school or a member of the company.

Places: a placement takes `students_count` places of the opportunity and, when it answers a
request, as many of the request's places; completing keeps them (they were used), cancelling
gives them back. Taking places holds the opportunity's row, then the request's, with
select_for_update() in one transaction (the same order everywhere, so two confirmations never
deadlock), and the database checks places_taken ≤ places and places_filled ≤ places_needed: a
confirmation that lost the race for the last places is a Conflict (409) that says how many are
left, and changes nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import Organisation, User
from backend.core.errors import Conflict, TransitionError
from backend.notifications.models import Notification
from backend.notifications.services import notify
from backend.reference.models import PlacementKind
from backend.reports import services as reports_services
from companies import services as company_services
from companies.models import Opportunity
from companies.opportunity_rules import CLOSED
from matching import policy, rules, selectors
from matching.models import Application, Placement, Proposal
from schools.models import PlacementRequest, School, StudentProfile
from schools.services import placement_requests as request_services

# A flexible opportunity (no period) and no request to take one from: the placement starts on
# the day it is confirmed and lasts this long, until the parties agree on other dates.
FLEXIBLE_WEEKS = {
    PlacementKind.INTERNSHIP: 4,
    PlacementKind.THESIS: 20,
    PlacementKind.APPRENTICESHIP: 40,
}
NOT_ALLOWED = _("You may not do this for this placement.")
COMPANY_CONFIRMS = _(
    "A company confirms a placement by confirming a round's proposal, or when a student accepts "
    "its offer."
)
NO_PLACES = _("Every place of this opportunity is taken.")
FEWER_PLACES = _("Only %(left)d of this opportunity's places are left; you asked for %(count)d.")
ONLY_CONFIRMERS = _("Counsellors and company members confirm placements.")
REQUEST_DONE = _("This request takes no more places: it is filled or closed.")
FEWER_OPEN = _("The request has only %(open)d places open; you asked for %(count)d.")


@transaction.atomic
def placement_confirm(
    *,
    actor: Actor,
    opportunity: Opportunity,
    students_count: int | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    school: School | None = None,
    request: PlacementRequest | None = None,
    students: Sequence[StudentProfile] = (),
    proposal: Proposal | None = None,
) -> list[Placement]:
    """Confirm `students_count` students of a school at `opportunity` from start to end date.

    Named `students` give one placement each (students_count 1); without names one placement
    holds the count. With a `proposal` the school, the request (or the student) and the count
    come from it (a smaller count may be confirmed) and the proposal is confirmed; with a
    `request` the school is the request's. Dates default to where the opportunity's period and
    the request's overlap. Returns the new placements."""
    placement_confirm_check(actor=actor)
    if proposal is not None:
        proposal = undecided_proposal(actor=actor, proposal=proposal)
        school, request, students, students_count = _from_proposal(
            proposal, opportunity, students=students, students_count=students_count
        )
    else:
        school = _counsellors_school(actor=actor, school=school, request=request)
    count = _count(students_count, students)
    start_date, end_date = _dates(opportunity, request, start_date, end_date)
    _check_students(students, school=school, opportunity=opportunity, period=(start_date, end_date))
    _check_takes_placements(opportunity)
    _take_places(opportunity, request, count)
    placements = [
        _create(
            opportunity,
            school=school,
            request=request,
            student=student,
            students_count=1 if student else count,
            start_date=start_date,
            end_date=end_date,
            by=actor.user,
            company_agrees=opportunity.company_id in policy.postable_company_ids(actor),
        )
        for student in (students or [None])
    ]
    if proposal is not None:
        _mark_confirmed(proposal, placements[0], by=actor.user)
    _notify_confirmed(placements, opportunity=opportunity, school=school)
    return placements


def placement_from_application(*, actor: Actor, application: Application) -> Placement:
    """The placement of an accepted offer: the student, at the opportunity, over its period.
    Called by application_act inside its transaction."""
    opportunity = application.opportunity
    start_date, end_date = _dates(opportunity, None, None, None)
    _check_takes_placements(opportunity)
    problem = _student_problem(application.student, opportunity, start_date, end_date)
    if problem:
        raise ValidationError({"opportunity": [problem]})
    _take_places(opportunity, None, 1)
    placement = _create(
        opportunity,
        school=application.school,
        request=None,
        student=application.student,
        students_count=1,
        start_date=start_date,
        end_date=end_date,
        by=actor.user,
        company_agrees=True,
        application=application,
    )
    _notify_confirmed([placement], opportunity=opportunity, school=application.school)
    return placement


@dataclass(frozen=True)
class AcceptPreview:
    """What accepting an offer would confirm, and why it cannot (for the page that asks the
    pupil to confirm)."""

    start_date: date
    end_date: date
    problem: str | None


def accept_preview(*, application: Application) -> AcceptPreview:
    opportunity = application.opportunity
    start_date, end_date = _dates(opportunity, None, None, None)
    problem = opportunity.closed_reason if opportunity.status != "published" else None
    problem = problem or _student_problem(application.student, opportunity, start_date, end_date)
    return AcceptPreview(start_date, end_date, problem)


def placement_confirm_check(*, actor: Actor) -> None:
    """PermissionDenied unless the actor confirms placements at all (the API asks before it
    reads the body: who may, then what)."""
    if not policy.may_confirm_placements(actor):
        raise PermissionDenied(ONLY_CONFIRMERS)


def undecided_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """The proposal's row, held until the transaction ends, if the actor may decide on it and
    it is still undecided."""
    if not policy.may_decide(actor, proposal):
        raise PermissionDenied(_("You may not decide on this proposal."))
    locked = Proposal.objects.select_related("request", "student").select_for_update(of=("self",))
    locked = locked.get(pk=proposal.pk)
    if locked.status != Proposal.Status.PROPOSED:
        raise TransitionError(
            _("This proposal is already %(status)s.")
            % {"status": locked.get_status_display().lower()},
            allowed=(),
        )
    return locked


# --- confirming ------------------------------------------------------------------------------


def _from_proposal(
    proposal: Proposal,
    opportunity: Opportunity,
    *,
    students: Sequence[StudentProfile],
    students_count: int | None,
) -> tuple[School, PlacementRequest | None, Sequence[StudentProfile], int]:
    if proposal.opportunity_id != opportunity.pk:
        raise ValidationError({"opportunity": [_("The proposal is for another opportunity.")]})
    if proposal.student_id is not None:
        return proposal.student.school, None, [proposal.student], 1
    count = students_count or len(students) or proposal.places
    if count > proposal.places:
        raise ValidationError(
            {
                "students_count": [
                    _("The proposal is for %(places)d places.") % {"places": proposal.places}
                ]
            }
        )
    school = School.objects.select_related("organisation").get(pk=proposal.request.school_id)
    return school, proposal.request, students, count


def _counsellors_school(
    *, actor: Actor, school: School | None, request: PlacementRequest | None
) -> School:
    schools = policy.counsellor_school_ids(actor)
    if not schools:
        if policy.postable_company_ids(actor):
            raise PermissionDenied(COMPANY_CONFIRMS)
        raise PermissionDenied(NOT_ALLOWED)
    if request is not None:
        if school is not None and school.pk != request.school_id:
            raise ValidationError({"school": [_("The request is another school's.")]})
        school = request.school
    if school is None:
        if len(schools) > 1:
            raise ValidationError({"school": [_("You act for several schools: choose one.")]})
        school = School.objects.select_related("organisation").get(pk=next(iter(schools)))
    if school.pk not in schools:
        raise PermissionDenied(_("You can only confirm placements for a school you act for."))
    return school


def _count(students_count: int | None, students: Sequence[StudentProfile]) -> int:
    if students:
        if students_count not in (None, len(students)):
            raise ValidationError(
                {"students_count": [_("Give as many students as the number you confirm.")]}
            )
        return len(students)
    if not students_count or students_count < 1:
        raise ValidationError({"students_count": [_("Confirm at least one student.")]})
    return students_count


def _check_students(
    students: Sequence[StudentProfile],
    *,
    school: School,
    opportunity: Opportunity,
    period: tuple[date, date],
) -> None:
    ids = [student.pk for student in students]
    if len(set(ids)) != len(ids):
        raise ValidationError({"students": [_("A student is named twice.")]})
    errors = []
    for student in students:
        if student.school_id != school.pk:
            errors.append(_("%(name)s is not a student of the school.") % {"name": student})
        else:
            problem = _student_problem(student, opportunity, *period)
            if problem:
                errors.append(f"{student}: {problem}")
    if errors:
        raise ValidationError({"students": errors})


def _student_problem(
    student: StudentProfile, opportunity: Opportunity, start: date, end: date
) -> str | None:
    """The pupil's level, age on the first day and other placements allow this one."""
    placed = Placement.objects.filter(opportunity=opportunity, student=student).exclude(
        status=Placement.Status.CANCELLED
    )
    if placed.exists():
        return str(_("%(name)s already has a placement at this opportunity.") % {"name": student})
    return (
        rules.level_problem(student, opportunity)
        or rules.age_problem(student, opportunity, starts=start)
        or rules.overlap_problem(student, start, end)
    )


def _dates(
    opportunity: Opportunity,
    request: PlacementRequest | None,
    start_date: date | None,
    end_date: date | None,
) -> tuple[date, date]:
    """The given dates, or the overlap of the opportunity's and the request's periods, or (both
    flexible) from today for the kind's usual length."""
    periods = [(opportunity.period_start, opportunity.period_end)]
    if request is not None:
        periods.append((request.period_start, request.period_end))
    starts = [start for start, _end in periods if start is not None]
    ends = [end for _start, end in periods if end is not None]
    if starts:
        start_date = start_date or max(starts)
        end_date = end_date or min(ends)
    else:
        start_date = start_date or timezone.localdate()
        end_date = end_date or start_date + timedelta(weeks=FLEXIBLE_WEEKS[opportunity.kind])
    if end_date < start_date:
        raise ValidationError(
            {"end_date": [_("The placement must end on or after its start; give the dates.")]}
        )
    if opportunity.period_start is not None and start_date < opportunity.period_start:
        message = _(
            "The opportunity's period starts on %(date)s: the placement cannot start before."
        )
        raise ValidationError({"start_date": [message % {"date": opportunity.period_start}]})
    if opportunity.period_end is not None and end_date > opportunity.period_end:
        message = _("The opportunity's period ends on %(date)s: the placement must end by then.")
        raise ValidationError({"end_date": [message % {"date": opportunity.period_end}]})
    return start_date, end_date


def _check_takes_placements(opportunity: Opportunity) -> None:
    organisation = Organisation.objects.get(pk=opportunity.company_id)
    public = organisation.verified_at is not None and not organisation.suspended
    if opportunity.status == Opportunity.Status.CLOSED:
        raise ValidationError({"opportunity": [CLOSED]})
    if opportunity.status != Opportunity.Status.PUBLISHED or opportunity.hidden_at or not public:
        raise ValidationError(
            {"opportunity": [_("This opportunity is not published, so it takes no placements.")]}
        )


def _take_places(opportunity: Opportunity, request: PlacementRequest | None, count: int) -> None:
    """Opportunity first, then the request: the lock order of every path."""
    try:
        taken = company_services.opportunity_take_places(opportunity_id=opportunity.pk, count=count)
    except company_services.NotEnoughPlacesError as exc:
        message = FEWER_PLACES % {"left": exc.left, "count": count} if exc.left else NO_PLACES
        raise Conflict(message) from exc
    opportunity.places_taken = taken.places_taken
    if request is None:
        return
    try:
        filled = request_services.placement_request_take_places(
            placement_request_id=request.pk, count=count
        )
    except request_services.NotEnoughPlacesOpenError as exc:
        message = FEWER_OPEN % {"open": exc.open, "count": count} if exc.open else REQUEST_DONE
        raise Conflict(message) from exc
    request.places_filled, request.status = filled.places_filled, filled.status


def _create(
    opportunity: Opportunity,
    *,
    school: School,
    request: PlacementRequest | None,
    student: StudentProfile | None,
    students_count: int,
    start_date: date,
    end_date: date,
    by: User,
    company_agrees: bool,
    application: Application | None = None,
) -> Placement:
    """The placement, with what the reports group by copied from the opportunity, its company,
    the request and the student as they are today."""
    placement = Placement(
        opportunity=opportunity,
        school=school,
        request=request,
        student=student,
        application=application,
        students_count=students_count,
        start_date=start_date,
        end_date=end_date,
        kind=opportunity.kind,
        level=opportunity.level,
        programme_id=_programme_id(opportunity, request, student),
        municipality_id=opportunity.municipality_id,
        sector_id=opportunity.company.sector_id,
        chamber_member=opportunity.company.is_chamber_member,
        student_gender=student.gender if student else "",
        confirmed_by=by,
        **_company_agreement(by=None if application else by, agrees=company_agrees),
    )
    placement.full_clean()
    placement.save()
    reports_services.placement_tally_add(placement=placement, sign=1)
    return placement


def _company_agreement(*, by: User | None, agrees: bool) -> dict:
    """The company agreed when it made the offer or confirms itself; else it is asked
    (matching/services/placement_agreement.py)."""
    if not agrees:
        return {}
    return {"company_agreed_at": timezone.now(), "company_agreed_by": by}


def _programme_id(
    opportunity: Opportunity, request: PlacementRequest | None, student: StudentProfile | None
) -> str | None:
    if student is not None and student.programme_id:
        return student.programme_id
    if request is not None and request.programme_id:
        return request.programme_id
    codes = [programme.code for programme in opportunity.programmes.all()]
    return codes[0] if len(codes) == 1 else None


def _mark_confirmed(proposal: Proposal, placement: Placement, *, by: User) -> None:
    proposal.status = Proposal.Status.CONFIRMED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    placement.proposal = proposal
    placement.save(update_fields=["proposal", "updated_at"])


# --- notifications ---------------------------------------------------------------------------


def _payload(placement: Placement, opportunity: Opportunity, school: School) -> dict:
    return {
        "placement_id": placement.pk,
        "opportunity_id": opportunity.pk,
        "opportunity_title": opportunity.title,
        "company": opportunity.company.organisation.name,
        "school": school.organisation.name,
        "students_count": placement.students_count,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "status": placement.status,
        "company_agreed": placement.company_agreed_at is not None,
    }


def _parties(placements: Sequence[Placement], opportunity: Opportunity, school: School) -> list:
    students = [p.student.user for p in placements if p.student is not None]
    return [
        *selectors.school_counsellors(school.pk),
        *selectors.company_members(opportunity.company_id),
        *students,
    ]


def _notify_confirmed(
    placements: Sequence[Placement], *, opportunity: Opportunity, school: School
) -> None:
    first = placements[0]
    payload = _payload(first, opportunity, school)
    payload["students_count"] = sum(p.students_count for p in placements)
    payload["placement_ids"] = [p.pk for p in placements]
    notify(
        recipients=_parties(placements, opportunity, school),
        kind=Notification.Kind.PLACEMENT_CONFIRMED,
        payload=payload,
    )


def notify_placement_changed(placement: Placement) -> None:
    """The counsellors, the company's members and the student hear that it was completed or
    cancelled."""
    notify(
        recipients=_parties([placement], placement.opportunity, placement.school),
        kind=Notification.Kind.PLACEMENT_CHANGED,
        payload=_payload(placement, placement.opportunity, placement.school),
    )
