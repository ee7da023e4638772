"""A rule script also runs standalone, without Snakemake, for debugging: its inputs, outputs and
params are resolved from the Snakefile (kzrd.core.rule.mock); single files may be redirected."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd


def test_download_script_standalone(root, tmp_path):
    raw, diff = tmp_path / "raw.parquet", tmp_path / "diff.parquet"
    proc = subprocess.run(
        [sys.executable, "scripts/download.py", "source=sdg_9_5_2", "--output", f"raw={raw}",
         "--output", f"diff={diff}", "--log", f"0={tmp_path / 'download.log'}"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    df = pd.read_parquet(raw, dtype_backend="numpy_nullable")
    assert len(df) == 250 and set(df["source"]) == {"sdg_9_5_2"}
    assert "snapshot verified (250 rows)" in proc.stderr
