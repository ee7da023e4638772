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
ENGLISH = ("--config", "report={languages: [en]}")
LANGUAGE_DEPENDENT = ("report/report.html", "report/supplement.html", "report/data.html")


def without_languages(path) -> str:
    """A document's text without the language switch, the configured languages' list and the data
    appendix's rows of the translated verdicts (rule verdicts_translated)."""
    text = re.sub(r'<div class="langs".*?</div>', "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(
        r'<tr id="f-[^"]*-(?:ru|kk)-parquet">.*?</details></td></tr>\n', "", text, flags=re.S
    )
    return re.sub(r"languages:\n(?:\s*- \w\w\n)+", "languages:\n", text)


def test_kill_9_then_rerun_equals_a_clean_run(workflow, tmp_path):
    """A cold run (results/ removed) killed with SIGKILL in the middle, snakemake and its jobs, then
    run again: results/ holds exactly the files of the session's run, with the same bytes. Every job
    ran, before the kill or after it, so this is also the proof that a whole run from scratch gives
    the same bytes again. English only (config report.languages [en]): the translations are the
    same render with another catalogue, and their PDFs would add a minute to the test; so the files
    compared are the session's run's but the translated documents and results/config.yaml, and the
    three HTML documents are compared without what names the configured languages (the language
    switch, the configuration the data appendix prints)."""
    project = finished_copy(workflow, tmp_path / "project")
    shutil.rmtree(project / "results")
    clean = {
        k: v
        for k, v in digests(workflow / "results").items()
        if not re.search(r"\.(ru|kk)\.|^config\.yaml$", k)
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", *ENGLISH],
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
    locked = _snakemake(project, "--quiet", *ENGLISH)
    assert locked.returncode != 0 and "--unlock" in locked.stderr
    assert _snakemake(project, "--unlock").returncode == 0
    rerun = _snakemake(project, "--quiet", *ENGLISH)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    after = {k: v for k, v in digests(project / "results").items() if k != "config.yaml"}
    for doc in LANGUAGE_DEPENDENT:
        clean[doc], after[doc] = (
            without_languages(p / "results" / doc) for p in (workflow, project)
        )
    assert sorted(after) == sorted(clean), sorted(set(after) ^ set(clean))
    assert after == clean, [k for k in clean if clean[k] != after.get(k)]
    ran = sorted(p.name for p in (project / "results" / "logs").glob("*.benchmark.tsv"))
    assert ran == sorted(
        p.name
        for p in (workflow / "results" / "logs").glob("*.benchmark.tsv")
        if not re.search(r"\.(ru|kk)\.", p.name)
    )
