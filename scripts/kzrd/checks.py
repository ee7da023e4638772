"""The checks of a run's configuration against the project's files, before any job starts: each
stops the run with one line (an :class:`InputError`) naming the config key, or the file, of the first
problem. The Snakefile calls :func:`check_run` once the config schema has filled in the defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kzrd.core.config import shapefile_problem
from kzrd.core.errors import InputError
from kzrd.data.features import usable_years
from kzrd.paper2025.claims import load_claims, with_config
from kzrd.reference.regions import load_registry as load_regions
from kzrd.reference.sources import declared_years, load_boundaries, load_sources
from kzrd.study2019.index import load_framework
from kzrd.study2019.own_time import check_data_year, load_own_time, snapshot_tables

# Project files that several rules read, relative to the project root: each path is written here once.
RES = dict(
    regions="resources/regions.csv",
    aliases="resources/region_aliases.csv",
    sources="resources/sources.yaml",
    sums="resources/snapshots/SHA256SUMS",
    paper_meta="resources/paper/tables.yaml",
    abstract_quotes="resources/paper/abstract_quotes.yaml",
    references="resources/external/national_references.csv",
    exhibits="resources/exhibits.yaml",
    claims="resources/claims.yaml",
    boundaries="resources/geo/regions_adm1.geojson",
    paper_2019_regions="resources/paper/study2019_regions.csv",
    own_time="resources/own_time.yaml",
    schemas="schemas/outputs.yaml",
    lock="requirements.lock",
)
# What online mode compares with: these files of a snapshot run (config key online.baseline)
BASELINE_FILES = dict(numbers="report/numbers.json", verdicts="audit/verdicts.parquet")


def check_run(
    cfg: dict[str, Any], res: dict[str, str], baseline_files: dict[str, str], root: Path
) -> None:
    """Every check, in the order a reader of the config would want them: files, year, the 2019
    study's own time, region and other keys, claims."""
    specs = load_sources(res["sources"])
    check_paths(cfg, specs, root)
    check_year(cfg, specs, root)
    check_own_time(cfg, specs, res, root)
    check_keys(cfg, specs, res, baseline_files)
    with_config(load_claims(res["claims"]), cfg["claims"])


def check_paths(cfg: dict[str, Any], specs: dict[str, dict], root: Path) -> None:
    """Every snapshot is there; the index framework loads and validates; the boundary file is a
    shapefile."""
    for sid, spec in specs.items():
        if not (root / spec["snapshot"]).is_file():
            raise InputError(
                f"{spec['snapshot']}: the snapshot of source {sid} is missing; restore it "
                f"(git checkout -- {spec['snapshot']}) or rebuild it (scripts/build_snapshots.py)"
            )
    s = cfg["study2019"]
    try:
        load_framework(Path(s["framework"]))
    except InputError as err:
        raise InputError(f"config key 'study2019.framework': {err}") from None
    problem = shapefile_problem(s["boundaries"]) if s["boundaries"] else None
    if problem:
        raise InputError(f"config key 'study2019.boundaries': {problem}")


def check_year(cfg: dict[str, Any], specs: dict[str, dict], root: Path) -> None:
    """The shipped data serve the cross-section year, and the index framework is of that year."""
    years = usable_years(specs, root)
    if cfg["year"] not in years:
        raise InputError(
            f"config key 'year': {cfg['year']} cannot be served by the shipped data; usable years: "
            f"{', '.join(map(str, years))} (those in which both the population and the universities "
            "are published)"
        )
    framework = cfg["study2019"]["framework"]
    ref = load_framework(Path(framework))["reference_year"]
    if ref != cfg["year"]:
        raise InputError(
            f"{framework}: key 'reference_year': {ref}, but the cross-section is of config key "
            f"'year' {cfg['year']}; set them alike"
        )


def check_own_time(cfg: dict[str, Any], specs: dict[str, dict], res: dict[str, str], root: Path):
    """resources/own_time.yaml validates, and config key study2019.data_year is before the
    cross-section year and served by the common set's shipped series on the units of that year."""
    framework = load_framework(Path(cfg["study2019"]["framework"]))
    own = load_own_time(Path(res["own_time"]), framework, specs)
    regions = load_regions(res["regions"], res["aliases"]).regions
    tables = snapshot_tables(specs, own, root)
    check_data_year(tables, own, regions, cfg["study2019"]["data_year"], cfg["year"])


def check_keys(
    cfg: dict[str, Any], specs: dict[str, dict], res: dict[str, str], baseline_files: dict[str, str]
) -> None:
    """Regions, trend years, boundary set, online source ids and the online baseline."""
    registry = load_regions(res["regions"], res["aliases"])
    known = set(registry.current["kato"])
    wanted = [("regions", k) for k in ([] if cfg["regions"] == "all" else cfg["regions"])]
    wanted += [("trend_regions", k) for k in cfg["trend_regions"]]
    for key, kato in wanted:
        if kato not in known:
            raise InputError(
                f"config key '{key}': unknown region {kato!r} (not a current region in "
                f"{res['regions']})"
            )
    if "en" not in cfg["report"]["languages"]:
        raise InputError(
            "config key 'report.languages': must include en (the language the documents are "
            "written in, and the one the data appendix is in); e.g. [en, ru]"
        )
    years = cfg["trend_years"]
    if years["first"] > years["last"]:
        raise InputError("config key 'trend_years': first is after last")
    covered = [declared_years(spec) for spec in specs.values()]
    lo, hi = min(c[0] for c in covered), max(c[1] for c in covered)
    for end in ("first", "last"):
        if not lo <= years[end] <= hi:
            raise InputError(
                f"config key 'trend_years.{end}': {years[end]} is outside every series (the "
                f"sources in {res['sources']} cover {lo}-{hi})"
            )
    before = max(registry.created.values()) - 1
    if before - years["first"] < 3:
        raise InputError(
            f"config key 'trend_years.first': {years['first']} leaves fewer than four base years "
            f"before {before + 1}, the year of the border change (the growth rule needs at least "
            "three year-to-year changes)"
        )
    if years["last"] <= before:
        raise InputError(
            f"config key 'trend_years.last': {years['last']} is not after {before}, the last year "
            "before the border change; the growth windows end after it"
        )
    boundaries = load_boundaries(res["sources"])
    fetch_id = cfg["study2019"]["fetch_boundaries"]
    if fetch_id is not None and fetch_id not in boundaries:
        raise InputError(
            f"config key 'study2019.fetch_boundaries': unknown boundary set {fetch_id!r} "
            f"({res['sources']} lists: {', '.join(sorted(boundaries))})"
        )
    unknown = sorted(set(cfg["online"]["urls"]) - set(specs) - set(boundaries))
    if unknown:
        raise InputError(f"config key 'online.urls': unknown source id(s) {', '.join(unknown)}")
    unknown = sorted(set(cfg["online"]["accept_changed"]) - set(specs))
    if unknown:
        raise InputError(
            f"config key 'online.accept_changed': unknown source id(s) {', '.join(unknown)} "
            f"(sources: {', '.join(sorted(specs))})"
        )
    base = cfg["online"]["baseline"]
    if cfg["data_mode"] == "online" and base:
        lacking = [f for f in baseline_files.values() if not (Path(base) / f).is_file()]
        if lacking:
            raise InputError(
                f"config key 'online.baseline': {base} is not the results directory of a finished "
                f"run (it lacks {', '.join(lacking)})"
            )
