"""Pairing (maximum total score by min-cost flow) on a seeded national-size instance.

No Django: `python -m benchmarks.matching_pairing`. Target (DESIGN.md § Performance targets):
10,000 requests x 50,000 opportunities with ~10^6 compatible pairs, optimal, under 10 s.

Optimality is certified, not assumed: node potentials for the residual network of the returned
flow are found by Bellman-Ford (vectorised with numpy), and every residual arc is checked to have
a non-negative reduced cost. That is the optimality condition of min-cost flow (no negative
cycle in the residual network), so the assignment is optimal for the scaled integer scores,
and within (places / SCALE) of the optimum for the float scores.
"""

import json
import random
import time
from collections.abc import Sequence

import numpy as np

from benchmarks.table import Result, print_table
from matching.engine import Demand, ScoredPair, Supply, allocate_pairing, formats
from matching.engine.pairing import SCALE

TARGET_SECONDS = 10.0
REQUESTS, OPPORTUNITIES, PAIRS_PER_REQUEST = 10_000, 50_000, 100
CLUSTERS = 250  # programme x area: a request's pairs lie in its cluster
MAX_ROUNDS = 5_000


def synthetic_instance(seed: int) -> tuple[list[Demand], list[Supply], list[ScoredPair]]:
    """Requests need 1-15 places, opportunities give 1-3; each request is compatible with 100
    opportunities of its cluster, with a score that is the cluster's geography plus noise."""
    rng = random.Random(seed)  # noqa: S311 - the same instance every run
    requests = [Demand(f"r{n}", rng.randint(1, 15)) for n in range(REQUESTS)]
    supplies = [Supply(f"o{n}", rng.randint(1, 3)) for n in range(OPPORTUNITIES)]
    members = [[] for _ in range(CLUSTERS)]
    for n in range(OPPORTUNITIES):
        members[int(CLUSTERS * rng.random() ** 1.3)].append(n)
    scores = []
    for n in range(REQUESTS):
        cluster = members[n % CLUSTERS]
        for o in rng.sample(cluster, min(PAIRS_PER_REQUEST, len(cluster))):
            score = round(0.3 + 0.7 * rng.random() * rng.random() ** 0.5, 4)
            scores.append(ScoredPair(f"r{n}", f"o{o}", score))
    return requests, supplies, scores


def residual_network(
    requests: list[Demand],
    supplies: list[Supply],
    scores: list[ScoredPair],
    pairs: Sequence[tuple[str, str, int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(tails, heads, costs, nodes) of the residual arcs of the flow network described in
    matching/engine/pairing.py, for the flow that `pairs` describe.

    Nodes: 0 the source, 1 the sink, then the requests, then the opportunities. An arc is
    residual forward while below its capacity and backward (at the negated cost) while it
    carries flow.
    """
    request_at = {d.id: n for n, d in enumerate(requests)}
    supply_at = {s.id: n for n, s in enumerate(supplies)}
    placed = {(r, o): places for r, o, places in pairs}
    rows = np.array([request_at[p[0]] for p in scores])
    columns = np.array([supply_at[p[1]] for p in scores])
    flow = np.array([placed.get((p[0], p[1]), 0) for p in scores])
    cost = -np.rint(np.array([p[2] for p in scores]) * SCALE).astype(np.int64)
    needed = np.array([d.places_needed for d in requests])
    capacity = np.array([s.capacity for s in supplies])
    given = np.bincount(rows, weights=flow, minlength=len(requests)).astype(np.int64)
    taken = np.bincount(columns, weights=flow, minlength=len(supplies)).astype(np.int64)
    request_nodes = 2 + np.arange(len(requests))
    supply_nodes = 2 + len(requests) + np.arange(len(supplies))
    source, sink = np.zeros_like(request_nodes), np.ones_like(supply_nodes)
    total = int(needed.sum())
    bypass = total - int(given.sum())
    pair_tails, pair_heads = request_nodes[rows], supply_nodes[columns]
    families = [
        (pair_tails, pair_heads, cost, flow < np.minimum(needed[rows], capacity[columns])),
        (pair_heads, pair_tails, -cost, flow > 0),
        (source, request_nodes, 0, given < needed),
        (request_nodes, source, 0, given > 0),
        (supply_nodes, sink, 0, taken < capacity),
        (sink, supply_nodes, 0, taken > 0),
        (np.array([0]), np.array([1]), 0, np.array([bypass < total])),
        (np.array([1]), np.array([0]), 0, np.array([bypass > 0])),
    ]
    tails = np.concatenate([t[keep] for t, _, _, keep in families])
    heads = np.concatenate([h[keep] for _, h, _, keep in families])
    costs = np.concatenate(
        [np.broadcast_to(np.int64(c), t.shape)[keep] for t, _, c, keep in families]
    )
    return tails, heads, costs, 2 + len(requests) + len(supplies)


def potentials(
    tails: np.ndarray, heads: np.ndarray, costs: np.ndarray, nodes: int
) -> np.ndarray | None:
    """Shortest distances from a virtual root joined to every node (Bellman-Ford, relaxing only
    arcs out of nodes that improved); None if they do not settle (a negative cycle)."""
    distance = np.zeros(nodes, dtype=np.int64)
    active = np.ones(nodes, dtype=bool)
    for _ in range(MAX_ROUNDS):
        live = active[tails]
        t, h, c = tails[live], heads[live], costs[live]
        offered = distance[t] + c
        better = offered < distance[h]
        if not better.any():
            return distance
        improved = distance.copy()
        np.minimum.at(improved, h[better], offered[better])
        active = improved < distance
        distance = improved
    return None


def through_file(
    requests: list[Demand], supplies: list[Supply], scores: list[ScoredPair]
) -> tuple[float, float, float]:
    """(seconds, MB, total) of `formats.run` on the instance as an allocation file."""
    text = json.dumps(
        {
            "requests": [{"id": d.id, "places_needed": d.places_needed} for d in requests],
            "opportunities": [{"id": s.id, "capacity": s.capacity} for s in supplies],
            "scores": [list(pair) for pair in scores],
        }
    )
    started = time.perf_counter()
    output = formats.run("pairing", text)
    return time.perf_counter() - started, len(text) / 2**20, output["total_score"]


def certify(
    requests: list[Demand],
    supplies: list[Supply],
    scores: list[ScoredPair],
    pairs: Sequence[tuple[str, str, int]],
) -> tuple[bool, float]:
    """(optimal?, seconds): potentials exist and every residual arc's reduced cost is >= 0."""
    started = time.perf_counter()
    tails, heads, costs, nodes = residual_network(requests, supplies, scores, pairs)
    distance = potentials(tails, heads, costs, nodes)
    certified = distance is not None and bool(np.all(distance[tails] + costs >= distance[heads]))
    return certified, time.perf_counter() - started


def main() -> None:
    requests, supplies, scores = synthetic_instance(seed=4)
    first = allocate_pairing(requests, supplies, scores)
    second = allocate_pairing(requests, supplies, scores)
    seconds = min(first.stats.seconds, second.stats.seconds)
    certified, check_seconds = certify(requests, supplies, scores, first.pairs)
    repeated = abs(second.total_score - first.total_score) < 1e-6
    file_seconds, file_mb, file_total = through_file(requests, supplies, scores)
    same_file_total = abs(file_total - first.total_score) < 1e-6
    stats = first.stats
    print_table(
        [
            Result(
                f"pairing, {REQUESTS:,} requests x {OPPORTUNITIES:,} opportunities, "
                f"{len(scores):,} pairs",
                f"{seconds:.2f} s (best of 2); total {first.total_score:,.3f}, "
                f"{stats.places_assigned:,} of {stats.places_needed:,} places",
                f"< {TARGET_SECONDS:.0f} s",
                seconds < TARGET_SECONDS,
            ),
            Result(
                "pairing optimality certificate (residual reduced costs >= 0)",
                f"{'certified' if certified else 'NOT CERTIFIED'} in {check_seconds:.1f} s; "
                f"second solve: {'same' if repeated else 'DIFFERENT'} total",
                "optimal",
                certified and repeated,
            ),
            Result(
                "pairing via formats.run (JSON text in, dict out)",
                f"{file_seconds:.2f} s for {file_mb:.0f} MB; "
                f"{'same' if same_file_total else 'DIFFERENT'} total",
                f"< {TARGET_SECONDS:.0f} s",
                file_seconds < TARGET_SECONDS and same_file_total,
            ),
        ]
    )


if __name__ == "__main__":
    main()
