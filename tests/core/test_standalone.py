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


def test_the_readmes_python_session_snippet(root):
    """The README's snippet, in a session started as the README says (from the repository root with
    PYTHONPATH=scripts): mock() gives the object a script's main(smk) takes."""
    import os

    snippet = (
        'from kzrd.core.rule import mock; smk = mock("figure", figure="fig_concentration"); '
        "print(smk.output.svg, smk.params.figure['draw'])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", snippet],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": "scripts"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["results/figures/fig_concentration.svg", "figure_concentration"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert (
        "PYTHONPATH=scripts .venv/bin/python" in readme and snippet.split(";")[1].strip() in readme
    )


def test_redirecting_some_outputs_only_is_refused_in_one_line(root, tmp_path):
    """Else the outputs not named would still be written into results/."""
    proc = subprocess.run(
        [sys.executable, "scripts/figure.py", "figure=fig_concentration", "--output", f"svg={tmp_path / 'f.svg'}"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "error: rule 'figure' writes svg_ru, png_ru, narrow_ru, svg_kk, png_kk, narrow_kk, svg, "
        "png, narrow; --output redirects svg only: redirect svg_ru, png_ru, narrow_ru, svg_kk, "
        "png_kk, narrow_kk, png, narrow too (--output svg_ru=PATH ...), or none"
    )
    assert not (tmp_path / "f.svg").exists()
