"""Rule snapshot_baseline (online mode only): the same workflow, with the same configuration but from
the shipped snapshots, in a scratch copy of the project; its numbers registry and verdicts are what
the online run's key results are compared with (rule online_comparison)."""

import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from kzrd.core.errors import InputError
from kzrd.core.io import write_bytes
from kzrd.core.rule import run

log = logging.getLogger("snapshot_baseline")
TARGETS = ("results/report/numbers.json", "results/audit/verdicts.parquet")


def main(smk) -> None:
    root = Path.cwd()
    config = {**dict(smk.config), "data_mode": "snapshot"}
    with tempfile.TemporaryDirectory(prefix="kzrd-baseline-") as tmp:
        project = Path(tmp) / "project"
        for f in smk.input.project:  # exactly the declared project files
            dest = project / Path(f).relative_to(root) if Path(f).is_absolute() else project / f
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
        (project / "baseline.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        # the targets first: --configfile takes every argument after it
        cmd = [sys.executable, "-m", "snakemake", *TARGETS, "--cores", str(smk.threads), "--quiet",
               "--configfile", "baseline.yaml"]  # fmt: skip
        log.info("running the snapshot workflow in %s: %s", project, " ".join(cmd[1:]))
        proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
        log.info("%s", proc.stderr[-4000:])
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise InputError(f"the snapshot run for the comparison failed: {last}")
        write_bytes(smk.output.numbers, (project / TARGETS[0]).read_bytes())
        write_bytes(smk.output.verdicts, (project / TARGETS[1]).read_bytes())


if __name__ == "__main__":
    run(main, globals())
