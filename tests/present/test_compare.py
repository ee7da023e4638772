"""Run-to-run comparison (`make compare`): every verdict and registry number that differs, and only those."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kzrd import PROJECT_ROOT
from kzrd.core.errors import InputError
from kzrd.present.compare import compare_runs, render

NUMBERS = [
    dict(id="share_almaty", value=40.4, text="40.4", unit="%", file="results/x.parquet", rule="r"),
    dict(id="cv_broadband", value=38.0, text="38", unit="%", file="results/y.parquet", rule="r"),
    dict(id="n_regions", value=20.0, text="20", unit="", file="results/z.parquet", rule="r"),
]
VERDICTS = [
    dict(claim_id="concentration", kind="official", verdict="consistent"),
    dict(claim_id="finding2_growth", kind="official", verdict="partly consistent"),
]


def _run(tmp_path: Path, name: str, numbers: list[dict], verdicts: list[dict]) -> Path:
    results = tmp_path / name / "results"
    (results / "report").mkdir(parents=True)
    (results / "audit").mkdir()
    (results / "report" / "numbers.json").write_text(json.dumps(numbers), encoding="utf-8")
    pd.DataFrame(verdicts).to_parquet(results / "audit" / "verdicts.parquet")
    return results


def test_identical_runs_have_no_difference(tmp_path):
    a = _run(tmp_path, "a", NUMBERS, VERDICTS)
    b = _run(tmp_path, "b", NUMBERS, VERDICTS)
    assert compare_runs(a, b).empty
    assert render(compare_runs(a, b), "A", "B") == "No key result differs between A and B.\n"


def test_changed_added_and_removed_results_are_listed(tmp_path):
    a = _run(tmp_path, "a", NUMBERS, VERDICTS)
    numbers = [dict(NUMBERS[0], value=41.0), NUMBERS[1], dict(NUMBERS[2], id="n_cities")]
    verdicts = [VERDICTS[0], dict(VERDICTS[1], verdict="consistent")]
    b = _run(tmp_path, "b", numbers, verdicts)
    diff = compare_runs(a, b)
    assert diff[["kind", "id", "a", "b", "change"]].values.tolist() == [
        ["verdict", "finding2_growth (official)", "partly consistent", "consistent", "changed"],
        ["number", "n_cities", "", "20", "only in B"],
        ["number", "n_regions", "20", "", "only in A"],
        ["number", "share_almaty", "40.4", "41", "+0.6"],
    ]


def test_relative_tolerance_hides_rounding_noise(tmp_path):
    a = _run(tmp_path, "a", NUMBERS, VERDICTS)
    b = _run(tmp_path, "b", [dict(NUMBERS[0], value=40.4 * (1 + 1e-12)), *NUMBERS[1:]], VERDICTS)
    assert len(compare_runs(a, b)) == 1
    assert compare_runs(a, b, rel=1e-9).empty


def test_a_directory_that_is_no_run_is_one_line(tmp_path):
    with pytest.raises(InputError, match=r"report/numbers.json: not found; is .* a finished run"):
        compare_runs(tmp_path, tmp_path)


def test_a_run_of_an_older_layout_is_one_line(tmp_path):
    """An earlier version's verdicts table (other columns) or registry (other keys): one line naming
    the file and what it lacks, not a pyarrow traceback."""
    a = _run(tmp_path, "a", NUMBERS, VERDICTS)
    old = _run(tmp_path, "old", NUMBERS, [dict(claim="concentration", result="consistent")])
    with pytest.raises(
        InputError,
        match=r"old/results/audit/verdicts.parquet: no claim_id, kind, verdict \(it has claim, result\)",
    ):
        compare_runs(a, old)
    older = _run(tmp_path, "older", [dict(name="x", number=1.0)], VERDICTS)
    with pytest.raises(
        InputError, match=r"numbers.json: no id, value, unit, file \(it has name, number\)"
    ):
        compare_runs(older, a)


def test_command_line_with_a_directory_and_a_git_ref(tmp_path):
    """`make compare A=<dir> B=<ref>`: a ref is run once under comparisons/runs/<commit>/ and reused;
    here that run is put in place beforehand, so the test does not run the workflow again."""
    a = _run(tmp_path, "a", NUMBERS, VERDICTS)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    cached = tmp_path / "comparisons" / "runs"
    _run(cached, commit, [dict(NUMBERS[0], value=41.0), *NUMBERS[1:]], VERDICTS)
    env = {**os.environ, "KZRD_COMPARISONS": str(tmp_path / "comparisons")}
    proc = subprocess.run(
        [sys.executable, "scripts/compare.py", str(a), "HEAD"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "share_almaty" in proc.stdout and "+0.6" in proc.stdout
    assert "reusing the finished run" in proc.stderr
    out = next((tmp_path / "comparisons").glob("*_vs_HEAD.csv"))
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert table.columns.tolist() == ["kind", "id", "file", "unit", str(a), "HEAD", "change"]
    assert table["id"].tolist() == ["share_almaty"]
    bad = subprocess.run(
        [sys.executable, "scripts/compare.py", str(a), "no-such-ref-xyz"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        f"error: no-such-ref-xyz: neither a results directory nor a git ref of {PROJECT_ROOT}"
    )
