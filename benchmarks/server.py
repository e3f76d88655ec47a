"""The app served as in production for the benchmarks that measure it over HTTP: gunicorn with
persistent database connections (as docker-compose.yml runs it), a process per server whose CPU
`benchmarks.cpu` reads, and its PostgreSQL backends named by `application_name`."""

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

HOST = "127.0.0.1"
# Plain HTTP on the loopback: no redirect to HTTPS, cookies without the Secure flag. The
# connections are kept for the whole run, so their backends' CPU is still there to read.
ENV = {"SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "CONN_MAX_AGE": "600"}


def gunicorn(
    stack: ExitStack,
    *,
    port: int,
    workers: int,
    app_name: str,
    log: Path,
    env: dict | None = None,
    config: str | None = None,
) -> subprocess.Popen:
    """gunicorn on HOST:`port` for the stack's length, answering once it returns; its database
    connections are named `app_name`; `config`, gunicorn's `-c` (its hooks)."""
    command = [sys.executable, "-m", "gunicorn", "backend.wsgi", "-w", str(workers)]
    command += ["-b", f"{HOST}:{port}", "--log-level", "warning"]
    command += ["-c", config] if config else []
    env = {**os.environ, **ENV, **(env or {}), "PGAPPNAME": app_name}
    server = start(stack, command, env, log)
    wait_for(f"http://{HOST}:{port}/healthz")
    return server


def start(stack: ExitStack, command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A process for the stack's length; its output goes to `log` (a worker prints e-mails)."""
    out = stack.enter_context(log.open("w", encoding="utf-8"))
    process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    stack.callback(_stop, process)
    return process


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
