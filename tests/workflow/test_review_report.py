"""Snakemake's own report for reviewers (`make review-report`): every exhibit of the registry is in
it, with its caption rendered (config values filled in, no template left), under its study."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import run_snakemake

from kzrd.core.io import read_parquet
from kzrd.present.export import view_path
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
    # a Parquet file is in the report as its HTML view (a browser shows nothing of a Parquet file)
    files = [view_path(f) if f.endswith(".parquet") else f for f in expected]
    missing = sorted(f for f in files if Path(f).name not in inside)
    assert not missing, missing
    # each file once, byte for byte the workflow's output
    for f in files:
        (name,) = [n for n in data if n.endswith("/" + Path(f).name)]
        assert z.read(name) == (workflow / f).read_bytes(), f


def _results(html: str) -> dict:
    """The report's list of results (its ``var results = {...};`` script), path -> entry."""
    return json.loads(re.search(r"var results = (\{.*?\});\n", html, re.S)[1])


def test_every_table_of_the_report_opens_in_the_browser(workflow, review):
    """No item is a Parquet file: each table is an HTML view that the report shows (as it shows
    the SVG figures and the PDFs), and holds every row of its Parquet file as stored."""
    _, html = review
    results = _results(html)
    assert not [p for p in results if p.endswith(".parquet")]
    shown = {"text/html", "image/svg+xml", "application/pdf", "application/json"}
    assert {p: r["mime_type"] for p, r in results.items() if r["mime_type"] not in shown} == {}
    entries = load_registry(workflow / "resources" / "exhibits.yaml")
    tables = sorted(
        {
            f
            for e in entries
            for f in e["files"]
            if f.startswith("results/") and f.endswith(".parquet")
        }
    )
    assert len(tables) >= 30
    for f in tables:
        entry = results.get(view_path(f))
        assert entry and entry["mime_type"] == "text/html", f
        assert "csv_export" in entry["caption"] and f in entry["caption"], f
        page = (workflow / view_path(f)).read_text(encoding="utf-8")
        n = len(read_parquet(workflow / f))
        assert page.count("<tr>") == n + 1 and f"{n} rows" in page, f


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
