"""Receivers of the companies' and schools' signals: each enqueues a recomputation through the
task outbox, or calls a service in the sender's transaction (no logic here).

The outbox (matching/services/outbox.py) writes the task in the sender's transaction and
publishes it once that commits; a broker that cannot take it is logged, not turned into an error
of the request that made the change, and the row waits for `send_pending_tasks`.
"""

from typing import Any

from backend.accounts.actor import Actor
from matching import tasks
from matching.services.applications import application_settle_closed
from matching.services.outbox import task_enqueue


def opportunity_changed(sender: Any, *, opportunity_id: int, **kwargs: Any) -> None:
    task_enqueue(tasks.recompute_for_opportunity, opportunity_id)


def opportunity_closed(sender: Any, *, opportunity_id: int, actor: Actor, **kwargs: Any) -> None:
    """Now, in the closing transaction: a closed posting must not keep open applications."""
    application_settle_closed(actor=actor, opportunity_id=opportunity_id)


def company_changed(sender: Any, *, company_id: int, **kwargs: Any) -> None:
    task_enqueue(tasks.recompute_for_company, company_id)


def placement_request_changed(sender: Any, *, placement_request_id: int, **kwargs: Any) -> None:
    task_enqueue(tasks.recompute_for_request, placement_request_id)


def student_profile_changed(sender: Any, *, student_id: int, **kwargs: Any) -> None:
    task_enqueue(tasks.recompute_for_student, student_id)


def school_changed(sender: Any, *, school_id: int, **kwargs: Any) -> None:
    task_enqueue(tasks.recompute_for_school, school_id)
