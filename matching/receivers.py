"""Receivers of the companies' and schools' signals: each enqueues a recomputation once the
sender's transaction commits, or calls a service in it (no logic here).

`robust`: the change itself is committed by then; a broker that cannot take the task is logged,
not turned into an error of the request that made the change (the nightly rebuild catches up).
"""

from typing import Any

from django.db import transaction

from matching import tasks
from matching.services.applications import application_settle_closed


def opportunity_changed(sender: Any, *, opportunity_id: int, **kwargs: Any) -> None:
    transaction.on_commit(
        lambda: tasks.recompute_for_opportunity.delay(opportunity_id), robust=True
    )


def opportunity_closed(sender: Any, *, opportunity_id: int, by: Any, **kwargs: Any) -> None:
    """Now, in the closing transaction: a closed posting must not keep open applications."""
    application_settle_closed(opportunity_id=opportunity_id, by=by)


def company_changed(sender: Any, *, company_id: int, **kwargs: Any) -> None:
    transaction.on_commit(lambda: tasks.recompute_for_company.delay(company_id), robust=True)


def placement_request_changed(sender: Any, *, placement_request_id: int, **kwargs: Any) -> None:
    transaction.on_commit(
        lambda: tasks.recompute_for_request.delay(placement_request_id), robust=True
    )


def student_profile_changed(sender: Any, *, student_id: int, **kwargs: Any) -> None:
    transaction.on_commit(lambda: tasks.recompute_for_student.delay(student_id), robust=True)


def school_changed(sender: Any, *, school_id: int, **kwargs: Any) -> None:
    transaction.on_commit(lambda: tasks.recompute_for_school.delay(school_id), robust=True)
