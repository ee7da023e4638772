"""The README's "How to add a supplement figure", followed literally in a scratch copy of the session's
finished run: its registry entry goes after the last exhibit of its section, its function at the end
of kzrd.present.figures; `make docs`'s generators and the workflow then give a supplement with the
figure at the end of that section, numbered in registry order, and its CSV."""

from __future__ import annotations

import base64
import itertools
import re
import subprocess
import sys

from conftest import finished_copy, run_snakemake


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
    proc = run_snakemake(project, "results/report/supplement.html", "--quiet")
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
