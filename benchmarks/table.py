"""Benchmark results as one plain table on stdout."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    measured: str
    target: str
    ok: bool


def print_table(results: list[Result]) -> None:
    rows = [("benchmark", "measured", "target", "ok")]
    rows += [(r.name, r.measured, r.target, "yes" if r.ok else "NO") for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for n, row in enumerate(rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if n == 0:
            print("-+-".join("-" * width for width in widths))
