"""Receivers of the companies' and schools' signals: each only enqueues a recomputation once the
sender's transaction commits (no logic here; the tasks call the services).

`robust`: the change itself is committed by then; a broker that cannot take the task is logged,
not turned into an error of the request that made the change (the nightly rebuild catches up).
"""

from typing import Any

from django.db import transaction

from matching import tasks


def opportunity_changed(sender: Any, *, opportunity_id: int, **kwargs: Any) -> None:
    transaction.on_commit(
        lambda: tasks.recompute_for_opportunity.delay(opportunity_id), robust=True
    )


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
