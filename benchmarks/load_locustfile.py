"""The load mix for `make bench-load`, run by locust (benchmarks/load.py starts it).

Each simulated client is one person: they search with filters, open an opportunity, look at
their dashboard, and now and then a student applies. The fixture file (written by
benchmarks/load.py from the benchmark database) gives real ids, the search form's own choices
and logged-in sessions, so every request is one a user could make. Every response is checked:
the status, a marker of the page or JSON expected, and no form errors; anything else is a
failure, which benchmarks/load.py reports and fails on.
"""

import html
import itertools
import json
import os
import random
from datetime import date

from locust import FastHttpUser, between, task

from benchmarks.searches import search_query

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"], encoding="utf-8").read())  # noqa: SIM115
_clients = itertools.count()

# The search page with results: its count line is shown only when the filters were valid.
RESULTS_MARKER = '<p role="status"><strong>'
FORM_ERROR_MARKER = 'class="errorlist"'
DASHBOARD_MARKER = 'id="applications-heading"'  # a student's own page, not the login form


def named(name: str, **headers: str) -> dict:
    """A request's name in locust's table, also sent to the server (benchmarks/request_cpu.py
    reads it), so each kind's CPU per request is printed beside its latency."""
    return {"name": name, "headers": {**headers, "X-Bench-Name": name}}


# FastHttpUser (geventhttpclient): the load generator shares the machine's two cores with the
# server, and the requests-based HttpUser took half a core of them at this load.
class Visitor(FastHttpUser):
    # A person reads a page before the next click; without a pause 16 clients would be 16
    # scripts hammering, which is a different benchmark (throughput), reported by locust too.
    wait_time = between(0.1, 0.5)

    def on_start(self) -> None:
        n = next(_clients)
        self.rng = random.Random(n)  # noqa: S311 (a load mix, not a secret)
        self.student = FIXTURE["students"][n % len(FIXTURE["students"])]
        self.dashboard_session = FIXTURE["sessions"][n % len(FIXTURE["sessions"])]
        self.to_apply = list(self.student["opportunities"])

    def _search_query(self) -> str:
        return search_query(
            self.rng,
            today=date.fromisoformat(FIXTURE["today"]),
            programmes=FIXTURE["programmes"],
            municipalities=FIXTURE["municipalities"],
            radii=FIXTURE["radii"],
        )

    @task(35)
    def search_page(self) -> None:
        url = f"/opportunities/?{self._search_query()}"
        with self.client.get(url, **named("search page"), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url}: HTTP {response.status_code}")
            elif FORM_ERROR_MARKER in response.text:
                response.failure(f"{url}: the form refused the filters")
            elif RESULTS_MARKER not in response.text:
                response.failure(f"{url}: no result count on the page")

    @task(15)
    def search_api(self) -> None:
        url = f"/api/v1/opportunities/?{self._search_query()}"
        with self.client.get(url, **named("search API"), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
                return
            body = response.json()
            if not isinstance(body.get("count"), int) or not isinstance(body.get("results"), list):
                response.failure(f"{url}: not a page of opportunities")

    @task(25)
    def opportunity_page(self) -> None:
        pk, title = self.rng.choice(FIXTURE["opportunities"])
        url = f"/opportunities/{pk}/"
        with self.client.get(url, **named("opportunity page"), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url}: HTTP {response.status_code}")
            elif f"<h1>{html.escape(title)}</h1>" not in response.text:
                response.failure(f"{url}: not the page of {title!r}")

    @task(15)
    def dashboard(self) -> None:
        with self.client.get(
            "/dashboard/",
            **named("dashboard", Cookie=f"sessionid={self.dashboard_session}"),
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"/dashboard/: HTTP {response.status_code}")
            elif DASHBOARD_MARKER not in response.text:
                response.failure("/dashboard/: not the student's page (signed out?)")

    @task(10)
    def apply(self) -> None:
        if not self.to_apply:
            return
        opportunity = self.to_apply.pop()
        with self.client.post(
            "/api/v1/applications/",
            json={"opportunity": opportunity, "motivation": "Jag vill gärna lära mig."},
            **named("apply (API)", Authorization=f"Token {self.student['token']}"),
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(
                    f"apply to {opportunity}: HTTP {response.status_code}: {response.text[:200]}"
                )
            elif (response.json().get("opportunity") or {}).get("id") != opportunity:
                response.failure(f"apply to {opportunity}: not the application made")
