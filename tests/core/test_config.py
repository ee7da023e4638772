"""Configuration: the schema documents every key, and bad values stop the run naming the key."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from kzrd.core.config import CONFIG_SCHEMA, config_errors


def _walk(schema, path=""):
    for key, sub in schema.get("properties", {}).items():
        yield f"{path}{key}", sub
        yield from _walk(sub, f"{path}{key}.")


def test_every_key_has_description_and_default():
    schema = yaml.safe_load(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    keys = list(_walk(schema))
    assert len(keys) >= 15
    for key, sub in keys:
        assert sub.get("description"), key
        assert "default" in sub, key


def test_shipped_config_is_valid(root):
    assert config_errors(yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"colour": "red"}, "config key 'colour': unknown key"),
        ({"year": "abc"}, "config key 'year': 'abc' is not of type 'integer'"),
        ({"data_mode": "offline"}, "config key 'data_mode': 'offline' is not one of"),
        ({"online": {"timeout_s": -1}}, "config key 'online.timeout_s'"),
        ({"online": {"urls": {"x": "ftp://a"}}}, "config key 'online.urls.x'"),
        ({"regions": ["71"]}, "config key 'regions'"),
    ],
)
def test_bad_values_name_the_key(root, override, expected):
    cfg = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    cfg.update(override)
    problems = config_errors(cfg)
    assert problems and problems[0].startswith(expected), problems


def _dry_run(root, tmp_path, extra: dict) -> subprocess.CompletedProcess:
    cfg = tmp_path / "override.yaml"
    cfg.write_text(yaml.safe_dump(extra), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--quiet", "--configfile", str(cfg)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


STOPS = [
    ({"colour": "red"}, "config key 'colour': unknown key"),
    ({"year": "abc"}, "config key 'year': 'abc' is not of type 'integer'"),
    (
        {"year": 2021},
        "config key 'year': 2021 cannot be served by the shipped data; usable years: 2022",
    ),
    (
        {"regions": ["999999999", "710000000"]},
        "config key 'regions': unknown region '999999999'",
    ),
    (
        {"trend_regions": ["510000000"]},
        "config key 'trend_regions': unknown region '510000000'",
    ),
    (
        {"trend_years": {"first": 2019, "last": 2023}},
        "config key 'trend_years.first': 2019 leaves fewer than four base years before 2022",
    ),
    (
        {"claims": {"thresholds": {"finding2_growth": {"wobble": 2}}}},
        "config key 'claims.thresholds.finding2_growth.wobble': claim finding2_growth has no threshold 'wobble'",
    ),
    (
        {"claims": {"reference": {"finding2_growth": {"window": "decade"}}}},
        "config key 'claims.reference.finding2_growth.window': 'decade' is not an option",
    ),
    (
        {"online": {"accept_changed": ["sdg_9_9_9"]}},
        "config key 'online.accept_changed': unknown source id(s) sdg_9_9_9",
    ),
    (
        {"data_mode": "online", "online": {"baseline": "resources"}},
        "config key 'online.baseline': resources is not the results directory of a finished run "
        "(it lacks report/numbers.json, audit/verdicts.parquet)",
    ),
    (
        {"report": {"languages": ["en", "de"]}},
        "config key 'report.languages.1': 'de' is not one of ['en', 'ru', 'kk']",
    ),
    (
        {"report": {"languages": ["ru", "kk"]}},
        "config key 'report.languages': must include en",
    ),
    # configured paths, checked before any job starts
    (
        {"study2019": {"framework": "resources/no_such_framework.yaml"}},
        "config key 'study2019.framework': resources/no_such_framework.yaml: file not found",
    ),
    (
        {"study2019": {"framework": "resources/sources.yaml"}},
        "config key 'study2019.framework': resources/sources.yaml: key '(top level)': "
        "Additional properties are not allowed",
    ),
    (
        {"study2019": {"boundaries": "resources/regions.csv"}},
        "config key 'study2019.boundaries': resources/regions.csv is not a shapefile (.shp)",
    ),
    (
        {"study2019": {"boundaries": "resources/no_such_map.shp"}},
        "config key 'study2019.boundaries': resources/no_such_map.shp does not exist",
    ),
]


def stop_message(root, override: dict) -> str:
    """What the workflow's checks say of config.yaml with ``override`` merged over it (as
    ``--configfile`` merges it), in the Snakefile's order: the config's own errors, the schema's
    defaults, then the checks against the project's files (kzrd.checks.check_run); '' if none."""
    import copy

    from snakemake.utils import update_config, validate

    from kzrd.checks import BASELINE_FILES, RES, check_run
    from kzrd.core.errors import InputError

    cfg = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    update_config(cfg, copy.deepcopy(override))
    problems = config_errors(cfg)
    if problems:
        return problems[0]
    validate(cfg, str(CONFIG_SCHEMA))
    try:
        check_run(cfg, RES, BASELINE_FILES, root)
    except InputError as err:
        return str(err)
    return ""


@pytest.mark.parametrize("case", range(len(STOPS)), ids=[m[:60] for _, m in STOPS])
def test_the_checks_stop_naming_the_key(root, monkeypatch, case):
    monkeypatch.chdir(root)  # the workflow's working directory
    override, message = STOPS[case]
    assert message in stop_message(root, override)


def test_the_shipped_config_passes_every_check(root, monkeypatch):
    monkeypatch.chdir(root)
    assert stop_message(root, {}) == ""


@pytest.mark.parametrize("case", [0, 2], ids=["schema", "project-files"])
def test_the_workflow_runs_both_kinds_of_check(root, tmp_path, case):
    """Two of STOPS as real dry runs: the Snakefile calls the config's own check and check_run."""
    proc = _dry_run(root, tmp_path, STOPS[case][0])
    assert proc.returncode != 0
    assert STOPS[case][1] in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_framework_of_another_year_than_the_cross_section_stops_naming_its_key(tmp_path, root):
    """The index is built from the cross-section of config key year: a framework whose
    reference_year (and indicators) say another year is refused, not silently ignored."""
    text = (root / "resources" / "index_framework.yaml").read_text(encoding="utf-8")
    framework = tmp_path / "framework_2021.yaml"
    framework.write_text(text.replace("year: 2022", "year: 2021"), encoding="utf-8")
    assert stop_message(root, {"study2019": {"framework": str(framework)}}) == (
        f"{framework}: key 'reference_year': 2021, but the cross-section is of config key 'year' "
        "2022; set them alike"
    )


def test_an_empty_config_runs_on_the_schemas_defaults(tmp_path, root):
    """docs/config.md: every key has a default. An empty config.yaml (or one of comments only)
    resolves to the same configuration as the shipped one, and the workflow starts on it."""
    import copy
    import shutil

    from snakemake.utils import validate

    shipped = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    resolved, empty = copy.deepcopy(shipped), {}
    validate(resolved, str(CONFIG_SCHEMA))
    validate(empty, str(CONFIG_SCHEMA))
    assert empty == resolved
    project = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".venv", "results", ".snakemake", ".git", "tests", "__pycache__"
    )
    shutil.copytree(root, project, ignore=ignore)
    (project / "config.yaml").write_text("# nothing set: the schema's defaults\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--quiet", "all"],
        cwd=project, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_config_file_with_a_repeated_key_or_bad_yaml_stops_naming_file_and_line(tmp_path, root):
    """Parsed strictly before Snakemake reads it: YAML readers would keep the last 'year' silently.
    A malformed config.yaml is named with its line and column. (A malformed --configfile is read by
    Snakemake itself before the workflow loads: its own message, "Config file is not valid JSON or
    YAML", without a traceback.)"""
    from conftest import copy_project

    project = copy_project(root, tmp_path / "project")
    repeated = tmp_path / "repeated.yaml"
    repeated.write_text("year: 2022\nregions: all\nyear: 2021\n", encoding="utf-8")
    config = project / "config.yaml"
    broken = config.read_text(encoding="utf-8").replace("regions: all", "regions: [all", 1)
    for args, message in (
        (
            ["--configfile", str(repeated)],
            f"{repeated}: line 3, column 1: key 'year' is given twice (first on line 1)",
        ),
        ([], "config.yaml: line 7, column 1: while parsing a flow sequence"),
    ):
        if not args:
            config.write_text(broken, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "snakemake", "-n", "--quiet", *args],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
        )
        out = proc.stdout + proc.stderr
        assert proc.returncode != 0
        assert message in out, out[-2000:]
        assert "Traceback" not in out


def test_docs_document_every_config_key_and_readme_starts_with_the_two_commands(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    docs = (root / "docs" / "config.md").read_text(encoding="utf-8")
    assert "docs/config.md" in readme
    schema = yaml.safe_load(CONFIG_SCHEMA.read_text(encoding="utf-8"))
    for key, sub in _walk(schema):
        if "properties" not in sub:  # leaf keys
            assert f"`{key}`" in docs, key
    head = readme.split("```")[1]
    assert "make " in head and "make test" in head


def test_readme_scale_out_example_works_as_written(tmp_path, root):
    """The README's Monte Carlo scale-out: a config file with the two study2019 keys, merged over
    config.yaml, schedules one mc_chunk job per chunk (a dry run)."""
    import re

    from conftest import copy_project, readme_yaml, run_snakemake

    project = copy_project(root, tmp_path / "project")
    (project / "big-mc.yaml").write_text(readme_yaml(root, "big-mc.yaml"), encoding="utf-8")
    proc = run_snakemake(project, "--dry-run", "--configfile", "big-mc.yaml")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.search(r"^mc_chunk\s+100$", proc.stdout, re.M), proc.stdout[-2000:]
