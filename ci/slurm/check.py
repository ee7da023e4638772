"""CI check: the workflow run on SLURM gives the same results, byte for byte, as a local run.

    .venv/bin/python ci/slurm/check.py [--repo .] [--venv .venv] [--workdir DIR] [--keep]

Needs a running SLURM cluster (ci/slurm/up.sh starts a one-node one on this machine) and a .venv
built from requirements.lock with the executor plugin of requirements-slurm.lock added (`make slurm`). Steps, each timed:

1. a scratch copy of the repository (no .git, .venv, results, .snakemake) at WORKDIR/run;
2. local run there: `snakemake --cores 2`; the copy is then moved to WORKDIR/local;
3. a fresh copy at the same path WORKDIR/run (the PDFs hold file:// links with the absolute path of
   the run directory, so both runs use the same one), and the SLURM run there:
   `snakemake --profile <profile>`, where <profile> is
   profiles/slurm/config.yaml as a user fills it in (slurm_partition set to the cluster's default
   partition; slurm_account left empty, as a cluster without an accounting database has none), plus
   two settings on the command line that only suit this one-node CI cluster: job states are read with
   squeue (there is no slurmdbd for sacct) and the first status check comes after 1 s, not 40 s;
4. the sha256 of every file under results/ except results/logs/ (logs and benchmarks differ by
   nature) must agree between the two runs: otherwise the check fails naming the files;
5. on SLURM again, the Monte Carlo of the 2019 index with another chunking (a --configfile
   setting study2019.mc_chunks to 2; the full run used 4; --forcerun mc_chunk): the gathered outputs
   (results/montecarlo/*.parquet other than the per-chunk chunk_<i>/effects_<i> files) must be
   byte-identical to each other and to the local run's.

Exits 0 when everything agrees, 1 otherwise. Prints the timings.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

COPY_EXCLUDE = {".git", ".venv", "results", ".snakemake", ".pytest_cache", ".ruff_cache"}
CHUNKINGS = (2,)  # the full SLURM run uses config.yaml's 4: two chunkings on SLURM
PER_CHUNK = re.compile(r"^(chunk|effects)_\d+\.parquet$")
GATHER_TARGETS = (
    "results/montecarlo/rank_bands.parquet",
    "results/montecarlo/choice_effects.parquet",
)
# Only for this one-node CI cluster (no accounting database; jobs that take seconds).
CI_FLAGS = ("--slurm-status-command", "squeue", "--slurm-init-seconds-before-status-checks", "1")

timings: list[tuple[str, float]] = []


def say(msg: str) -> None:
    print(f"[slurm-check] {msg}", flush=True)


def copy_repo(repo: Path, dest: Path) -> Path:
    def ignore(directory: str, names: list[str]) -> set[str]:
        return COPY_EXCLUDE & set(names) if Path(directory) == repo else set()

    shutil.copytree(repo, dest, ignore=ignore, symlinks=True)
    return dest


def run(label: str, cmd: list[str], cwd: Path, log: Path) -> None:
    say(f"{label}: {' '.join(cmd)}  (in {cwd}, log {log})")
    start = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, check=False)
    seconds = time.monotonic() - start
    timings.append((label, seconds))
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-60:]
        say(f"{label} FAILED (exit {proc.returncode}) after {seconds:.1f} s; end of its log:")
        print("\n".join(tail), flush=True)
        raise SystemExit(1)
    say(f"{label}: done in {seconds:.1f} s")


def digests(results: Path, keep=lambda rel: True) -> dict[str, str]:
    out = {}
    for path in sorted(results.rglob("*")):
        rel = path.relative_to(results).as_posix()
        if path.is_file() and not rel.startswith("logs/") and keep(rel):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def gathered(rel: str) -> bool:
    parts = rel.split("/")
    return (
        len(parts) == 2
        and parts[0] == "montecarlo"
        and parts[1].endswith(".parquet")
        and not PER_CHUNK.match(parts[1])
    )


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(
        f"{rel}: "
        + (
            "only in the first"
            if rel not in b
            else "only in the second"
            if rel not in a
            else "differs"
        )
        for rel in set(a) | set(b)
        if a.get(rel) != b.get(rel)
    )


def default_partition() -> str | None:
    out = subprocess.run(
        ["sinfo", "--noheader", "-o", "%P"], capture_output=True, text=True, check=True
    ).stdout
    return next((p.rstrip("*") for p in out.split() if p.endswith("*")), None)


def slurm_profile(repo: Path, dest: Path, partition: str | None, account: str | None) -> Path:
    """profiles/slurm as a user fills it in: the same settings, with their partition and account."""
    profile = yaml.safe_load(
        (repo / "profiles" / "slurm" / "config.yaml").read_text(encoding="utf-8")
    )
    resources = profile.setdefault("default-resources", {})
    resources["slurm_partition"] = partition
    resources["slurm_account"] = account
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "config.yaml").write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=here.parent.parent)
    parser.add_argument(
        "--venv", type=Path, help="virtual environment with snakemake (default: REPO/.venv)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="scratch directory (default: a new one under /tmp)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument(
        "--partition", help="SLURM partition (default: the cluster's default partition)"
    )
    parser.add_argument("--account", help="SLURM account (default: none)")
    args = parser.parse_args(argv)

    repo = args.repo.resolve()
    snakemake = str(((args.venv or repo / ".venv").absolute()) / "bin" / "snakemake")
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="kzrd-slurm-check-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    total_start = time.monotonic()
    try:
        versions = subprocess.run(
            [snakemake, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        sinfo = subprocess.run(
            ["sinfo", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        partition = args.partition or default_partition()
        say(f"snakemake {versions}, {sinfo}, partition {partition}, scratch {work}")

        profile = slurm_profile(repo, work / "profile", partition, args.account)
        say("SLURM profile used:\n" + (profile / "config.yaml").read_text(encoding="utf-8"))
        on_slurm = [snakemake, "--profile", str(profile), *CI_FLAGS]

        cluster = work / "run"
        local = work / "local"
        copy_repo(repo, cluster)
        run("local run (--cores 2)", [snakemake, "--cores", "2"], cluster, work / "local.log")
        cluster.rename(local)
        copy_repo(repo, cluster)
        run("SLURM run", on_slurm, cluster, work / "slurm.log")
        jobs = len(
            re.findall(r"has been submitted with SLURM jobid", (work / "slurm.log").read_text())
        )
        say(f"SLURM run: {jobs} jobs submitted to SLURM")

        ok = True
        local_sums = digests(local / "results")
        slurm_sums = digests(cluster / "results")
        diff = differences(local_sums, slurm_sums)
        if diff or not local_sums:
            ok = False
            say(
                f"local vs SLURM: {len(diff)} of {len(set(local_sums) | set(slurm_sums))} files differ:"
            )
            print("\n".join(f"  {line}" for line in diff), flush=True)
        else:
            say(
                f"local vs SLURM: all {len(local_sums)} files under results/ (logs excluded) byte-identical"
            )

        config = yaml.safe_load((repo / "config.yaml").read_text(encoding="utf-8"))
        default_chunks = config["study2019"]["mc_chunks"]
        reference = digests(local / "results", gathered)
        say(f"gathered Monte Carlo outputs: {', '.join(reference)}")
        if not reference:
            ok = False
            say("no gathered Monte Carlo outputs in the local run")
        for chunks in CHUNKINGS:
            configfile = work / f"mc{chunks}.yaml"
            configfile.write_text(f"study2019:\n  mc_chunks: {chunks}\n", encoding="utf-8")
            run(
                f"SLURM Monte Carlo, {chunks} chunks",
                # targets first: --forcerun and --configfile take several values
                [
                    *on_slurm[:1],
                    *GATHER_TARGETS,
                    *on_slurm[1:],
                    "--configfile",
                    str(configfile),
                    "--forcerun",
                    "mc_chunk",
                ],
                cluster,
                work / f"slurm-mc{chunks}.log",
            )
            mc_jobs = len(
                re.findall(
                    r"has been submitted with SLURM jobid",
                    (work / f"slurm-mc{chunks}.log").read_text(),
                )
            )
            say(
                f"{chunks} chunks: {mc_jobs} jobs submitted to SLURM (expected {chunks + 1}: mc_chunk x {chunks}, mc_gather)"
            )
            if mc_jobs != chunks + 1:
                ok = False
            made = sorted(
                p.name for p in (cluster / "results" / "montecarlo").glob("chunk_*.parquet")
            )
            expected = [f"chunk_{i}.parquet" for i in range(chunks)]
            if not set(expected) <= set(made):
                ok = False
                say(
                    f"{chunks} chunks: per-chunk files missing: {sorted(set(expected) - set(made))}"
                )
            sums = digests(cluster / "results", gathered)
            diff = differences(reference, sums)
            if diff:
                ok = False
                say(f"{chunks} chunks vs local run ({default_chunks} chunks): differ:")
                print("\n".join(f"  {line}" for line in diff), flush=True)
            else:
                say(
                    f"{chunks} chunks: gathered Monte Carlo outputs byte-identical to the local run's ({default_chunks} chunks)"
                )

        timings.append(("whole check", time.monotonic() - total_start))
        say("timings: " + "; ".join(f"{label} {seconds:.1f} s" for label, seconds in timings))
        say("PASSED" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        if args.keep:
            say(f"scratch kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
