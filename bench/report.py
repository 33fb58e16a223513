#!/usr/bin/env python3
"""Summarises `cargo bench -p generator --bench pipeline` from criterion's JSON estimates.

    python3 bench/report.py [TARGET_DIR]      (default: ./target)

Prints, per spec, the median time of each stage and its share of the four stages, the whole
`generate` relative to `load` alone (goal: at most 2x), and per stage the cost of 10x the
schemas (goal: at most 12x). Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STAGES = ("load", "lower", "emit", "render")
SPECS = ("sphere", "synth-100", "synth-1000", "synth-10000")


def median_ns(base: Path, spec: str, stage: str) -> float | None:
    f = base / spec / stage / "new" / "estimates.json"
    if not f.exists():
        return None
    return json.loads(f.read_text())["median"]["point_estimate"]


def fmt(ns: float | None) -> str:
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("target")
    base = target / "criterion"
    if not base.is_dir():
        print(f"no criterion results under {base}; run `cargo bench -p generator --bench pipeline`")
        return 1
    t = {s: {st: median_ns(base, s, st) for st in STAGES + ("generate",)} for s in SPECS}
    print("median per stage (share of load+lower+emit+render)")
    print(f"{'spec':<12}" + "".join(f"{st:>18}" for st in STAGES) + f"{'generate':>12}{'gen/load':>10}")
    for s in SPECS:
        row = t[s]
        if row["load"] is None:
            continue
        total = sum(row[st] or 0 for st in STAGES)
        cells = "".join(
            f"{fmt(row[st]):>10} ({100 * (row[st] or 0) / total:3.0f}%)" for st in STAGES
        )
        ratio = row["generate"] / row["load"] if row["generate"] else float("nan")
        print(f"{s:<12}{cells}{fmt(row['generate']):>12}{ratio:>9.2f}x")
    print()
    print("scaling: time(10x schemas) / time(x schemas)   (goal <= 12)")
    print(f"{'step':<24}" + "".join(f"{st:>10}" for st in STAGES + ("generate",)))
    for a, b in (("synth-100", "synth-1000"), ("synth-1000", "synth-10000")):
        if t[a]["load"] is None or t[b]["load"] is None:
            continue
        cells = "".join(
            f"{(t[b][st] / t[a][st]) if t[a][st] and t[b][st] else float('nan'):>9.2f}x"
            for st in STAGES + ("generate",)
        )
        print(f"{a + ' -> ' + b:<24}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
