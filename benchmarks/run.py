"""Benchmarks (`make bench`): wall-clock timings of the parsers, the analysis and the whole workflow.

Speed is measured here, never asserted in tests. Each step is repeated and the best and median of the
repeats are printed. Usage: .venv/bin/python benchmarks/run.py [--repeat N] [--no-workflow]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import pandas as pd  # noqa: E402

from kzrd.data.features import build_cross_section, build_panel  # noqa: E402
from kzrd.data.parsers import parse_source  # noqa: E402
from kzrd.paper2025.analysis import concentration_tables, figure2, trends  # noqa: E402
from kzrd.reference.paper import load_paper  # noqa: E402
from kzrd.reference.regions import default_registry  # noqa: E402
from kzrd.reference.sources import load_sources, read_snapshot, verify_snapshot, with_source  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def timeit(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return min(runs), statistics.median(runs)


def montecarlo_rows(clean: pd.DataFrame, reg) -> list[tuple[str, float, float]]:
    """Monte Carlo of the 2019 index: vectorised against the loop (replications per second), and how
    time and peak memory grow from 10^3 to 10^6 replications."""
    import tracemalloc

    import numpy as np

    from kzrd.study2019 import montecarlo as mc
    from kzrd.study2019.index import build_index, load_framework

    fw = load_framework(ROOT / "resources" / "index_framework.yaml")
    cs = build_cross_section(build_panel(clean, reg), clean, reg, 2022)
    treated = build_index(cs, fw)["treated"].pivot(
        index="kato", columns="indicator", values="value"
    )[[i["id"] for i in fw["indicators"]]]
    blocks = np.array([i["block"] for i in fw["indicators"]])
    nominal = np.array([1 / (blocks == b).sum() for b in blocks])
    stack = mc.normalised_stack(
        treated.to_numpy(), np.array([i["polarity"] for i in fw["indicators"]], float)
    )
    rows = []
    t0 = time.perf_counter()
    mc.replicate_loop(stack, blocks, nominal, 1, size=mc.BLOCK)
    loop = time.perf_counter() - t0
    t0 = time.perf_counter()
    mc.replicate_block(stack, blocks, nominal, 1, size=mc.BLOCK)
    vec = time.perf_counter() - t0
    rows.append((f"MC loop: {mc.BLOCK / loop:,.0f} replications/s", loop, loop))
    rows.append(
        (f"MC vectorised: {mc.BLOCK / vec:,.0f} replications/s ({loop / vec:.1f}x)", vec, vec)
    )
    for n in (10**3, 10**4, 10**5, 10**6):
        tracemalloc.start()
        t0 = time.perf_counter()
        mc.run_blocks(stack, blocks, nominal, 1, list(range(n // mc.BLOCK)))
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        rows.append((f"MC {n:>9,} replications (peak {peak:,.1f} MiB)", elapsed, elapsed))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-workflow", action="store_true")
    args = ap.parse_args()
    reg = default_registry()
    rows = []
    for sid, spec in load_sources().items():
        path = SHARED / spec["shared_path"]
        if path.exists():
            rows.append(
                (f"parse {sid}", *timeit(lambda s=spec, p=path: parse_source(s, p), args.repeat))
            )
    clean = pd.concat(
        [with_source(read_snapshot(verify_snapshot(s)), s) for s in load_sources()],
        ignore_index=True,
    )
    rows.append(
        (
            "read + verify all snapshots",
            *timeit(
                lambda: [read_snapshot(verify_snapshot(s)) for s in load_sources()], args.repeat
            ),
        )
    )
    panel = build_panel(clean, reg)
    cs = build_cross_section(panel, clean, reg, 2022)
    rows.append(
        (
            "features (panel + cross-section)",
            *timeit(
                lambda: build_cross_section(build_panel(clean, reg), clean, reg, 2022), args.repeat
            ),
        )
    )
    paper = load_paper(reg)
    rows.append(
        ("concentration", *timeit(lambda: concentration_tables(paper, cs, reg), args.repeat))
    )
    rows.append(
        (
            "correlation",
            *timeit(
                lambda: figure2(cs, "universities", "researchers_per_million", True), args.repeat
            ),
        )
    )
    rows.append(
        (
            "trends",
            *timeit(
                lambda: trends(clean, reg, ["630000000", "350000000"], 2010, 2023), args.repeat
            ),
        )
    )
    rows += montecarlo_rows(clean, reg)
    if not args.no_workflow:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "project"
            shutil.copytree(
                ROOT,
                project,
                ignore=shutil.ignore_patterns(".venv", "results", ".snakemake", ".git", "tests"),
            )
            cmd = [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", "--forceall"]
            rows.append(
                (
                    "whole workflow, 2 cores",
                    *timeit(
                        lambda: subprocess.run(cmd, cwd=project, check=True, capture_output=True), 1
                    ),
                )
            )
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'best (s)':>9}  {'median (s)':>10}")
    for name, best, median in rows:
        print(f"{name:<{width}}  {best:9.4f}  {median:10.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
