"""The rules that protect a pupil, written once: the services (applying, offers, acceptances,
confirmations, rounds), the pages, the API, the demo loader and `check_data` all ask here.

- Age is judged on the day the placement begins (and over its period), never on today's date:
  a pupil who turns 18 before an 18+ placement starts may apply to it.
- A pupil applies to and takes placements only at their own level (a gymnasium pupil takes no
  university master's thesis).
- A named pupil is never in two placements whose periods overlap.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from companies.models import Opportunity
from matching.models import Placement
from schools.models import ADULT_AGE, StudentProfile

NO_BIRTH_DATE = _(
    "This opportunity requires you to be 18 or older: add your birth date to your profile to apply."
)
UNDER_18_ON = _("This opportunity is for people who are 18 or older on its first day, %(date)s.")
OTHER_LEVEL = _(
    "This opportunity is for %(level)s students; you study at %(own)s level, so it does not "
    "fit you."
)
OVERLAP = _(
    "%(name)s already has a placement from %(start)s to %(end)s (%(title)s) that overlaps "
    "this one: cancel it first or choose other dates."
)


def turns_18(profile: StudentProfile) -> date | None:
    born = profile.birth_date
    if born is None:
        return None
    try:
        return born.replace(year=born.year + ADULT_AGE)
    except ValueError:  # born on 29 February
        return date(born.year + ADULT_AGE, 3, 1)


def is_minor_on(profile: StudentProfile | None, day: date) -> bool | None:
    """Under 18 on `day`; None when the birth date (or the pupil) is unknown."""
    adult_from = turns_18(profile) if profile is not None else None
    return None if adult_from is None else day < adult_from


def age_problem(profile: StudentProfile, opportunity: Opportunity, *, starts: date) -> str | None:
    """Why `profile` cannot take an 18+ `opportunity` that would begin on `starts`."""
    if not opportunity.min_age_18:
        return None
    minor = is_minor_on(profile, starts)
    if minor is None:
        return str(NO_BIRTH_DATE)
    if minor:
        return str(UNDER_18_ON % {"date": starts.isoformat()})
    return None


def student_level(profile: StudentProfile) -> str:
    """The level the pupil studies at: their programme's, else their school's."""
    if profile.programme_id and profile.programme is not None:
        return profile.programme.level
    return profile.school.level


def level_problem(profile: StudentProfile, opportunity: Opportunity) -> str | None:
    own = student_level(profile)
    if own == opportunity.level:
        return None
    return str(
        OTHER_LEVEL
        % {"level": opportunity.get_level_display(), "own": _level_label(opportunity, own)}
    )


def _level_label(opportunity: Opportunity, level: str) -> str:
    return str(dict(type(opportunity)._meta.get_field("level").choices).get(level, level))


def overlapping(student_id: int, start: date, end: date) -> QuerySet[Placement]:
    """The pupil's placements (not cancelled) whose period meets [start, end]."""
    return Placement.objects.filter(
        student_id=student_id, start_date__lte=end, end_date__gte=start
    ).exclude(status=Placement.Status.CANCELLED)


def overlap_problem(student: StudentProfile, start: date, end: date) -> str | None:
    clash = overlapping(student.pk, start, end).select_related("opportunity").first()
    if clash is None:
        return None
    return str(
        OVERLAP
        % {
            "name": student,
            "start": clash.start_date.isoformat(),
            "end": clash.end_date.isoformat(),
            "title": clash.opportunity.title,
        }
    )
