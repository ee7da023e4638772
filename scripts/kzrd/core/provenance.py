"""The commit stamp of a run: which checkout of the workflow made the documents, and whether files
the run is built from differ from that commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

# What a report is built from: a change here outside git's last commit is named in its stamp.
WORKFLOW_PATHS = (
    "Snakefile",
    "config.yaml",
    "rules",
    "scripts",
    "resources",
    "schemas",
    "envs",
    "requirements.lock",
)


def git_state(basedir: str | Path, paths: tuple[str, ...] = WORKFLOW_PATHS) -> dict:
    """``{"commit", "short", "date", "changed"}`` of the checkout at ``basedir``: the full and the
    short hash and the date of the last commit ("" outside git) and the tracked files under ``paths`` that differ from it (an
    untracked file is not counted: a new file changes nothing until a rule or an import names it,
    which is a change to a tracked file)."""

    def git(*args: str) -> str:
        out = subprocess.run(
            ["git", *args], cwd=basedir, capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() if out.returncode == 0 else ""

    try:
        head = git("log", "-1", "--format=%H %h %cs")
        changed = git("diff", "HEAD", "--name-only", "--", *paths) if head else ""
    except (OSError, ValueError, subprocess.SubprocessError):
        head, changed = "", ""
    commit, short, date = head.split() if head else ("", "", "")
    return dict(commit=commit, short=short, date=date, changed=changed.splitlines())


def commit_stamp(basedir: str | Path, paths: tuple[str, ...] = WORKFLOW_PATHS) -> dict[str, str]:
    """``{"hash", "date"}`` of the checkout at ``basedir`` for the title block: the short hash,
    followed by "+ uncommitted changes" when a tracked file under ``paths`` differs from it;
    "not a git checkout" and "date unknown" outside git."""
    state = git_state(basedir, paths)
    short = state["short"]
    return dict(
        hash=(f"{short} + uncommitted changes" if state["changed"] else short)
        or "not a git checkout",
        date=state["date"] or "date unknown",
    )
