"""The commit stamp names a checkout whose workflow files differ from its commit (kzrd.core.provenance)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from kzrd.core.provenance import commit_stamp

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(repo, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.smk").write_text("rule a:\n")
    (tmp_path / "notes.txt").write_text("not a workflow file\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def test_a_clean_checkout_is_its_commit(repo):
    head = subprocess.run(
        ["git", "log", "-1", "--format=%h %cs"], cwd=repo, capture_output=True, text=True
    ).stdout.split()
    assert commit_stamp(repo) == dict(hash=head[0], date=head[1])


def test_an_edited_workflow_file_is_named_in_the_stamp(repo):
    clean = commit_stamp(repo)["hash"]
    (repo / "rules" / "a.smk").write_text("rule a:\n    input: 'x'\n")
    assert commit_stamp(repo)["hash"] == f"{clean} + uncommitted changes"


def test_changes_outside_the_workflow_files_and_untracked_files_are_not(repo):
    clean = commit_stamp(repo)["hash"]
    (repo / "notes.txt").write_text("edited\n")  # tracked, but not a workflow path
    (repo / "rules" / "new.smk").write_text("rule b:\n")  # untracked
    assert commit_stamp(repo)["hash"] == clean


def test_outside_git(tmp_path):
    assert commit_stamp(tmp_path) == dict(hash="not a git checkout", date="date unknown")
