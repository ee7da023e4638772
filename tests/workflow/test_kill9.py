"""An interrupted run (kill -9) leaves nothing behind that a clean run does not have: a cold run
killed in the middle and run again equals the session's run byte for byte. In a file of its own, so
that pytest-xdist gives it, the longest test, a worker of its own."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import digests, finished_copy
from conftest import run_snakemake as _snakemake

pytestmark = pytest.mark.e2e
# Every target of rule all but the translated PDFs, which would add a minute to the test: the
# translations are the same render with another catalogue, and the session's run checks them
TARGETS = (
    *(f"results/report/{d}.html" for d in ("report", "supplement", "data", "report.ru", "report.kk",
                                           "supplement.ru", "supplement.kk")),
    "results/report/report.pdf", "results/report/supplement.pdf",
    *(f"results/tables/table{n}_official.csv" for n in (1, 2, 3)),
    "results/data_dictionary.md", "results/index/own_time_top5.parquet", "results/config.yaml",
)  # fmt: skip
TRANSLATED_PDF = re.compile(r"\.(ru|kk)\.pdf$|^report_pdf_\w+\.(ru|kk)\.")


def test_kill_9_then_rerun_equals_a_clean_run(workflow, tmp_path):
    """A cold run (results/ removed) killed with SIGKILL in the middle, snakemake and its jobs, then
    run again: results/ holds exactly the files of the session's run, with the same bytes. Every job
    ran, before the kill or after it, so this is also the proof that a whole run from scratch gives
    the same bytes again. Every file but the translated PDFs (:data:`TARGETS`)."""
    project = finished_copy(workflow, tmp_path / "project")
    shutil.rmtree(project / "results")
    clean = {k: v for k, v in digests(workflow / "results").items() if not TRANSLATED_PDF.search(k)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "snakemake", *TARGETS, "--cores", "2", "--quiet"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # late enough that some jobs have finished and others are writing
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        done = list((project / "results" / "logs").glob("*.benchmark.tsv"))
        fresh = [p for p in done if p.stat().st_mtime > time.time() - 60]
        if len(fresh) >= 25:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # Snakemake keeps its lock after a kill and says so; --unlock is the documented way on
    locked = _snakemake(project, *TARGETS, "--quiet")
    assert locked.returncode != 0 and "--unlock" in locked.stderr
    assert _snakemake(project, "--unlock").returncode == 0
    rerun = _snakemake(project, *TARGETS, "--quiet")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    after = digests(project / "results")
    assert sorted(after) == sorted(clean), sorted(set(after) ^ set(clean))
    assert after == clean, [k for k in clean if clean[k] != after.get(k)]
    ran = sorted(p.name for p in (project / "results" / "logs").glob("*.benchmark.tsv"))
    assert ran == sorted(
        p.name
        for p in (workflow / "results" / "logs").glob("*.benchmark.tsv")
        if not TRANSLATED_PDF.search(p.name)
    )
