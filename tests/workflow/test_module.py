"""The workflow used as a Snakemake module (README, "As a Snakemake module"): from another directory,
project files are found in the workflow's own directory and results are written where it runs."""

from __future__ import annotations

import re
import shutil

from conftest import run_snakemake

MODULE = """\
module kzrd:
    snakefile:
        "{snakefile}"
    config:
        config


use rule * from kzrd as kzrd_*
"""


def test_a_module_plans_the_whole_workflow_from_its_own_files(workflow, tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "Snakefile").write_text(MODULE.format(snakefile=workflow / "Snakefile"), "utf-8")
    proc = run_snakemake(user, "-n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    planned = re.search(r"^total\s+(\d+)$", proc.stdout + proc.stderr, re.M)
    local = run_snakemake(workflow, "-n", "--forceall")
    assert planned and planned[1] == re.search(r"^total\s+(\d+)$", local.stdout, re.M)[1]


def test_a_module_writes_the_same_documents(workflow, tmp_path):
    """The documents of a finished run, made again through the module: the report byte for byte the
    session's; the supplement names the shipped boundary file by its absolute path."""
    user = tmp_path / "user"
    user.mkdir()
    (user / "Snakefile").write_text(MODULE.format(snakefile=workflow / "Snakefile"), "utf-8")
    shutil.copytree(workflow / "results", user / "results", symlinks=True)
    for doc in ("report.html", "supplement.html"):
        (user / "results" / "report" / doc).unlink()
    proc = run_snakemake(user, "results/report/report.html", "results/report/supplement.html")
    assert proc.returncode == 0, proc.stderr[-3000:]
    ran = sorted(set(re.findall(r"^(?:local)?rule (\w+):", proc.stdout + proc.stderr, re.M)))
    assert ran == ["kzrd_report_html"], ran
    ours, theirs = (p / "results" / "report" for p in (user, workflow))
    assert (ours / "report.html").read_bytes() == (theirs / "report.html").read_bytes()
    supplement = (ours / "supplement.html").read_text(encoding="utf-8")
    assert f"{workflow}/resources/geo/regions_adm1.geojson" in supplement
    assert supplement.replace(f"{workflow}/", "") == (theirs / "supplement.html").read_text("utf-8")
