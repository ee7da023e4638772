"""Shared test fixtures: the project root, the real files in ../shared/data, the registry, and the
one end-to-end workflow run that test_e2e.py, test_browser.py and test_pdf.py share."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzrd import PROJECT_ROOT
from kzrd.reference.regions import default_registry

SHARED = PROJECT_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SEED_2025 = SHARED / "seeds" / "000_a28a65109220bb72.txt"

# What a copy of the project leaves out: environments, caches, earlier outputs, the tests.
IGNORED = (
    ".venv",
    "results",
    ".snakemake",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "tests",
)
IGNORE = shutil.ignore_patterns(*IGNORED)


def shared_file(relative: str) -> Path:
    """Path of a real upstream file; skips the test, naming the file, when ../shared is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"needs the official file ../shared/data/{relative} (absent in this checkout)")
    return path


def seed_text() -> str:
    if not SEED_2025.exists():
        pytest.skip(f"needs the paper text {SEED_2025} (absent in this checkout)")
    return SEED_2025.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def registry():
    return default_registry()


@pytest.fixture(scope="session")
def root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def snapshot_clean():
    """Every shipped snapshot, verified and tagged with its source: the clean observations the
    workflow starts from (read once per test session)."""
    import pandas as pd

    from kzrd.reference.sources import load_sources, read_snapshot, verify_snapshot, with_source

    return pd.concat(
        [with_source(read_snapshot(verify_snapshot(s)), s) for s in load_sources()],
        ignore_index=True,
    )


@pytest.fixture(scope="session")
def snapshot_cross_section(snapshot_clean, registry):
    """The 2022 cross-section built from the snapshots."""
    from kzrd.data.features import build_cross_section, build_panel

    return build_cross_section(
        build_panel(snapshot_clean, registry), snapshot_clean, registry, 2022
    )


def readme_yaml(root: Path, name: str) -> str:
    """The README's YAML example that starts with the comment ``# <name>``, dedented."""
    import textwrap

    readme = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"```yaml\n( *# {re.escape(name)}\n.*?)\n *```", readme, re.S)
    assert block, f"README: the {name} example is missing"
    return textwrap.dedent(block.group(1)) + "\n"


def copy_project(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest, ignore=IGNORE)
    return dest


def finished_copy(project: Path, dest: Path) -> Path:
    """A copy of a project with its results (to damage without touching the session's run)."""
    keep_results = shutil.ignore_patterns(*(p for p in IGNORED if p != "results"))
    return Path(shutil.copytree(project, dest, ignore=keep_results, symlinks=True))


def digests(results: Path) -> dict[str, str]:
    """sha256 of every file under ``results`` but the logs (logs and benchmarks differ by nature)."""
    return {
        str(p.relative_to(results)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(results.rglob("*"))
        if p.is_file() and "logs" not in p.parts
    }


def resum_snapshot(project: Path, name: str) -> None:
    """Make SHA256SUMS agree with an edited snapshot, as scripts/build_snapshots.py would, so that the
    content checks (not the checksum) are what a fault meets."""
    snap = project / "resources" / "snapshots" / name
    sums = project / "resources" / "snapshots" / "SHA256SUMS"
    digest = hashlib.sha256(snap.read_bytes()).hexdigest()
    text = re.sub(
        rf"^\w+(  {re.escape(name)})$", digest + r"\1", sums.read_text(encoding="utf-8"), flags=re.M
    )
    sums.write_text(text, encoding="utf-8")


AUDIT_HOOK = Path(__file__).parent / "audit_hook"


def run_snakemake(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env=None if env is None else {**os.environ, **env},
    )


def open_log_env(log_dir: Path) -> dict[str, str]:
    """Environment under which every rule job records the files it opens (tests/audit_hook)."""
    path = os.pathsep.join(p for p in (str(AUDIT_HOOK), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "KZRD_OPEN_LOG": str(log_dir)}


@pytest.fixture(scope="session")
def workflow(tmp_path_factory, root) -> Path:
    """The whole workflow, run once per test session in a temporary copy of the project.

    Tests that damage inputs or outputs work on their own copy of this project, not on it. Every
    job records the files it opens in ``<project>/../opens`` (the contract test reads them). Under
    pytest-xdist (`make test` runs two workers) the first worker to need it runs it and the others
    wait for it and take the same copy: a file lock in the directory all workers share.
    """
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # every worker's base directory lies in it
    base = shared / "e2e"
    with FileLock(str(shared / "e2e.lock")):
        failed = base / "failed.txt"
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"))
        if not (base / "done").exists():
            base.mkdir(exist_ok=True)
            project = copy_project(root, base / "project")
            proc = run_snakemake(project, env=open_log_env(base / "opens"))
            if proc.returncode != 0:
                failed.write_text(proc.stderr[-3000:], encoding="utf-8")
                pytest.fail(proc.stderr[-3000:])
            (base / "done").touch()
    return base / "project"
