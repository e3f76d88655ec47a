"""A counsellor's class view: the school's pupils with their applications and placements."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.accounts.actor import Actor
from backend.accounts.models import User
from frontend.forms.counsellor import ClassFilterForm
from frontend.views.common import paginate, role_required
from matching.selectors.applications import applications_for
from matching.selectors.placements import placements_for
from schools import policy as school_policy
from schools import selectors as school_selectors

# The latest applications shown beside each pupil; the rest are counted.
LATEST_APPLICATIONS = 3


def _by_student(rows: Iterable) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.student_id].append(row)
    return grouped


def _students(actor: Actor, filters: dict[str, object]) -> QuerySet:
    return school_selectors.student_list(actor=actor, filters=filters).order_by(
        "year", "user__last_name", "user__first_name", "pk"
    )


@role_required(User.Role.COUNSELLOR)
def school_students(request: HttpRequest) -> HttpResponse:
    """The pupils of the counsellor's schools by year then name; each with their latest
    applications and their placements, fetched in one query each for the whole page."""
    form = ClassFilterForm(request.GET or None)
    page = paginate(request, _students(request.actor, form.filters()))
    pupils = list(page.object_list)
    ids = [pupil.pk for pupil in pupils]
    # The three selectors record the reads of the rows they fetch (backend/audit/querysets.py).
    applications = _by_student(applications_for(actor=request.actor).filter(student_id__in=ids))
    placements = _by_student(
        placements_for(actor=request.actor).filter(student_id__in=ids).order_by("start_date", "pk")
    )
    rows = [
        {
            "pupil": pupil,
            "applications": applications[pupil.pk][:LATEST_APPLICATIONS],
            "more_applications": max(len(applications[pupil.pk]) - LATEST_APPLICATIONS, 0),
            "placements": placements[pupil.pk],
        }
        for pupil in pupils
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": request.GET,
        "has_school": bool(school_policy.counsellor_school_ids(request.actor)),
    }
    return render(request, "frontend/counsellor/school_students.html", context)
