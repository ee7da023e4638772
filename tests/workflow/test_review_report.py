"""Snakemake's own report for reviewers (`make review-report`): every exhibit of the registry is in
it, with its caption rendered (config values filled in, no template left), under its study."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import run_snakemake

from kzrd.reference.exhibits import load_registry, numbering
from kzrd.reference.review import marks, section_titles

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def review(workflow, tmp_path_factory) -> tuple[zipfile.ZipFile, str]:
    out = tmp_path_factory.mktemp("review") / "review.zip"
    proc = run_snakemake(workflow, "--report", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    z = zipfile.ZipFile(out)
    # Snakemake's own page is <top>/report.html; the results are under <top>/data/
    html = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("/report.html"))
    return z, z.read(html).decode("utf-8")


def test_every_exhibit_file_of_the_registry_is_in_the_report(workflow, review):
    z, _ = review
    entries = load_registry(workflow / "resources" / "exhibits.yaml")
    shown = {f for e in entries for f in e["files"] if f.startswith("results/")}
    shown = {f for f in shown if not f.endswith(".png")}  # the PNGs are the PDF's copies
    expected = marks(entries, section_titles(workflow / "scripts/kzrd/present/templates"))
    assert shown <= set(expected), sorted(shown - set(expected))
    data = [n for n in z.namelist() if "/data/" in n]
    inside = {Path(n).name for n in data}
    missing = sorted(f for f in expected if Path(f).name not in inside)
    assert not missing, missing
    # each file once, byte for byte the workflow's output
    for f in expected:
        (name,) = [n for n in data if n.endswith("/" + Path(f).name)]
        assert z.read(name) == (workflow / f).read_bytes(), f


def test_captions_are_rendered_with_numbers_rules_and_studies(workflow, review):
    _, html = review
    entries = load_registry(workflow / "resources" / "exhibits.yaml")
    assert "snakemake.config" not in html and "snakemake.params" not in html
    for e in entries:  # those showing an output (the data appendix also shows resources/ files)
        if any(f.startswith("results/") for f in e["files"]):
            assert e["id"] in html, e["id"]
    numbers = numbering(entries)
    # a file several exhibits show names each of them, by its number in the documents
    shown = [
        numbers[e["id"]] for e in entries if "results/audit/magnitude_regions.parquet" in e["files"]
    ]
    assert len(shown) == 3 and re.search(re.escape(", ".join(shown)), html)
    for study in ("2025 paper", "2019 study (reconstruction)", "Data and provenance", "Documents"):
        assert study in html
    assert "cross-section year 2022" in html
