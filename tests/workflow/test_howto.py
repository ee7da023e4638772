"""The README's "How to add a supplement figure", followed literally in a scratch copy of the session's
finished run: its registry entry goes after the last exhibit of its section, its function at the end
of kzrd.present.figures; `make docs`'s generators and the workflow then give a supplement with the
figure at the end of that section, numbered in registry order, and its CSV. And its "How to add a
source": the entry in resources/sources.yaml, scripts/build_snapshots.py, the source's jobs."""

from __future__ import annotations

import base64
import itertools
import re
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from conftest import SHARED_DATA, copy_project, finished_copy, run_snakemake


def howto(readme: str) -> tuple[str, str]:
    """The YAML entry and the Python function of the README's section."""
    part = readme.split("### How to add a supplement figure", 1)[1].split("\n#", 1)[0]
    yaml_block = re.search(r"```yaml\n(.*?)\n\s*```", part, re.S)[1]
    python_block = re.search(r"```python\n(.*?)\n\s*```", part, re.S)[1]
    return yaml_block, python_block


def dedent(block: str) -> str:
    lines = block.splitlines()
    indent = min(len(x) - len(x.lstrip()) for x in lines if x.strip())
    return "\n".join(x[indent:] for x in lines) + "\n"


def insert_after_section(registry: str, entry: str, section: str) -> str:
    """``entry`` after the last entry of ``section`` (entries start with '  - id:')."""
    starts = [m.start() for m in re.finditer(r"(?m)^  - id: ", registry)] + [len(registry)]
    chunks = [registry[a:b] for a, b in itertools.pairwise(starts)]
    last = max(i for i, c in enumerate(chunks) if f"section: {section}\n" in c)
    at = starts[last + 1]
    return registry[:at] + entry + registry[at:]


def test_adding_a_supplement_figure_as_the_readme_says(workflow, tmp_path):
    project = finished_copy(workflow, tmp_path / "project")
    entry, function = howto((project / "README.md").read_text(encoding="utf-8"))
    entry = "  " + dedent(entry).replace("\n", "\n  ").rstrip(" ")
    section = re.search(r"section: (\S+)", entry)[1]
    registry = project / "resources" / "exhibits.yaml"
    registry.write_text(
        insert_after_section(registry.read_text(encoding="utf-8"), entry, section), encoding="utf-8"
    )
    with (project / "scripts" / "kzrd" / "present" / "figures.py").open("a", encoding="utf-8") as f:
        f.write("\n\n" + dedent(function))
    docs = subprocess.run(
        [sys.executable, "scripts/gen_docs.py"], cwd=project, capture_output=True, text=True
    )
    assert docs.returncode == 0, docs.stderr[-2000:]
    assert "s_fig_rd_intensity" in (project / "docs" / "rules.md").read_text(encoding="utf-8")
    # (the figures in English only: a new figure function reruns every figure job, and each would
    # draw the translations too; the session's run draws them)
    english = project.parent / "english.yaml"
    english.write_text("report: {languages: [en]}\n", encoding="utf-8")
    proc = run_snakemake(
        project, "results/report/supplement.html", "--quiet", "--configfile", str(english)
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (project / "results" / "figures" / "s_fig_rd_intensity.narrow.svg").is_file()
    html = (project / "results" / "report" / "supplement.html").read_text(encoding="utf-8")
    # at the end of its section: after the section's last exhibit, before the next heading
    start = html.index('<h2 id="s-official"')
    end = html.index("<h2 ", start + 1)
    inside = html[start:end]
    assert 'id="x-s_fig_rd_intensity"' in inside
    assert inside.rindex('id="x-s_magnitude_years"') < inside.index('id="x-s_fig_rd_intensity"')
    # numbered in registry order: the supplement's first figure now, the old S1 is S2
    figure = inside[inside.index('id="x-s_fig_rd_intensity"') :]
    assert re.search(
        r"<b>Figure S1\.</b> Internal R&D expenditure as a share of GRP by region \(2022",
        figure,
    )
    later = html[html.index('id="x-s_fig_concentration_time"') :]
    assert later.split("</b>", 1)[0].endswith("Figure S2.")
    # its CSV: the cross-section, every region and the nation
    csv = base64.b64decode(
        re.search(
            r'download="figures1_s_fig_rd_intensity\.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"',
            figure,
        )[1]
    ).decode()
    assert csv.splitlines()[0].startswith("kato,region,") and len(csv.splitlines()) == 22


def source_howto(readme: str) -> str:
    """The YAML entry of the README's "How to add a source"."""
    part = readme.split("### How to add a source", 1)[1].split("\n#", 1)[0]
    return re.search(r"```yaml\n(.*?)\n\s*```", part, re.S)[1]


def test_adding_a_source_as_the_readme_says(root, tmp_path):
    """The entry at the end of `sources:`, then scripts/build_snapshots.py: the new snapshot holds
    the official file's values, no other snapshot changes, and the source's own jobs run on it."""
    if not SHARED_DATA.exists():
        pytest.skip("needs ../shared/data")
    project = copy_project(root, tmp_path / "project")
    sources = project / "resources" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    entry = "  " + dedent(source_howto(readme)).replace("\n", "\n  ").rstrip(" ")
    at = text.index("\napis:") + 1  # the end of `sources:`
    sources.write_text(text[:at] + entry + "\n" + text[at:], encoding="utf-8")
    snapshots = root / "resources" / "snapshots"
    build = subprocess.run(
        [sys.executable, "scripts/build_snapshots.py", "--shared", str(SHARED_DATA)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    new = project / "resources" / "snapshots" / "sdg_8_5_2.csv"
    for p in snapshots.glob("*.csv"):  # the others byte for byte
        assert (project / "resources" / "snapshots" / p.name).read_bytes() == p.read_bytes()
    sums = (project / "resources" / "snapshots" / "SHA256SUMS").read_text(encoding="utf-8")
    assert re.search(r"(?m)^[0-9a-f]{64}  sdg_8_5_2\.csv$", sums)
    # the snapshot's values are the official file's rows of totals (no urbanisation, sex or age)
    upstream = pd.read_csv(SHARED_DATA / "sdg" / "data" / "indicator_8-5-2.csv", dtype=str)
    totals = upstream[
        upstream[["URBANISATION", "SEX", "AGE"]].isna().all(axis=1)
        & (upstream["UNIT_MEASURE"] == "PT")
    ]
    snapshot = pd.read_csv(new, dtype={"kato": str})
    national = snapshot[snapshot["kato"] == "000000000"].set_index("year")["value"]
    expected = totals[totals["REF_AREA"].isna()].set_index("Year")["Value"].astype(float)
    coverage = yaml.safe_load(sources.read_text(encoding="utf-8"))["sources"]["sdg_8_5_2"][
        "coverage"
    ]
    years = coverage["last"] - coverage["first"] + 1  # the platform's years, 2010-2023
    assert national.to_dict() == {int(k): v for k, v in expected.items()} and len(national) == years
    proc = run_snakemake(project, "results/clean/sdg_8_5_2.parquet", "--quiet")
    assert proc.returncode == 0, proc.stderr[-3000:]
    clean = pd.read_parquet(project / "results" / "clean" / "sdg_8_5_2.parquet")
    assert set(clean["indicator"]) == {"unemployment_pct"} and len(clean) == len(snapshot)
