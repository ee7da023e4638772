"""The DAG is the reproducibility promise: every job reads only the project files it declares and
writes only its outputs and log, so that editing a file reruns every rule that reads it.

The session's workflow run (conftest.workflow) records, with a Python audit hook in every rule job
(tests/audit_hook/sitecustomize.py), each file the job opened; these tests hold the record against the
rules' declarations."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import run_snakemake

pytestmark = pytest.mark.e2e

# Not project files in the sense of the contract: Snakemake's own working files (the job's script
# copy), Python's bytecode caches.
NOT_PROJECT = (".snakemake", "__pycache__")


def records(workflow: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((workflow.parent / "opens").glob("*.json"))]


def project_file(path: str, project: Path) -> Path | None:
    p = Path(path)
    if not p.is_relative_to(project):
        return None
    rel = p.relative_to(project)
    if any(part in NOT_PROJECT for part in rel.parts) or p.is_dir():
        return None
    return rel


def is_temp_beside(path: str, outputs: list[str]) -> bool:
    """kzrd.core.io writes to '.<name>.XXXX.part' beside the output, then renames it into place."""
    p = Path(path)
    return any(
        p.parent == Path(o).parent and p.name.startswith(f".{Path(o).name}.") for o in outputs
    )


def test_every_job_of_the_run_was_recorded(workflow):
    recs = records(workflow)
    rules = {r["rule"] for r in recs}
    # all rules but those that only run online (fetch_api, fetch_boundaries) and the target 'all'
    assert {"download", "clean", "features", "audit", "figure", "report_pdf"} <= rules
    assert len(recs) >= 50, len(recs)


def test_every_job_reads_only_declared_inputs_and_writes_only_its_outputs(workflow):
    problems = []
    for r in records(workflow):
        project = Path(r["cwd"])
        declared = set(r["input"]) | set(r["output"]) | set(r["log"])
        job = r["rule"] + "".join(f"[{k}={v}]" for k, v in r["wildcards"].items())
        for path, mode in r["opened"]:
            rel = project_file(path, project)
            if rel is None:
                continue
            if mode == "r" and path not in declared:
                problems.append(f"{job} reads {rel}, not among its inputs")
            written = set(r["output"]) | set(r["log"])
            if mode == "w" and path not in written and not is_temp_beside(path, list(written)):
                problems.append(f"{job} writes {rel}, not among its outputs or log")
    assert not problems, "\n".join(sorted(set(problems)))


def test_each_job_reads_its_package_modules_from_its_code_inputs(workflow):
    """The code inputs (computed from the script's imports) cover every module the job imported."""
    imported = 0
    for r in records(workflow):
        for path, _mode in r["opened"]:
            if path.endswith(".py") and "/scripts/kzrd/" in path:
                imported += 1
                assert path in r["input"], f"{r['rule']} imports {path} undeclared"
    assert imported > 100


def _readers(workflow: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in records(workflow):
        project = Path(r["cwd"])
        for path, mode in r["opened"]:
            rel = project_file(path, project)
            if rel is not None and mode == "r" and not str(rel).startswith("results/"):
                out[str(rel)].add(r["rule"])
    return out


def _would_run(project: Path) -> set[str]:
    proc = run_snakemake(project, "-n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = proc.stdout + proc.stderr
    if "Nothing to be done" in text:
        return set()
    table = text.split("Job stats:", 1)[1].split("total", 1)[0]
    return {m.group(1) for m in re.finditer(r"^(\w+)\s+\d+\s*$", table, re.M)}


def test_editing_a_project_file_reruns_every_rule_that_reads_it(workflow, tmp_path):
    """Spot checks of what the contract above implies: every file a job reads is among its declared
    inputs (previous tests), so Snakemake reruns each reader of an edited file. Held here for one
    resource read by many rules and one package module, each rewritten in a copy of the finished run
    and checked with a dry run."""
    project = tmp_path / "project"
    shutil.copytree(workflow, project, symlinks=True)
    assert _would_run(project) == set(), "the finished run is not up to date"
    readers = _readers(workflow)
    assert {"resources/regions.csv", "resources/sources.yaml", "schemas/outputs.yaml"} <= set(
        readers
    )
    missed = []
    for rel in ["resources/regions.csv", "scripts/kzrd/paper2025/verdicts.py"]:
        path = project / rel
        st, before = path.stat(), path.read_bytes()
        # a real edit (Snakemake compares the checksum of a newer input before rerunning), one
        # that every reader tolerates: a comment in Python, a blank line elsewhere
        path.write_bytes(before + (b"\n# edited\n" if path.suffix == ".py" else b"\n"))
        rerun = _would_run(project)
        path.write_bytes(before)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert len(readers[rel]) >= 2, rel
        if not readers[rel] <= rerun:
            missed.append(f"{rel}: read by {sorted(readers[rel])}, rerun {sorted(rerun)}")
    assert not missed, "\n".join(missed)
