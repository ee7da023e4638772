"""Benchmarks (`make bench`): wall-clock timings of the parsers, the analysis and the whole workflow.

Speed is measured here, never asserted in tests. Each step is repeated and the best and median of the
repeats are printed. Usage: .venv/bin/python benchmarks/run.py [--repeat N] [--no-workflow]
"""

from __future__ import annotations

import argparse
import resource
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


def run_timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def project_copy(tmp: Path, ref: str | None) -> Path:
    """This working tree, or the tree of git ``ref``, in ``tmp``: no results, environment or tests."""
    project = tmp / (ref or "HEAD-worktree")
    if ref:
        project.mkdir()
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x"], cwd=project, input=archive.stdout, check=True)
        shutil.rmtree(project / "tests", ignore_errors=True)
    else:
        shutil.copytree(
            ROOT,
            project,
            ignore=shutil.ignore_patterns(".venv", "results", ".snakemake", ".git", "tests"),
        )
    return project


def workflow_rows(against: str) -> list[tuple[str, float, float]]:
    """Cold run (``snakemake -F``, 2 cores) wall and CPU time, and the no-op run, of this tree and of
    ``against`` in the same session; then this tree's per-rule times from its benchmark: files."""
    snakemake = [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet"]
    rows, per_rule = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, ref in (("this tree", None), (against, against)):
            if ref == "":
                continue
            project = project_copy(Path(tmp), ref)
            wall, cpu = run_timed([*snakemake, "--forceall"], project)
            rows.append((f"cold run, {label}: wall (CPU {cpu:.1f} s)", wall, wall))
            noop, _ = run_timed(snakemake, project)
            rows.append((f"no-op run, {label}", noop, noop))
            if ref is None:
                for f in sorted((project / "results" / "logs").glob("*.benchmark.tsv")):
                    lines = f.read_text(encoding="utf-8").splitlines()
                    per_rule[f.name.removesuffix(".benchmark.tsv")] = float(lines[-1].split()[0])
    cold = {r[0].split(":")[0]: r[1] for r in rows if r[0].startswith("cold")}
    if len(cold) == 2:
        ours, theirs = cold["cold run, this tree"], cold[f"cold run, {against}"]
        rows.append((f"cold run: this tree / {against} = {ours / theirs:.2f}", ours, theirs))
    for job, seconds in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        rows.append((f"  job {job} (benchmark: file)", seconds, seconds))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-workflow", action="store_true")
    ap.add_argument(
        "--against",
        default="e4f514f",
        help="git ref whose cold run is timed side by side (same machine, same run); '' for none",
    )
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
        rows += workflow_rows(args.against)
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'best (s)':>9}  {'median (s)':>10}")
    for name, best, median in rows:
        print(f"{name:<{width}}  {best:9.4f}  {median:10.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
