"""The load mix for `make bench-load`, run by locust (benchmarks/load.py starts it).

Each simulated client is one person: they search with filters, open an opportunity, look at
their dashboard, and now and then a student applies. The fixture file (written by
benchmarks/load.py from the benchmark database) gives real ids and logged-in sessions, so every
request is one a user could make.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, between, task

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"], encoding="utf-8").read())  # noqa: SIM115
_clients = itertools.count()


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
        programme = self.rng.choice(FIXTURE["programmes"])
        near = self.rng.choice(FIXTURE["municipalities"])
        month = self.rng.randint(1, 10)
        return (
            f"programme={programme}&near={near}&within_km={self.rng.choice([20, 50, 100])}"
            f"&period_from=2026-{month:02d}-01&period_to=2026-{month + 2:02d}-28"
        )

    @task(35)
    def search_page(self) -> None:
        self.client.get(f"/opportunities/?{self._search_query()}", name="search page")

    @task(15)
    def search_api(self) -> None:
        self.client.get(f"/api/v1/opportunities/?{self._search_query()}", name="search API")

    @task(25)
    def opportunity_page(self) -> None:
        pk = self.rng.choice(FIXTURE["opportunities"])
        self.client.get(f"/opportunities/{pk}/", name="opportunity page")

    @task(15)
    def dashboard(self) -> None:
        self.client.get(
            "/dashboard/",
            headers={"Cookie": f"sessionid={self.dashboard_session}"},
            name="dashboard",
        )

    @task(10)
    def apply(self) -> None:
        if not self.to_apply:
            return
        self.client.post(
            "/api/v1/applications/",
            json={"opportunity": self.to_apply.pop(), "motivation": "Jag vill gärna lära mig."},
            headers={"Authorization": f"Token {self.student['token']}"},
            name="apply (API)",
        )
