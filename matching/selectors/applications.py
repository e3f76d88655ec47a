"""Reads of applications, as DESIGN.md's table allows them (anyone else sees none, chamber staff
included: they read counts in the reports):

| who            | sees                                                          |
| -------------- | ------------------------------------------------------------- |
| student        | their own applications                                        |
| counsellor     | the applications of their schools' students (read-only)       |
| company member | the applications to their companies' opportunities            |
"""

from collections.abc import Iterable, Mapping
from typing import Any

import django_filters
from django.core.files import File
from django.db.models import Prefetch, QuerySet

from backend.accounts.actor import Actor
from backend.accounts.models import Membership, User
from backend.audit.querysets import PupilRowsQuerySet
from backend.audit.services import audit_student_read
from backend.core.filters import IntegerFilter, apply_filterset
from matching import policy
from matching.models import Application, ApplicationEvent


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Application.Status.choices)
    opportunity = IntegerFilter(field_name="opportunity_id", label="Opportunity id")

    class Meta:
        model = Application
        fields = ["status", "opportunity"]


def applications_for(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[Application]:
    """The applications the actor may read, newest first, each with its history; fetching them
    records the read of their students (backend/audit/querysets.py)."""
    queryset = (
        PupilRowsQuerySet(Application)
        .select_related(
            "student__user",
            "student__programme",
            "school__organisation",
            "opportunity__company__organisation",
            "opportunity__municipality",
            "placement",
        )
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("by"))
        )
    )
    queryset = queryset.filter(policy.party_rows(actor)).read_by(actor.user, purpose="application")
    return apply_filterset(ApplicationFilter, filters, queryset)


def application_cv(*, actor: Actor, application: Application) -> File | None:
    """The application's CV, opened, for those who see the application (`application` comes
    from applications_for(actor=actor)); None without one. Reading it is recorded as a read of
    the student."""
    if not application.cv:
        return None
    if application.student_id is not None:
        audit_student_read(by=actor.user, students=[application.student_id], purpose="cv")
    return application.cv.open("rb")


def organisation_users(*, organisation_ids: Iterable[int], role: str) -> QuerySet[User]:
    """The active users acting in `role` for any of the organisations (approved membership, the
    organisation not suspended): whom a notification about them goes to."""
    return User.objects.filter(
        is_active=True,
        role=role,
        memberships__status=Membership.Status.APPROVED,
        memberships__organisation_id__in=list(organisation_ids),
        memberships__organisation__suspended=False,
    ).distinct()


def company_members(company_id: int) -> QuerySet[User]:
    return organisation_users(organisation_ids=[company_id], role=User.Role.COMPANY_MEMBER)


def school_counsellors(school_id: int) -> QuerySet[User]:
    return organisation_users(organisation_ids=[school_id], role=User.Role.COUNSELLOR)
