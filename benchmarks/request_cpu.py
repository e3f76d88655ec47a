"""gunicorn's request hooks for `make bench-load` (`-c python:benchmarks.request_cpu`): the CPU of
each request, in its worker and in the worker's PostgreSQL backend, added to a file of its
worker in BENCH_CPU_DIR under the name the load generator gave the request (its X-Bench-Name
header).

A sync worker serves one request at a time, so what its process and its connection's backend
spend between the two hooks is that request's: its handling from its parsed headers to the last
byte written (gunicorn parses the request line and headers before pre_request). The worker's own
CPU is read to the microsecond; the backend's from /proc, in the kernel's ticks of 10 ms, so a
kind's figure is a mean over its many requests, never one request's. A request on a connection
opened or closed meanwhile (the worker's first) gives no PostgreSQL figure.
"""

import os
import time
from pathlib import Path
from typing import Any

import psutil

HEADER = "X-BENCH-NAME"  # gunicorn gives the request's header names in upper case


def pre_request(worker: Any, req: Any) -> None:
    worker.bench_started = (_backend_cpu(), time.process_time())


def post_request(worker: Any, req: Any, environ: dict, resp: Any) -> None:
    web = time.process_time()
    (started_pid, started_database), started_web = worker.bench_started
    pid, database = _backend_cpu()
    name = next((value for key, value in req.headers if key == HEADER), None)
    if name is None:
        return
    same_backend = pid is not None and pid == started_pid
    database_ms = f"{(database - started_database) * 1000:.3f}" if same_backend else ""
    with (Path(os.environ["BENCH_CPU_DIR"]) / f"{os.getpid()}.tsv").open("a") as f:
        f.write(f"{name}\t{(web - started_web) * 1000:.3f}\t{database_ms}\n")


def _backend_cpu() -> tuple[int | None, float]:
    """The PostgreSQL backend of this worker's connection and its CPU seconds so far."""
    from django.db import connection  # the app's, loaded by the time a request comes

    raw = connection.connection
    if raw is None or raw.closed:
        return None, 0.0
    times = psutil.Process(raw.info.backend_pid).cpu_times()
    return raw.info.backend_pid, times.user + times.system
