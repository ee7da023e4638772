"""Every command the README shows is run: here (as written, or its dry-run form) or by the test
named for it below. A command added to the README that neither runs fails this test."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, readme_yaml, run_snakemake

INLINE = re.compile(r"`((?:make|\.venv/bin/|snakemake(?![-\w]))[^`]*)`")
SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
# The README's generic forms, each shown next to the concrete command that stands for it.
GENERIC = {
    ".venv/bin/": ".venv/bin/snakemake --summary",
    ".venv/bin/snakemake …": ".venv/bin/snakemake --summary",
    ".venv/bin/python scripts/<rule>.py [wildcard=value ...]": (
        ".venv/bin/python scripts/download.py source=sdg_9_5_2"
    ),
    "make compare A=<results dir or git ref> B=<...>": "make compare A=results B=HEAD",
    "make compare": "make compare A=results B=HEAD",
}
# Commands other tests run as the README writes them (or through the same script).
ELSEWHERE = {
    ".venv/bin/snakemake --summary": "tests/workflow/test_crate.py::"
    "test_each_output_is_the_result_of_the_job_of_the_rule_snakemake_names",
    ".venv/bin/snakemake --unlock": "tests/workflow/test_kill9.py::"
    "test_kill_9_then_rerun_equals_a_clean_run",
    ".venv/bin/snakemake --config data_mode=online": "tests/workflow/test_online.py::"
    "test_upstream_diff_lists_exactly_the_changed_value",
    ".venv/bin/python scripts/download.py source=sdg_9_5_2": "tests/core/test_standalone.py::"
    "test_download_script_standalone",
    ".venv/bin/snakemake --profile profiles/slurm --configfile big-mc.yaml": "tests/core/"
    "test_config.py::test_readme_scale_out_example_works_as_written",
    "make docs": "tests/workflow/test_docs.py::test_committed_docs_are_current",
    # with the new source of "How to add a source"; every other snapshot comes out byte for byte
    ".venv/bin/python scripts/build_snapshots.py": "tests/workflow/test_howto.py::"
    "test_adding_a_source_as_the_readme_says",
    "make review-report": "tests/workflow/test_review_report.py::"
    "test_every_exhibit_file_of_the_registry_is_in_the_report",
    "make crate": "tests/workflow/test_crate.py::test_roc_validator_accepts_the_crate_offline",
    "make compare A=results B=HEAD": "tests/present/test_compare.py::"
    "test_command_line_with_a_directory_and_a_git_ref",
    "make compare A=results B=e4f514f": "tests/present/test_compare.py::"
    "test_a_run_of_an_older_layout_is_one_line",
    # the session's run is a plain `snakemake` in a copy of the project (tests/conftest.py)
    ".venv/bin/snakemake": "tests/workflow/test_e2e.py::test_report_files_exist",
    ".venv/bin/snakemake --report review-report.zip": "tests/workflow/test_review_report.py::"
    "test_every_exhibit_file_of_the_registry_is_in_the_report",
    ".venv/bin/snakemake --lint": "tests/workflow/test_lint.py::test_clean",
    ".venv/bin/snakemake --cores 2": "tests/workflow/test_module.py::"
    "test_a_module_writes_the_same_documents",
    # its dry-run form: the whole workflow planned with --forceall
    ".venv/bin/snakemake -F --cores 2": "tests/workflow/test_module.py::"
    "test_a_module_plans_the_whole_workflow_from_its_own_files",
}
# On a SLURM cluster only: CI starts one (.ci/run, ci/slurm/check.py runs the workflow there).
CLUSTER = {".venv/bin/snakemake --profile profiles/slurm"}
NOT_RUN = {
    ".venv/bin/snakemake --sdm conda": "needs conda, which the test machine lacks; "
    "tests/workflow/test_envs.py checks that envs/kzrd.yaml pins requirements.lock's versions",
}


def readme_commands(text: str) -> set[str]:
    """Every command the README shows: inline code starting with `make`, `.venv/bin/` or
    `snakemake` (the README's "drop the .venv/bin/" form), and the lines of its `sh` blocks
    (comments cut), generic forms replaced by their concrete command."""
    block_lines = [ln.split("#")[0] for b in SH_BLOCK.findall(text) for ln in b.splitlines()]
    found = {" ".join(c.split()) for c in [*INLINE.findall(text), *block_lines]} - {""}
    bare = {".venv/bin/" + c if c.startswith("snakemake") else c for c in found}
    return {GENERIC.get(c, c) for c in bare}


@pytest.fixture(scope="module")
def commands(root) -> set[str]:
    return readme_commands((root / "README.md").read_text(encoding="utf-8"))


def test_every_command_is_run_here_or_by_a_named_test(commands, root):
    handled = set(ELSEWHERE) | CLUSTER | set(NOT_RUN)
    unrun = sorted(c for c in commands if c not in handled and not c.startswith("make"))
    unrun = [c for c in unrun if c not in RUN_HERE]
    assert not unrun, f"README commands no test runs: {unrun}"
    for test in ELSEWHERE.values():
        path, name = test.split("::")
        assert f"def {name}(" in (root / path).read_text(encoding="utf-8"), test
    assert "ci/slurm/check.py" in (root / ".ci" / "run").read_text(encoding="utf-8")
    # the map names only commands the README shows
    assert set(ELSEWHERE) | CLUSTER | set(NOT_RUN) | set(RUN_HERE) <= commands | set(
        GENERIC.values()
    )


def test_every_make_command_resolves(commands, root):
    """Each `make …` of the README as a dry run of make (the recipe printed, nothing run): the
    target exists and its variables resolve."""
    makes = sorted(c for c in commands if c.startswith("make"))
    assert {"make", "make test", "make crate", "make docs"} <= set(makes)
    for command in makes:
        proc = subprocess.run(
            ["make", "-n", *command.split()[1:]], cwd=root, capture_output=True, text=True
        )
        assert proc.returncode == 0, f"{command}: {proc.stderr}"
        assert proc.stdout.strip(), command


def _mine_yaml(root: Path, tmp_path: Path) -> None:
    """`.venv/bin/snakemake --configfile mine.yaml` with the README's mine.yaml: a dry run plans
    the whole workflow (the claims keys it sets are accepted)."""
    project = copy_project(root, tmp_path / "project")
    (project / "mine.yaml").write_text(readme_yaml(root, "mine.yaml"), encoding="utf-8")
    proc = run_snakemake(project, "--dry-run", "--configfile", "mine.yaml")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.search(r"^verdicts\s+1$", proc.stdout, re.M), proc.stdout[-2000:]


def _validator_help(root: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("rocrate-validator")), "validate", "--help"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and "--profile-identifier" in proc.stdout, proc.stderr


def _version(root: Path, tmp_path: Path) -> None:
    proc = run_snakemake(root, "--version")
    assert proc.returncode == 0 and re.fullmatch(r"9\.\d+\.\d+", proc.stdout.strip()), proc.stderr


RUN_HERE = {
    ".venv/bin/snakemake --version": _version,
    ".venv/bin/snakemake --configfile mine.yaml": _mine_yaml,
    ".venv/bin/rocrate-validator validate --help": _validator_help,
}


@pytest.mark.parametrize("command", sorted(RUN_HERE))
def test_run_here(command, commands, root, tmp_path):
    assert command in commands
    RUN_HERE[command](root, tmp_path)
