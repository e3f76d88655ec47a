"""What the reliability suite tried and measured, printed at the end of the run
(docs/benchmarks.md). Each test process of pytest-xdist counts its own; the root conftest adds
them up in the main process, which prints them.
"""

from collections import Counter

# Cases tried per suite.
CASES: Counter[str] = Counter()
# Measured figures (latencies), printed with them.
FIGURES: dict[str, str] = {}


def handed_over() -> dict:
    """This process's figures, as a test process of pytest-xdist sends them to the main one."""
    return {"cases": dict(CASES), "figures": dict(FIGURES)}


def take(found: dict) -> None:
    """Add a test process's figures to this process's."""
    CASES.update(found["cases"])
    FIGURES.update(found["figures"])


def lines() -> list[str]:
    return [f"{name}: {value}" for name, value in sorted({**CASES, **FIGURES}.items())]
