"""Applications: a student applies to an opportunity, then the company and the student move it.

| action    | who            | from                                     | to        |
| --------- | -------------- | ---------------------------------------- | --------- |
| (apply)   | student        |                                          | submitted |
| review    | company member | submitted                                | in_review |
| interview | company member | submitted, in_review                     | interview |
| offer     | company member | submitted, in_review, interview          | offered   |
| reject    | company member | submitted, in_review, interview, offered | rejected  |
| withdraw  | student        | submitted, in_review, interview, offered | withdrawn |
| accept    | student        | offered                                  | accepted  |
| decline   | student        | offered                                  | declined  |

The company moves an application forward (it may skip steps) and may reject it until the
student has answered an offer, which withdraws the offer. accepted, declined, rejected and
withdrawn are final. Accepting confirms the student's placement in the same transaction: it
takes one of the opportunity's places, and when the last one went to someone else a moment
earlier the acceptance is a Conflict (409) and the offer stays open. A company may offer more
students than it has places: who accepts first gets them, and it cannot offer once all are taken.

Every change is an ApplicationEvent (who, when, from, to, note) and notifies the other side, in
the same transaction. A member of the company acts only through an approved membership of an
unsuspended company; counsellors read their students' applications and decide nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import User
from backend.core.errors import Conflict, TransitionError
from backend.notifications.models import Notification
from backend.notifications.services import notify
from companies import selectors as company_selectors
from companies.models import Opportunity
from companies.opportunity_rules import closed_for_applications, first_day
from matching import policy, rules, selectors
from matching.cv import validate_cv
from matching.models import Application, ApplicationEvent
from matching.services.placements import placement_from_application
from schools.models import StudentProfile

Status = Application.Status
OPEN = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.INTERVIEW, Status.OFFERED})


@dataclass(frozen=True)
class Transition:
    side: str
    sources: frozenset[str]
    target: str


TRANSITIONS: dict[str, Transition] = {
    "review": Transition(policy.COMPANY_SIDE, frozenset({Status.SUBMITTED}), Status.IN_REVIEW),
    "interview": Transition(
        policy.COMPANY_SIDE, frozenset({Status.SUBMITTED, Status.IN_REVIEW}), Status.INTERVIEW
    ),
    "offer": Transition(policy.COMPANY_SIDE, OPEN - {Status.OFFERED}, Status.OFFERED),
    "reject": Transition(policy.COMPANY_SIDE, OPEN, Status.REJECTED),
    "withdraw": Transition(policy.STUDENT_SIDE, OPEN, Status.WITHDRAWN),
    "accept": Transition(policy.STUDENT_SIDE, frozenset({Status.OFFERED}), Status.ACCEPTED),
    "decline": Transition(policy.STUDENT_SIDE, frozenset({Status.OFFERED}), Status.DECLINED),
}
APPLICATION_ACTIONS = tuple(TRANSITIONS)
# What moves an application towards a placement: none of it on an opportunity that is closed.
FORWARD = frozenset({"review", "interview", "offer", "accept"})
CLOSED_NO_FORWARD = _(
    "This opportunity is closed: its applications cannot move on to an offer or a placement."
)
CLOSED_NOTE = _("The company closed the opportunity.")

ALREADY_APPLIED = _("You have already applied to this opportunity.")
NOT_OPEN = _("This opportunity is not open for applications.")
NOT_YOURS = {
    policy.STUDENT_SIDE: _("Only the student who applied can do this."),
    policy.COMPANY_SIDE: _("Only a member of the company can do this."),
}


# --- applying --------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *, actor: Actor, opportunity: Opportunity, motivation: str, cv: UploadedFile | None = None
) -> Application:
    """A student's application with a motivation and, optionally, a CV (a PDF of ≤ 5 MB,
    checked by its content). The opportunity must be public, published, before its deadline,
    not full, and allow the student's age; a student applies once to an opportunity."""
    profile = _applicant(actor)
    _check_may_apply(actor, profile, opportunity)
    if Application.objects.filter(student=profile, opportunity=opportunity).exists():
        raise ValidationError({"opportunity": [ALREADY_APPLIED]})
    if cv is not None:
        validate_cv(cv)
    application = Application(
        student=profile,
        school_id=profile.school_id,
        opportunity=opportunity,
        motivation=(motivation or "").strip(),
        cv=cv,
    )
    application.full_clean(validate_constraints=False)
    _insert_once(application)
    _record(application, from_status="", by=actor.user)
    notify(
        recipients=selectors.company_members(opportunity.company_id),
        kind=Notification.Kind.APPLICATION_RECEIVED,
        payload=_payload(application),
    )
    return application


ONLY_STUDENTS_APPLY = _("Only students apply to opportunities.")


def application_submit_check(*, actor: Actor) -> None:
    """PermissionDenied unless the actor applies to opportunities at all (the API asks before
    it reads the body: who may, then what)."""
    if not policy.may_apply(actor):
        raise PermissionDenied(ONLY_STUDENTS_APPLY)


def _applicant(actor: Actor) -> StudentProfile:
    application_submit_check(actor=actor)
    profile = StudentProfile.objects.select_related("school").filter(user_id=actor.user_id).first()
    if profile is None:
        raise ValidationError(_("Create your student profile before you apply."))
    if profile.school_id not in policy.student_school_ids(actor):
        raise ValidationError(
            _("Your school has not approved you as its student yet; you can apply once it has.")
        )
    return profile


def application_refusal(*, actor: Actor, opportunity: Opportunity) -> str | None:
    """Why the actor cannot apply to `opportunity` now, or None: the apply page says it before
    the pupil writes a motivation, with the words the service would answer."""
    try:
        _check_may_apply(actor, _applicant(actor), opportunity)
    except ValidationError as error:
        return " ".join(str(m) for m in error.messages)
    except PermissionDenied as error:
        return str(error)
    return None


def _check_may_apply(actor: Actor, profile: StudentProfile, opportunity: Opportunity) -> None:
    public = company_selectors.opportunity_list(actor=actor).filter(
        pk=opportunity.pk, status=Opportunity.Status.PUBLISHED, hidden_at__isnull=True
    )
    today = timezone.localdate()
    problem = (
        closed_for_applications(opportunity, today)
        or (None if public.exists() else str(NOT_OPEN))
        or rules.level_problem(profile, opportunity)
        or rules.age_problem(profile, opportunity, starts=first_day(opportunity, today))
    )
    if problem:
        raise ValidationError({"opportunity": [problem]})


def _insert_once(application: Application) -> None:
    """Insert, or say the student already applied: the database's unique constraint decides
    between two concurrent first applications (the second waits for the first and fails)."""
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        if application.cv:
            application.cv.delete(save=False)
        raise ValidationError({"opportunity": [ALREADY_APPLIED]}) from None


# --- moving on -------------------------------------------------------------------------------


@transaction.atomic
def application_act(
    *, actor: Actor, application: Application, action: str, note: str = ""
) -> Application:
    """Apply `action` (see the table above) by the actor. PermissionDenied when it is not theirs to
    take; TransitionError naming the actions they may take now when the status does not allow
    it; Conflict when an acceptance lost the last place."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValueError(f"Unknown action: {action}")
    side = policy.application_side(actor, application)
    if side != transition.side:
        raise PermissionDenied(NOT_YOURS[transition.side])
    locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if locked.status not in transition.sources:
        raise TransitionError(
            _("This application is %(status)s, so it cannot be %(action)s now.")
            % {"status": locked.get_status_display(), "action": PAST[action]},
            allowed=_allowed(locked.status, side),
        )
    if action in FORWARD and application.opportunity.status != Opportunity.Status.PUBLISHED:
        raise TransitionError(CLOSED_NO_FORWARD, allowed=_allowed(locked.status, side, closed=True))
    if action == "offer" and application.opportunity.places_left == 0:
        raise Conflict(_("Every place of this opportunity is taken: there is none to offer."))
    from_status = locked.status
    application.status = transition.target
    if action == "accept":
        placement_from_application(actor=actor, application=application)
    application.full_clean(validate_constraints=False)
    application.save(update_fields=["status", "updated_at"])
    _record(application, from_status=from_status, by=actor.user, note=note)
    _notify_status(application, side=side, from_status=from_status)
    return application


@transaction.atomic
def application_settle_closed(*, actor: Actor, opportunity_id: int) -> int:
    """When the actor closes an opportunity, its open applications end: each is rejected with
    the reason and its student told, like any other move. Returns how many were settled. Called
    by opportunity_close (through its signal), which asked the policy."""
    settled = 0
    open_ones = Application.objects.select_for_update(of=("self",)).filter(
        opportunity_id=opportunity_id, status__in=OPEN
    )
    for application in open_ones.select_related("opportunity__company__organisation", "student"):
        from_status = application.status
        application.status = Status.REJECTED
        application.save(update_fields=["status", "updated_at"])
        _record(application, from_status=from_status, by=actor.user, note=str(CLOSED_NOTE))
        _notify_status(application, side=policy.COMPANY_SIDE, from_status=from_status)
        settled += 1
    return settled


def application_allowed_actions(*, actor: Actor, application: Application) -> list[str]:
    """The actions the actor may take on the application now (none for a counsellor)."""
    side = policy.application_side(actor, application)
    closed = application.opportunity.status != Opportunity.Status.PUBLISHED
    return _allowed(application.status, side, closed=closed) if side else []


def _allowed(status: str, side: str, *, closed: bool = False) -> list[str]:
    return [
        action
        for action, transition in TRANSITIONS.items()
        if transition.side == side
        and status in transition.sources
        and not (closed and action in FORWARD)
    ]


PAST = {
    "review": _("reviewed"),
    "interview": _("moved to interview"),
    "offer": _("offered"),
    "reject": _("rejected"),
    "withdraw": _("withdrawn"),
    "accept": _("accepted"),
    "decline": _("declined"),
}


def _record(application: Application, *, from_status: str, by: User | None, note: str = "") -> None:
    event = ApplicationEvent(
        application=application,
        from_status=from_status,
        to_status=application.status,
        by=by,
        note=(note or "").strip(),
    )
    event.full_clean()
    event.save()


def _payload(application: Application, from_status: str = "") -> dict:
    opportunity = application.opportunity
    payload = {
        "application_id": application.pk,
        "opportunity_id": opportunity.pk,
        "opportunity_title": opportunity.title,
        "company": opportunity.company.organisation.name,
        "status": application.status,
    }
    if from_status:
        payload["from_status"] = from_status
    return payload


def _notify_status(application: Application, *, side: str, from_status: str) -> None:
    """The company's moves go to the student; the student's answers go to the company."""
    if side == policy.COMPANY_SIDE:
        student = application.student
        recipients = [student.user] if student is not None else []
    else:
        recipients = list(selectors.company_members(application.opportunity.company_id))
    notify(
        recipients=recipients,
        kind=Notification.Kind.APPLICATION_STATUS,
        payload=_payload(application, from_status),
    )
