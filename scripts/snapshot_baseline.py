"""Rule snapshot_baseline (online mode only): the key results (numbers registry, verdicts) of the
same workflow and configuration from the shipped snapshots, which rule online_comparison compares
the online run's with. They come from the finished run that config key online.baseline names, or
from the snapshot workflow run here in a scratch copy made of exactly the declared project files."""

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


def baseline_command(config: dict, threads: int) -> tuple[dict, list[str]]:
    """The configuration file's content and the command of the scratch snapshot run: the same
    configuration in snapshot mode, only the two targets (given first: --configfile takes every
    argument after it)."""
    cfg = {**config, "data_mode": "snapshot"}
    cmd = [sys.executable, "-m", "snakemake", *TARGETS, "--cores", str(threads), "--quiet",
           "--configfile", "baseline.yaml"]  # fmt: skip
    return cfg, cmd


def scratch_run(files: list[str], config: dict, threads: int, root: Path) -> tuple[bytes, bytes]:
    with tempfile.TemporaryDirectory(prefix="kzrd-baseline-") as tmp:
        project = Path(tmp) / "project"
        for f in files:  # exactly the declared project files
            dest = project / Path(f).relative_to(root) if Path(f).is_absolute() else project / f
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
        cfg, cmd = baseline_command(config, threads)
        (project / "baseline.yaml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
        log.info("running the snapshot workflow in %s: %s", project, " ".join(cmd[1:]))
        proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
        log.info("%s", proc.stderr[-4000:])
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise InputError(f"the snapshot run for the comparison failed: {last}")
        return tuple((project / t).read_bytes() for t in TARGETS)


def main(smk) -> None:
    if hasattr(smk.input, "project"):
        numbers, verdicts = scratch_run(
            list(smk.input.project), dict(smk.config), smk.threads, Path.cwd()
        )
    else:
        log.info("baseline: the finished run of config key online.baseline (%s)", smk.input.numbers)
        numbers, verdicts = (Path(f).read_bytes() for f in (smk.input.numbers, smk.input.verdicts))
    write_bytes(smk.output.numbers, numbers)
    write_bytes(smk.output.verdicts, verdicts)


if __name__ == "__main__":
    run(main, globals())
