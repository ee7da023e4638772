"""kzrd.core.rule: a rule script's job resolved from the Snakefile (``mock``), and standalone runs.

Every job is checked against ``snakemake --dry-run`` of the same scratch copy of the project; the rules
and their example wildcards come from the loaded workflow, so no rule name is written here.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import copy_project

from kzrd.core import rule as rule_module
from kzrd.core.rule import MockError, example_wildcards, mock, needed_jobs, rule_names, run

# One job of `snakemake --dry-run`: "rule NAME:" (or "localrule NAME:") and its indented fields.
JOB = re.compile(r"^(?:local)?rule (?P<rule>\w+):\n(?P<body>(?:    .*\n)+)", re.MULTILINE)


def _files(text: str | None) -> list[str]:
    return text.split(", ") if text else []


def dry_run_jobs(text: str) -> list[dict]:
    """The jobs a dry run lists: rule, wildcards, input, output and log files, in its order."""
    jobs = []
    for m in JOB.finditer(text):
        fields = dict(
            line.strip().split(": ", 1) for line in m["body"].splitlines() if ": " in line
        )
        wildcards = dict(w.split("=", 1) for w in _files(fields.get("wildcards")))
        jobs.append(
            dict(
                rule=m["rule"],
                wildcards=wildcards,
                input=_files(fields.get("input")),
                output=_files(fields.get("output")),
                log=_files(fields.get("log")),
            )
        )
    return jobs


def _key(rule: str, wildcards: dict) -> tuple:
    return (rule, *sorted(wildcards.items()))


def _script(project: Path, rule: str) -> Path:
    return project / "scripts" / f"{rule}.py"


@pytest.fixture(scope="module")
def project(root, tmp_path_factory) -> Path:
    return copy_project(root, tmp_path_factory.mktemp("mock") / "project")


@pytest.fixture(scope="module")
def loaded(project) -> SimpleNamespace:
    """The workflow of the scratch copy, loaded once (mock keeps it), and what loading printed."""
    rule_module.clear_cache()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        names = rule_names(project)
        needed = needed_jobs(project)
    return SimpleNamespace(
        names=names,
        needed=needed,
        printed=printed.getvalue(),
        results_made=(project / "results").exists(),
    )


def _standalone_job(project: Path, needed: dict) -> tuple[str, dict]:
    """A cheap job to run standalone: its rule has scripts/<rule>.py and every input of the job is
    shipped (nothing from results/); a job with wildcards first, to exercise name=value."""
    candidates = []
    for rule, wcs in needed.items():
        if not _script(project, rule).exists():
            continue
        for wc in wcs:
            if all((project / f).exists() for f in mock(rule, project, **wc).input):
                candidates.append((not wc, rule, sorted(wc.items())))
    assert candidates, "no rule of the default target runs from shipped files alone"
    _, rule, wc = min(candidates)
    return rule, dict(wc)


@pytest.fixture(scope="module")
def runs(root, project, loaded, tmp_path_factory) -> SimpleNamespace:
    """`snakemake --dry-run --forceall` of every rule, and one rule script run standalone in its own
    copy of the project: both at once (each loads the workflow)."""
    targets = sorted(rule for rule, wcs in loaded.needed.items() if wcs == [{}])
    missing = []
    for rule in loaded.names:
        if rule in loaded.needed:
            continue
        examples = example_wildcards(rule, project)
        if examples == [{}]:
            targets.append(rule)
        elif examples:  # a rule the default target does not need (e.g. online only): its files
            targets += [mock(rule, project, **wc).output[0] for wc in examples]
        else:
            missing.append(rule)
    assert not missing, f"no example wildcards for rule(s) {missing}: not needed by the default target and no plain-alternation constraint"  # fmt: skip

    rule, wildcards = _standalone_job(project, loaded.needed)
    alone = copy_project(root, tmp_path_factory.mktemp("standalone") / "project")
    options = dict(stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    dry = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--dry-run", "--forceall", "--nolock", "--cores", "1", *targets],
        cwd=project, **options,
    )  # fmt: skip
    script = subprocess.Popen(
        [sys.executable, f"scripts/{rule}.py", *(f"{k}={v}" for k, v in wildcards.items())],
        cwd=alone, **options,
    )  # fmt: skip
    dry_out, _ = dry.communicate(timeout=600)
    script_out, _ = script.communicate(timeout=600)
    assert dry.returncode == 0, dry_out[-3000:]
    return SimpleNamespace(
        jobs=dry_run_jobs(dry_out),
        standalone=SimpleNamespace(
            rule=rule, wildcards=wildcards, project=alone, returncode=script.returncode, output=script_out
        ),
    )  # fmt: skip


def test_loading_is_quiet_and_leaves_results_alone(project, loaded, runs):
    assert loaded.printed == ""
    assert not loaded.results_made
    assert not (project / "results").exists()  # nor did any mock or the dry run


def test_every_rule_resolves_as_in_the_dry_run(project, loaded, runs):
    dry_rules = {job["rule"] for job in runs.jobs}
    assert set(loaded.names) <= dry_rules, "rules the dry run does not list"
    # The jobs the default target needs, as found from the Snakefile alone, are the dry run's too.
    listed = {_key(job["rule"], job["wildcards"]) for job in runs.jobs}
    assert {_key(r, wc) for r, wcs in loaded.needed.items() for wc in wcs} <= listed
    problems = []
    for job in runs.jobs:
        smk = mock(job["rule"], project, **job["wildcards"])
        got = dict(
            rule=smk.rule,
            wildcards=dict(smk.wildcards.items()),
            input=list(smk.input),
            output=list(smk.output),
            log=list(smk.log),
        )
        if got != job:
            diff = {k: (got[k], job[k]) for k in job if got[k] != job[k]}
            problems.append(f"{job['rule']} {job['wildcards']}: (mock, dry run) {diff}")
    assert not problems, "\n".join(problems)


def test_mock_answers_like_snakemakes_object(project, loaded):
    rule, wildcards = next(
        (r, wcs[0]) for r, wcs in sorted(loaded.needed.items()) if wcs[0] and _script(project, r).exists()
    )  # fmt: skip
    smk = mock(rule, project, **wildcards)
    assert type(smk).__module__.startswith("snakemake")  # Snakemake's own class
    assert smk.rule == rule
    assert dict(smk.wildcards.items()) == wildcards
    assert all(getattr(smk.wildcards, k) == v for k, v in wildcards.items())
    for items in (smk.input, smk.output, smk.log, smk.params):
        for name, value in items.items():
            assert items[name] == getattr(items, name) == value
    assert smk.output[0] == next(iter(smk.output))
    paths = [*smk.input, *smk.output, *smk.log]
    assert paths and not any(Path(p).is_absolute() for p in paths)  # relative to the project root
    assert isinstance(smk.config, dict) and smk.config
    assert isinstance(smk.threads, int) and smk.resources._cores == smk.threads
    assert Path(smk.scriptdir) == (project / "scripts").resolve()


def test_wrong_rule_or_wildcards_end_in_one_line(project, loaded):
    rule, wildcards = next((r, wcs) for r, wcs in sorted(loaded.needed.items()) if wcs[0])
    plain = next(r for r, wcs in loaded.needed.items() if wcs == [{}])
    with pytest.raises(MockError) as err:
        mock(rule, project)
    message = str(err.value)
    assert "\n" not in message and all(name in message for name in wildcards[0])
    example = " ".join(f"{k}={v}" for k, v in wildcards[0].items())
    assert example in message
    with pytest.raises(MockError, match="has no wildcard"):
        mock(plain, project, not_a_wildcard="x")
    with pytest.raises(MockError, match="no rule 'not_a_rule'"):
        mock("not_a_rule", project)
    bad = {name: "no such value/" for name in wildcards[0]}
    with pytest.raises(MockError, match="is not"):
        mock(rule, project, **bad)


def test_script_without_its_wildcards_exits_with_one_line(project, loaded, monkeypatch, capsys):
    rule, wildcards = next(
        (r, wcs[0]) for r, wcs in sorted(loaded.needed.items()) if wcs[0] and _script(project, r).exists()
    )  # fmt: skip
    monkeypatch.setattr(sys, "argv", [f"scripts/{rule}.py"])
    monkeypatch.chdir(project)
    with pytest.raises(SystemExit) as exit_:
        run(lambda smk: None, {"__file__": str(_script(project, rule))})
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and all(f"{name}=" in err for name in wildcards), err


def test_rule_script_runs_standalone(project, runs):
    alone = runs.standalone
    assert alone.returncode == 0, alone.output[-3000:]
    smk = mock(alone.rule, project, **alone.wildcards)  # the same job in the other copy
    for path in smk.output:
        assert (alone.project / path).stat().st_size > 0, path
    for path in smk.log:
        assert (alone.project / path).exists(), path


def test_config_overrides_from_the_command_line():
    parse = rule_module._config_overrides
    assert parse(["year=2021", "figures.dpi=72", "regions=[a, b]", "audit.seed=x"]) == {
        "year": 2021,
        "figures": {"dpi": 72},
        "regions": ["a", "b"],
        "audit": {"seed": "x"},
    }
    with pytest.raises(MockError, match="--configfile"):
        parse(["config.yaml"])
