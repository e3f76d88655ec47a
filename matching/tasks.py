"""Celery tasks of matching: they take ids and call one service.

Enqueued with `transaction.on_commit` (matching/receivers.py, services.allocation_round_enqueue),
so a worker never reads a row before it is committed. A lost database connection is retried with
backoff; any other failure of a recomputation leaves the previous matches in place, since each
replacement is one transaction.
"""

from typing import Any

from celery import Task, shared_task
from celery.schedules import crontab
from django.db import OperationalError

from backend.celery import app
from matching import notices, services

RETRYING: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(**RETRYING)
def recompute_for_opportunity(opportunity_id: int) -> int:
    return services.matches_recompute_for_opportunity(opportunity_id=opportunity_id)


@shared_task(**RETRYING)
def recompute_for_company(company_id: int) -> int:
    return services.matches_recompute_for_company(company_id=company_id)


@shared_task(**RETRYING)
def recompute_for_request(request_id: int) -> int:
    return services.matches_recompute_for_request(request_id=request_id)


@shared_task(**RETRYING)
def recompute_for_student(student_id: int) -> int:
    return services.matches_recompute_for_student(student_id=student_id)


@shared_task(**RETRYING)
def recompute_for_school(school_id: int) -> int:
    return services.matches_recompute_for_school(school_id=school_id)


@shared_task(**RETRYING)
def recompute_all() -> dict[str, float]:
    totals = services.matches_recompute_all()
    return {"request_matches": totals.request_matches, "student_matches": totals.student_matches}


class RoundTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Retries exhausted: the round must not stay `running` for ever."""
        round_id = kwargs.get("round_id", args[0] if args else None)
        if round_id is not None:
            services.allocation_round_fail(round_id=round_id, reason=str(exc))


@shared_task(base=RoundTask, **RETRYING)
def run_allocation_round(round_id: int) -> str:
    return services.allocation_round_run(round_id=round_id).status


@shared_task(name="matching.notices.digest", **RETRYING)
def send_match_digests() -> int:
    return notices.digest_send()


@shared_task(name="matching.notices.deadline_reminders", **RETRYING)
def send_deadline_reminders() -> int:
    return notices.deadline_reminders_send()


@shared_task(name="matching.notices.nudges", **RETRYING)
def send_unanswered_request_nudges() -> int:
    return notices.nudges_send()


@app.on_after_finalize.connect
def schedule_nightly_recompute(sender: Any, **kwargs: Any) -> None:
    """Celery beat rebuilds every match at night: freshness moves with the date, and a rebuild
    repairs whatever an incremental update missed."""
    sender.add_periodic_task(crontab(hour=3, minute=15), recompute_all.s(), name="matching.nightly")
