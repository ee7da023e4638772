"""Compare the key results of two runs (`make compare A=... B=...`), in the manner of `dvc metrics diff`.

A and B are each a results directory of a finished run (e.g. `results`, or a copy kept from an
online-mode run) or a git ref (a commit, tag or branch of this repository). A ref is exported with
`git archive` to `comparisons/runs/<commit>/` and its workflow run there, offline, with this
environment (once: a finished run is reused). Every key result that differs is printed (each verdict,
then each number of the numbers registry) and written to `comparisons/<A>_vs_<B>.csv`.

    .venv/bin/python scripts/compare.py results e4f514f
    .venv/bin/python scripts/compare.py HEAD~3 HEAD --rel 1e-9
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kzrd.core.errors import InputError  # noqa: E402
from kzrd.present.compare import compare_runs, render  # noqa: E402

# where refs are run and tables written; KZRD_COMPARISONS moves it (the tests use a scratch directory)
OUT = Path(os.environ.get("KZRD_COMPARISONS", ROOT / "comparisons"))


def _commit(ref: str) -> str | None:
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip() or None


def results_of(spec: str) -> Path:
    """The results directory a side of the comparison names: a directory, or a git ref (run once)."""
    path = Path(spec)
    if path.is_dir():
        return path / "results" if (path / "results").is_dir() else path
    commit = _commit(spec)
    if commit is None:
        raise InputError(f"{spec}: neither a results directory nor a git ref of {ROOT}")
    project = OUT / "runs" / commit
    results = project / "results"
    if (results / "report" / "numbers.json").exists():
        print(f"{spec}: reusing the finished run in {project}", file=sys.stderr)
        return results
    project.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x"], cwd=project, input=archive.stdout, check=True)
    print(f"{spec}: running its workflow in {project} ...", file=sys.stderr)
    proc = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "all", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["(no output)"]
        raise InputError(f"{spec}: its workflow run in {project} failed: {tail[0]}")
    return results


def _label(spec: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", spec).strip("-") or "run"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", help="results directory or git ref")
    ap.add_argument("b", help="results directory or git ref")
    ap.add_argument(
        "--rel", type=float, default=0.0, help="relative tolerance for numbers (0: any change)"
    )
    ap.add_argument(
        "--out", type=Path, default=None, help="CSV to write (default comparisons/<A>_vs_<B>.csv)"
    )
    args = ap.parse_args(argv)
    try:
        diff = compare_runs(results_of(args.a), results_of(args.b), args.rel)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    out = args.out or OUT / f"{_label(args.a)}_vs_{_label(args.b)}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    diff.rename(columns={"a": args.a, "b": args.b}).to_csv(out, index=False, lineterminator="\n")
    sys.stdout.write(render(diff, args.a, args.b))
    print(f"{len(diff)} difference(s); table written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
