"""Celery tasks of matching: they take ids and call one service.

Enqueued through the task outbox (matching/services/outbox.py: a row in the change's transaction,
published on commit, re-published by `send_pending_tasks` while the broker was down), so a worker
never reads a row before it is committed and a sick broker loses no work. Every task so enqueued
is idempotent. A lost database connection is retried with
backoff; any other failure of a recomputation leaves the previous matches in place, since each
replacement is one transaction.
"""

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from celery import Task, chord, shared_task
from celery.result import AsyncResult
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


# Chunks per task of a full recomputation: each task reads and indexes the supply once (about
# 1.7 s of CPU at 42,000 matchable opportunities, as much as ranking 5,000 students in columns),
# so a task takes enough seekers (20 x MATCHING_RECOMPUTE_CHUNK) for that to be a small share,
# and a full recomputation at 100,000 opportunities is still some 18 tasks for the workers.
CHUNKS_PER_TASK = 20


def recompute_all_in_parts() -> AsyncResult:
    """Spread a full recomputation over the Celery workers: a chord of tasks over chunks of
    seekers, then the clean-up. Its `.parent` (the group) tells how many parts are done; in
    eager mode (no broker) it all runs here, at once."""
    chunks = [asdict(chunk) for chunk in services.matches_recompute_plan()]
    parts = [
        recompute_chunks.si(chunks[start : start + CHUNKS_PER_TASK])
        for start in range(0, len(chunks), CHUNKS_PER_TASK)
    ]
    if not parts:  # no seekers: nothing for a chord to wait for
        return recompute_finish.delay()
    return chord(parts)(recompute_finish.si())


@shared_task(**RETRYING)
def recompute_all() -> None:
    """The nightly full recomputation: starts the parts, which the workers run."""
    recompute_all_in_parts()


# A chord's parts keep their results (the project ignores results by default): without them the
# chord never knows its parts are done and the clean-up never runs.
@shared_task(ignore_result=False, **RETRYING)
def recompute_chunks(chunks: list[dict]) -> dict[str, int]:
    return services.matches_recompute_chunks(chunks=[services.Chunk(**c) for c in chunks])


@shared_task(ignore_result=False, **RETRYING)  # its result tells `recompute_matches` it is done
def recompute_finish() -> None:
    services.matches_recompute_finish()


class RoundTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Retries exhausted: the round must not stay `running` for ever."""
        round_id = kwargs.get("round_id", args[0] if args else None)
        if round_id is not None:
            services.allocation_round_fail(round_id=round_id, reason=str(exc))


@shared_task(base=RoundTask, **RETRYING)
def run_allocation_round(round_id: int) -> str:
    """Idempotent: a second delivery (the task outbox may publish a task twice) after the run
    finished does nothing."""
    return services.allocation_round_run(round_id=round_id, queued_only=True).status


@shared_task(name="matching.outbox.send_pending", ignore_result=True)
def send_pending_tasks(older_than_seconds: int = 60) -> dict[str, int]:
    """The tasks the broker did not take when their change committed."""
    totals = services.outbox_send_pending(older_than=timedelta(seconds=older_than_seconds))
    return {"sent": totals.sent, "left": totals.left}


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
    # What the broker did not take (it was down): as often as the notifications' outbox.
    sender.add_periodic_task(
        crontab(minute="*/5"), send_pending_tasks.s(), name="matching.outbox.send_pending"
    )
