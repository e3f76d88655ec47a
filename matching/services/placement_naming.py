"""Naming the pupil of a placement confirmed without names ("3 of our students at company X").

A GLA contract is for one named pupil, and a certificate is for a named student: the school's
counsellor names them afterwards. Naming one pupil of an unnamed placement of N moves that pupil
to a placement of their own (same opportunity, dates and request) and leaves N - 1 unnamed, so
the places taken and the chamber's counts do not change.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.core.errors import TransitionError
from backend.reports import services as reports_services
from matching import policy
from matching.models import Placement

# The check a confirmation makes of named students, made here of the one named later.
from matching.services.placements import NOT_ALLOWED, _check_students
from schools.models import StudentProfile


@transaction.atomic
def placement_name_student(
    *, actor: Actor, placement: Placement, student: StudentProfile
) -> Placement:
    """The placement of `student`: `placement` itself when it was for one pupil, else a new one
    split off it. Only a counsellor of the placement's school names its pupils."""
    if not policy.may_name_students(actor, placement):
        raise PermissionDenied(NOT_ALLOWED)
    placement = (
        Placement.objects.select_related("opportunity__company", "school")
        .select_for_update(of=("self",))
        .get(pk=placement.pk)
    )
    if placement.status != Placement.Status.CONFIRMED:
        raise TransitionError(_("Only a confirmed placement gets names."), allowed=())
    if placement.student_id is not None:
        raise TransitionError(_("This placement already names its student."), allowed=())
    try:
        _check_students(
            [student],
            school=placement.school,
            opportunity=placement.opportunity,
            period=(placement.start_date, placement.end_date),
        )
    except ValidationError as error:
        raise ValidationError({"student": error.messages}) from error
    # The named pupil brings a gender and maybe a programme the reports' tally counts by: the
    # placement leaves the tally as it was and comes back as it is now.
    reports_services.placement_tally_add(placement=placement, sign=-1)
    if placement.students_count == 1:
        named = placement
    else:
        placement.students_count -= 1
        placement.full_clean()
        placement.save(update_fields=["students_count", "updated_at"])
        named = Placement.objects.get(pk=placement.pk)
        # A copy: a proposal or an application belongs to one placement, the unnamed one.
        named.pk, named._state.adding = None, True
        named.proposal, named.application = None, None
        named.students_count = 1
    named.student = student
    named.student_gender = student.gender
    named.programme_id = student.programme_id or named.programme_id
    try:
        named.full_clean()
    except ValidationError as error:
        raise ValidationError({"student": error.messages}) from error
    named.save()
    reports_services.placement_tally_add(placement=named, sign=1)
    if named.pk != placement.pk:
        reports_services.placement_tally_add(placement=placement, sign=1)
    return named
