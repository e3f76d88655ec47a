"""CPU time per request, read from the operating system, and the machine's load beside it.

On a shared machine latency moves with the neighbours; the CPU a request costs does not. The
web side is the CPU of the server's processes (or of this process, for an in-process
benchmark); the database side is the CPU of the PostgreSQL backends that served them, found by
their `application_name` (libpq reads it from PGAPPNAME) or by `pg_backend_pid()`. /proc holds
both (psutil reads it), since the benchmarks run on the machine PostgreSQL runs on.
"""

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass

import psutil
from django.db import connection


def machine_load() -> str:
    """The load averages over 1 and 5 minutes, the cores they share, and the CPU a fixed piece
    of Python takes now (`reference_ms`)."""
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores, reference {reference_ms():.1f} ms"


def reference_ms() -> float:
    """Milliseconds of CPU that 200 rows of 40 fields, formatted and sorted in plain Python, take
    here now (the best of 7). The same code's CPU per request differed by half between machines
    of the kind, and as much on one machine within the hour: a figure compares with another
    beside this one."""
    best = float("inf")
    for _ in range(7):
        start = time.process_time()
        rows = [{f"field{i}": i * row for i in range(40)} for row in range(200)]
        for row in rows:
            ", ".join(f"{name}={value}" for name, value in sorted(row.items(), reverse=True))
        best = min(best, time.process_time() - start)
    return best * 1000


def process_cpu(pids: Iterable[int]) -> float:
    """User + system CPU seconds of the processes (a process gone meanwhile counts 0)."""
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def process_tree(pid: int) -> list[int]:
    """A server and its workers (gunicorn's, celery's)."""
    root = psutil.Process(pid)
    return [pid, *(child.pid for child in root.children(recursive=True))]


def backend_pids(application_name: str) -> list[int]:
    """The PostgreSQL backends of this database that a client named `application_name` opened."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s",
            [application_name],
        )
        return [pid for (pid,) in cursor.fetchall()]


def own_backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Cost:
    """Milliseconds of CPU per request, web and PostgreSQL, over `requests` requests."""

    web_ms: float
    database_ms: float
    requests: int

    def __str__(self) -> str:
        return f"CPU/request web {self.web_ms:.1f} ms + PostgreSQL {self.database_ms:.1f} ms"


class InProcess:
    """The CPU of this process and of its own PostgreSQL backend over a block of requests."""

    def __enter__(self) -> "InProcess":
        self._backend = own_backend_pid()
        self._web = time.process_time()
        self._database = process_cpu([self._backend])
        return self

    def __exit__(self, *exc: object) -> None:
        self.web = time.process_time() - self._web
        self.database = process_cpu([self._backend]) - self._database

    def cost(self, requests: int) -> Cost:
        per = 1000 / max(1, requests)
        return Cost(self.web * per, self.database * per, requests)
