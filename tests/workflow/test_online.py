"""`snakemake --config data_mode=online` end to end, against a loopback server replaying real files
(from ../shared/data) and the APIs' documented reply shapes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from conftest import SHARED_DATA
from fixtures_online import taldau_employment, taldau_grp, worldbank_pages
from loopback import Server

from kzrd.data.apis import taldau_url, worldbank_url
from kzrd.reference.sources import load_boundaries, load_sources

pytestmark = pytest.mark.e2e
IGNORE = shutil.ignore_patterns(
    ".venv", "results", ".snakemake", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "tests"
)


@pytest.fixture(scope="module")
def server():
    if not SHARED_DATA.exists():
        pytest.skip("needs the official files in ../shared/data (absent in this checkout)")
    s = Server()
    sources = load_sources()
    for sid, spec in sources.items():
        body = (SHARED_DATA / spec["shared_path"]).read_bytes()
        if sid == "sdg_9_5_2":  # one changed value upstream: the diff must list it
            body = body.replace(b"\n2022,KZNS,", b"\n2022,KZNS,9", 1)
        s.routes[f"/files/{sid}"] = [(200, body, {}, 0)]
    for code in ("GB.XPD.RSDV.GD.ZS", "SP.POP.SCIE.RD.P6"):
        for n, page in enumerate(
            worldbank_pages(code, list(range(2010, 2024)), per_page=8), start=1
        ):
            s.routes[worldbank_url(code, n, "/v2")] = [(200, page, {}, 0)]
    for name in load_boundaries()["geokz_adm1_2024"]["files"]:
        s.routes[f"/geokz/{name}"] = [(200, (SHARED_DATA / "geo" / name).read_bytes(), {}, 0)]
    s.routes[taldau_url(702840, 7, "67,915", "/ru")] = [(200, taldau_employment(), {}, 0)]
    s.routes[taldau_url(2709379, 7, "67", "/ru")] = [(200, taldau_grp(), {}, 0)]
    yield s
    s.close()


def _run(project, configfile, *options, targets=()):
    """Snakemake on ``targets`` (first: --forcerun and --configfile take every word after them)."""
    return subprocess.run(
        [sys.executable, "-m", "snakemake", *targets, "--cores", "2", *options,
         "--configfile", str(configfile)],
        cwd=project, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


ONLINE_READS = (
    "report/report.html", "report/supplement.html", "report/numbers.json", "audit/verdicts.parquet",
    "raw/upstream_diff.parquet", "analysis/correlation.parquet", "analysis/national_series.parquet",
    "features/cross_section.parquet", "figures/s_fig_map.svg", "compare/online_vs_snapshot.parquet",
)  # fmt: skip


@pytest.fixture(scope="module")
def online(tmp_path_factory, root, server, workflow):
    project = tmp_path_factory.mktemp("online") / "project"
    shutil.copytree(root, project, ignore=IGNORE)
    cfg = {
        "data_mode": "online",
        "online": {
            "timeout_s": 5, "retries": 0,
            "urls": {**{sid: server.url(f"/files/{sid}") for sid in load_sources()},
                     "geokz_adm1_2024": server.url("/geokz/")},
            "api_base": {"worldbank": server.url("/v2"), "taldau": server.url("/ru")},
            "accept_changed": ["sdg_9_5_2"],  # its file is served with one changed value
            "baseline": str(workflow / "results"),  # the session's snapshot run, not a second one
        },
        "report": {"languages": ["en"]},  # the figures in English only (the session's run has all)
    }  # fmt: skip
    configfile = project / "online.yaml"
    configfile.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    # what the tests read and the two HTML documents with everything they need; the PDFs and the
    # data appendix render the same tables (the session's snapshot run checks them)
    proc = _run(project, configfile, targets=[f"results/{t}" for t in ONLINE_READS])
    assert proc.returncode == 0, proc.stderr[-4000:]
    return project, configfile


def test_upstream_diff_lists_exactly_the_changed_value(online):
    project, _ = online
    diff = pd.read_parquet(project / "results" / "raw" / "upstream_diff.parquet")
    assert len(diff) == 1
    row = diff.iloc[0]
    assert (row["source"], row["kato"], row["year"]) == ("sdg_9_5_2", "710000000", 2022)
    assert (
        row["upstream_value"]
        == 9 * 10 ** (len(str(int(row["snapshot_value"])))) + row["snapshot_value"]
    )


def test_true_figure2_variable_online(online):
    project, _ = online
    corr = pd.read_parquet(project / "results" / "analysis" / "correlation.parquet").iloc[0]
    assert corr["y"] == "technical_employment_share_pct" and not corr["y_is_proxy"]
    cs = pd.read_parquet(project / "results" / "features" / "cross_section.parquet").set_index(
        "kato"
    )
    # fixture: region r (KATO order, the nation first) has (3 + r) / (100 + r) employed in C, J, M
    assert cs.at["110000000", "technical_employment_share_pct"] == pytest.approx(5 / 102 * 100)
    html = (project / "results" / "report" / "report.html").read_text(encoding="utf-8")
    assert "fetched online" in html and '<span class="proxy">' not in html


def test_map_drawn_from_the_fetched_boundaries(online):
    project, _ = online
    raw = project / "results" / "raw" / "boundaries" / "geokz_adm1_2024"
    for name in load_boundaries()["geokz_adm1_2024"]["files"]:
        assert (raw / name).read_bytes() == (SHARED_DATA / "geo" / name).read_bytes()
    svg = (project / "results" / "figures" / "s_fig_map.svg").read_text(encoding="utf-8")
    assert "geokz, A. Rodionov" in svg
    html = (project / "results" / "report" / "supplement.html").read_text(encoding="utf-8")
    assert "fetched online (arodionoff/geokz, inst/shape, commit 41c1a00" in html
    assert "Tile abbreviations" not in html


def test_worldbank_series_in_the_national_table(online):
    project, _ = online
    nat = pd.read_parquet(project / "results" / "analysis" / "national_series.parquet").set_index(
        "year"
    )
    assert nat.loc[2022, "wb_rd_expenditure_pct_gdp"] == pytest.approx(0.122)
    assert nat.loc[2022, "sdg_rd_expenditure_pct_grp"] == 0.12


def test_failed_fetch_keeps_the_last_good_download(online, server):
    project, configfile = online
    cache = project / "results" / "cache" / "upstream" / "indicator_9-5-1.csv"
    table = project / "results" / "cache" / "raw" / "sdg_9_5_1.parquet"
    good = cache.read_bytes()
    good_table = (project / "results" / "raw" / "sdg_9_5_1.parquet").read_bytes()
    assert table.read_bytes() == good_table
    assert good == (SHARED_DATA / "sdg" / "data" / "indicator_9-5-1.csv").read_bytes()
    server.routes["/files/sdg_9_5_1"] = [(500, b"down", {}, 0)]
    try:
        proc = _run(
            project, configfile, "--forcerun", "download", targets=["results/raw/sdg_9_5_1.parquet"]
        )
    finally:
        server.routes["/files/sdg_9_5_1"] = [(200, good, {}, 0)]
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR kzrd:")]
    assert any(
        "source sdg_9_5_1 (http://127.0.0.1:" in ln
        and "HTTP 500" in ln
        and "last good download is kept at" in ln
        for ln in lines
    ), lines
    assert cache.read_bytes() == good
    assert (
        table.read_bytes() == good_table
    )  # Snakemake removed results/raw/sdg_9_5_1.parquet; the copy stays
    assert (project / "resources" / "snapshots" / "sdg_9_5_1.csv").exists()


def test_bad_upstream_files_are_one_line_and_leave_the_cache_alone(online, server):
    """Last in this module (its failed downloads leave those two raw tables missing): a changed file
    without the opt-in, and an opted-in .xlsx whose table moved down one row."""
    import io

    import openpyxl

    project, configfile = online
    cache = project / "results" / "cache"
    before = {p: p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()}
    pop = SHARED_DATA / load_sources()["bns_population_2023"]["shared_path"]
    wb = openpyxl.load_workbook(pop)
    wb["01"].insert_rows(1)
    moved = io.BytesIO()
    wb.save(moved)
    cfg = yaml.safe_load(configfile.read_text(encoding="utf-8"))
    cfg["online"]["accept_changed"] = ["sdg_9_5_2", "bns_population_2023"]
    bad_config = project / "bad.yaml"
    bad_config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    good = {sid: server.routes[f"/files/{sid}"] for sid in ("bns_population_2023", "sdg_17_8_1")}
    server.routes["/files/bns_population_2023"] = [(200, moved.getvalue(), {}, 0)]
    changed = (SHARED_DATA / "sdg/data/indicator_17-8-1.csv").read_bytes() + b"\n"
    server.routes["/files/sdg_17_8_1"] = [(200, changed, {}, 0)]
    try:
        proc = _run(project, bad_config, "--keep-going", "--forcerun", "download",
                    targets=["results/raw/bns_population_2023.parquet", "results/raw/sdg_17_8_1.parquet"])  # fmt: skip
    finally:
        for sid, route in good.items():
            server.routes[f"/files/{sid}"] = route
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR kzrd:")]
    assert any(
        "population_2023-01-01_bns.xlsx: sheet 01, row 6, column A: the table's first row holds "
        "an empty cell"
        in ln
        and "last good download is kept at" in ln
        for ln in lines
    ), lines
    assert any(
        "source sdg_17_8_1 (http://127.0.0.1:" in ln
        and "does not match the pinned" in ln
        and "add sdg_17_8_1 to config online.accept_changed" in ln
        for ln in lines
    ), lines
    after = {p: p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()}
    assert after == before  # byte-identical


def test_key_results_compared_with_a_snapshot_run(online, workflow):
    """Online mode compares its key results with the same workflow run from the snapshots: the
    baseline is byte for byte the snapshot run's (the session's `workflow` run, named by config key
    online.baseline), and every verdict and number that differs between the two runs is listed, in
    the table and in the supplement, which names the baseline."""
    project, _ = online
    base = project / "results" / "compare" / "snapshot"
    for name, snap in (
        ("numbers.json", "report/numbers.json"),
        ("verdicts.parquet", "audit/verdicts.parquet"),
    ):
        assert (base / name).read_bytes() == (workflow / "results" / snap).read_bytes(), name
    comp = pd.read_parquet(project / "results" / "compare" / "online_vs_snapshot.parquet")
    snap_numbers = json.loads((workflow / "results" / "report" / "numbers.json").read_text("utf-8"))
    online_numbers = json.loads(
        (project / "results" / "report" / "numbers.json").read_text("utf-8")
    )
    a = {n["id"]: n["value"] for n in snap_numbers}
    b = {n["id"]: n["value"] for n in online_numbers}
    differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    assert differ, "the online fixture changes Figure 2's variable: some number must differ"
    assert sorted(comp.loc[comp["kind"] == "number", "id"]) == differ
    va = pd.read_parquet(workflow / "results" / "audit" / "verdicts.parquet")
    vb = pd.read_parquet(project / "results" / "audit" / "verdicts.parquet")
    m = va.merge(vb, on=["claim_id", "kind"], suffixes=("_a", "_b"))
    changed = sorted(
        f"{r.claim_id} ({r.kind})" for r in m.itertuples() if r.verdict_a != r.verdict_b
    )
    assert sorted(comp.loc[comp["kind"] == "verdict", "id"]) == changed
    html = (project / "results" / "report" / "supplement.html").read_text(encoding="utf-8")
    assert f"{len(comp)} key result(s) differ" in html
    assert f"the finished run at <code>{workflow / 'results'}</code>" in html
    assert html.count("<li>number <code>") == len(differ)


def test_without_a_baseline_the_snapshot_workflow_is_planned_in_a_scratch_copy(tmp_path, root):
    """config key online.baseline empty: rule snapshot_baseline runs the same configuration in
    snapshot mode for the two key-result files only. Its command, dry-run in a copy of the project
    files, plans those targets' jobs and no document, no download from the network and no second
    baseline."""
    sys.path.insert(0, str(root / "scripts"))
    from snapshot_baseline import TARGETS, baseline_command

    project = tmp_path / "project"
    shutil.copytree(root, project, ignore=IGNORE)
    config = {**yaml.safe_load((root / "config.yaml").read_text("utf-8")), "data_mode": "online"}
    cfg, cmd = baseline_command(config, 2)
    assert cfg["data_mode"] == "snapshot" and {**cfg, "data_mode": "online"} == config
    (project / "baseline.yaml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    assert cmd[cmd.index("--configfile") :] == ["--configfile", "baseline.yaml"]
    dry = [*cmd[:3], "-n", *(a for a in cmd[3:] if a != "--quiet")]  # --quiet hides the plan
    proc = subprocess.run(dry, cwd=project, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    planned = proc.stdout + proc.stderr
    for target in TARGETS:
        assert target in planned
    for rule in ("number_registry", "verdicts", "download"):
        assert f"rule {rule}:" in planned or f"\n{rule} " in planned, rule
    for rule in ("report_html", "report_pdf", "snapshot_baseline", "fetch_api"):
        assert rule not in planned, rule
