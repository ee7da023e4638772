"""The corruption table through the workflow itself: a fault in an input ends the run with one line
naming the file and the place (or the key) as the first thing a user reads from us, no traceback on
the screen, no partial output, and every output already computed that the fault does not concern stays
byte for byte. (An interrupted run: tests/workflow/test_kill9.py.)

Each case works on its own copy of the finished run (the session's `workflow` fixture). The loader-level
half of the table, every fault in every editable file, is tests/core/test_input_contract.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import digests, finished_copy, resum_snapshot
from conftest import run_snakemake as _snakemake

pytestmark = pytest.mark.e2e


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def unit_slip(project: Path) -> list[str]:
    # Almaty city's R&D personnel 2022 typed in persons x 1000
    snap = project / "resources" / "snapshots" / "bns_rnd_2022_personnel.csv"
    text = snap.read_text(encoding="utf-8")
    line = next(
        ln for ln in text.splitlines() if ln.startswith("750000000,") and ",rd_personnel," in ln
    )
    value = line.split(",")[4]
    _edit(snap, line, line.replace(f",{value},", f",{float(value) * 1000!r},", 1))
    resum_snapshot(project, snap.name)
    return []


def snapshot_deleted(project: Path) -> list[str]:
    (project / "resources" / "snapshots" / "sdg_9_5_2.csv").unlink()
    return []


def config_repeated_key(project: Path) -> list[str]:
    with open(project / "config.yaml", "a", encoding="utf-8") as f:
        f.write("year: 2021\n")
    return []


def framework_missing(project: Path) -> list[str]:
    return ["--config", "study2019={framework: resources/no_such_framework.yaml}"]


def label_names_other_region(project: Path) -> list[str]:
    snap = project / "resources" / "snapshots" / "sdg_9_5_2.csv"
    _edit(snap, "750000000,KZALA,", "750000000,KZNS,")
    resum_snapshot(project, snap.name)
    return []


def sources_kind_typo(project: Path) -> list[str]:
    _edit(
        project / "resources" / "sources.yaml",
        "kind: rate, additive: false}",
        "kind: rte, additive: false}",
    )
    return []


# (id, fault, the first error line must match, files of results/ allowed to change: regex)
CASES: list[tuple[str, Callable[[Path], list[str]], str, str]] = [
    ("unit-slip", unit_slip,
     r"^ERROR kzrd: resources/snapshots/bns_rnd_2022_personnel\.csv: line \d+: "
     r"source bns_rnd_2022_personnel: unit_slip for 750000000 rd_personnel 2022: value "
     r"[\d,]+ \(rnd_bulletin_2022_kk\.xls, sheet 36, row \d+, column D\) exceeds the national total",
     r"^(raw|clean)/bns_rnd_2022_personnel\."),
    ("snapshot-deleted", snapshot_deleted,
     r"^resources/snapshots/sdg_9_5_2\.csv: the snapshot of source sdg_9_5_2 is missing", r"^$"),
    ("config-repeated-key", config_repeated_key,
     r"config\.yaml: line \d+, column 1: key 'year' is given twice \(first on line 5\)", r"^$"),
    ("framework-missing", framework_missing,
     r"^config key 'study2019\.framework': resources/no_such_framework\.yaml: file not found", r"^$"),
    ("label-other-region", label_names_other_region,
     r"^ERROR kzrd: resources/snapshots/sdg_9_5_2\.csv: line \d+, column 'label': 'KZNS' names "
     r"710000000 \(Astana city\), not 750000000",
     r"^raw/sdg_9_5_2\."),
    ("sources-kind-typo", sources_kind_typo,
     r"resources/sources\.yaml: key 'sources\.sdg_9_5_2\.indicators\.researchers_per_million\.kind': "
     r"'rte' is not one of", r"^$"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fault", "first", "may_change"), CASES, ids=[c[0] for c in CASES])
def test_fault_through_the_workflow(workflow, tmp_path, name, fault, first, may_change):
    project = finished_copy(workflow, tmp_path / "project")
    before = digests(project / "results")
    args = fault(project)
    proc = _snakemake(project, *args)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    ours = [
        ln
        for ln in proc.stderr.splitlines()
        if ln.startswith("ERROR kzrd:") or re.search(r"^(config key|resources/|config\.yaml)", ln)
    ]
    assert ours, proc.stderr[-3000:]
    assert re.search(first, ours[0]), ours[0]
    after = digests(project / "results")
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    unexpected = (
        {k for k in changed if not re.search(may_change, k)} if may_change != "^$" else changed
    )
    assert not unexpected, sorted(unexpected)
    # what the failed job did not finish is gone, nothing half-written stays
    assert not [p for p in (project / "results").rglob("*") if p.name.endswith(".part")]
