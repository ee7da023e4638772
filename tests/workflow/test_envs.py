"""Pins agree: pyproject.toml, the locks (runtime, dev, slurm) and the conda environment of the rules."""

from __future__ import annotations

import re
import tomllib

import yaml


def _lock(root, name: str = "requirements.lock") -> dict[str, str]:
    pins = {}
    for line in (root / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_pyproject_pins_are_in_the_locks(root):
    """The runtime dependencies in requirements.lock; the test and lint tools apart from them, in
    requirements-dev.lock (a plain `make` installs the runtime set only)."""
    lock, dev = _lock(root), _lock(root, "requirements-dev.lock")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert len(project["dependencies"]) >= 18
    for deps, pins in (
        (project["dependencies"], lock),
        (project["optional-dependencies"]["dev"], dev),
    ):
        for dep in deps:
            name, version = re.split(r"==", dep)
            assert pins[name.lower()] == version, dep
    assert not set(dev) & set(lock)
    assert not {"pytest", "ruff", "snakefmt", "playwright"} & set(lock)


def test_slurm_extra_is_pinned_apart_from_the_default_environment(root):
    """The SLURM executor plugin is installed by `make slurm` only: every snakemake start imports the
    installed executor plugins, and this one imports pandas and runs `scontrol` (9 s per start on a
    machine with a SLURM client and no reachable controller)."""
    lock, extra = _lock(root), _lock(root, "requirements-slurm.lock")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dep in project["optional-dependencies"]["slurm"]:
        name, version = re.split(r"==", dep)
        assert extra[name.lower()] == version, dep
    assert set(extra) == {
        "snakemake-executor-plugin-slurm",
        "snakemake-executor-plugin-slurm-jobstep",
    }
    assert not set(extra) & set(lock)
    assert not [name for name in lock if name.startswith("snakemake-executor-plugin")]


def test_conda_env_pins_equal_the_lock(root):
    lock = _lock(root)
    env = yaml.safe_load((root / "envs" / "kzrd.yaml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_pins = {p.split("==")[0].lower().replace("_", "-"): p.split("==")[1] for p in pip}
    assert conda_pins == lock


def test_every_rule_uses_the_env_and_a_log(root):
    for smk in (root / "rules").glob("*.smk"):
        text = smk.read_text(encoding="utf-8")
        n_rules = len(re.findall(r"^\s*rule \w+:", text, flags=re.M))  # also inside an `if`
        assert text.count("conda:") == n_rules, smk.name
        assert text.count("log:") == n_rules, smk.name
