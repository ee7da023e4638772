"""Source declarations (resources/sources.yaml), snapshots, and the two download modes."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from kzrd import PROJECT_ROOT, RESOURCES
from kzrd.core import contract
from kzrd.core.errors import InputError
from kzrd.core.io import sha256_file
from kzrd.data.parsers import OBS_COLUMNS
from kzrd.reference.regions import Registry, default_registry

SOURCES_FILE = RESOURCES / "sources.yaml"
SHA256SUMS = RESOURCES / "snapshots" / "SHA256SUMS"


def _section(path: Path, section: str) -> dict[str, dict[str, Any]]:
    """One section of sources.yaml, the whole file checked against its contract (schemas/inputs.yaml:
    the keys each entry needs, per section)."""
    return contract.load_yaml(path, "sources").get(section) or {}


@cache
def load_sources(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    return _section(path, "sources")


@cache
def load_apis(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    """Online-only API sources (no snapshot): World Bank and Taldau."""
    return _section(path, "apis")


@cache
def load_boundaries(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    """Boundary files for the map (online mode): pinned per file by sha256, no snapshot."""
    boundaries = _section(path, "boundaries")
    for bid, spec in boundaries.items():
        if spec["shapefile"] not in spec["files"]:
            raise InputError(f"{path}: boundaries entry {bid!r}: shapefile is not among its files")
    return boundaries


@cache
def load_references(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    """External numbers typed into resources/external/ (one entry per number): citation and retrieval date."""
    return _section(path, "references")


def snapshot_checksums(path: Path = SHA256SUMS) -> dict[str, str]:
    """``sha256sum``-format file: '<hex>  <file name>' per line."""
    sums = {}
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise InputError(f"{path}: line {lineno} is not '<sha256>  <file>'")
        sums[parts[1].lstrip("*")] = parts[0]
    return sums


def declared_years(spec: dict[str, Any]) -> tuple[int, int]:
    """The years a source covers, as sources.yaml declares them: its parser's year, its parser's
    first_year-last_year, or its ``coverage``."""
    parser = spec.get("parser", {})
    if "year" in parser:
        return int(parser["year"]), int(parser["year"])
    if "first_year" in parser:
        return int(parser["first_year"]), int(parser["last_year"])
    return int(spec["coverage"]["first"]), int(spec["coverage"]["last"])


def _label_kato(registry: Registry, label: str, upstream: str, where: str) -> str:
    """The region a snapshot label names. The scope of a file-specific label is the upstream file;
    a note the extraction added in parentheses at the end (e.g. '(text)') is not part of the name."""
    try:
        return registry.resolve(label, f"{where} (upstream file {upstream})")
    except InputError:
        bare = re.sub(r"\s*\([^()]*\)$", "", label)
        if bare == label:
            raise
        return registry.resolve(bare, f"{where} (upstream file {upstream})")


def _check_complete(df: pd.DataFrame, path: Path, registry: Registry) -> None:
    """Every current region that existed in a year a snapshot gives for an indicator has a row for
    it: a value, or a status that says why there is none (a row deleted by mistake is refused)."""
    created = registry.created
    current = list(registry.current["kato"])
    for (ind, year), group in df.groupby(["indicator", "year"], sort=True):
        present = set(group["kato"])
        for kato in current:
            if kato not in present and created.get(kato, 0) <= int(year):
                raise InputError(
                    f"{path}: no row for {kato} ({registry.name(kato)}), {ind}, {year}: every region "
                    "that existed in a year the file gives needs a row (a value, or a status such as "
                    "no_data saying why there is none)"
                )


def read_snapshot(
    path: Path,
    registry: Registry | None = None,
    spec: dict[str, Any] | None = None,
    source_id: str = "",
) -> pd.DataFrame:
    """Read a snapshot CSV, checked against its contract (schemas/inputs.yaml, entry ``snapshot``).

    Beyond the contract: every region code is in the registry and every label is a name of that
    region; and, given the source's declaration ``spec``, every indicator is declared, every year
    inside the declared coverage and every (region, indicator, year) given once. Any problem raises
    :class:`InputError` naming the file and the line (and column).
    """
    registry = registry or default_registry()
    path = Path(path)
    df = contract.read_table(path, "snapshot")
    lines = df.attrs["lines"]
    known = set(registry.regions["kato"])
    declared = (spec or {}).get("indicators")
    first, last = declared_years(spec) if spec else (None, None)
    seen: dict[tuple[str, str, str], int] = {}
    for line, rec in zip(lines, df.itertuples(index=False), strict=True):
        if rec.kato not in known:
            raise InputError(
                f"{path}: line {line}, column 'kato': unknown region code {rec.kato!r} "
                f"(label {rec.label!r}); the region registry is resources/regions.csv"
            )
        if rec.label:
            meant = _label_kato(
                registry, rec.label, rec.file, f"{path}: line {line}, column 'label'"
            )
            if meant != rec.kato:
                raise InputError(
                    f"{path}: line {line}, column 'label': {rec.label!r} names {meant} "
                    f"({registry.name(meant)}), not {rec.kato} ({registry.name(rec.kato)})"
                )
        if declared is not None and rec.indicator not in declared:
            raise InputError(
                f"{path}: line {line}, column 'indicator': {rec.indicator!r} is not declared for "
                f"source {source_id or path.stem} in resources/sources.yaml "
                f"(declared: {', '.join(declared)})"
            )
        if first is not None and not first <= int(rec.year) <= last:
            raise InputError(
                f"{path}: line {line}, column 'year': {rec.year} is outside the years the source "
                f"declares in resources/sources.yaml ({first}-{last})"
            )
        key = (rec.kato, rec.indicator, rec.year)
        if key in seen:
            raise InputError(
                f"{path}: line {line}: {rec.kato} {rec.indicator} {rec.year} is given twice "
                f"(first on line {seen[key]}); keep one"
            )
        seen[key] = line
    _check_complete(df, path, registry)
    out = df[OBS_COLUMNS].copy()
    out["value"] = pd.to_numeric(out["value"].replace("", None)).astype("float64")
    out["year"] = out["year"].astype("int64")
    out["row"] = out["row"].astype("int64")
    for col in ["kato", "label", "indicator", "unit", "status", "file", "sheet", "column"]:
        out[col] = out[col].astype("string")
    out.attrs = {}
    return out


def write_snapshot(df: pd.DataFrame, path: Path) -> None:
    out = df[OBS_COLUMNS].copy()
    out["value"] = out["value"].map(lambda v: "" if pd.isna(v) else repr(float(v)))
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def check_snapshot(
    path: str | Path, expected: str | None, sums_file: str | Path = SHA256SUMS
) -> Path:
    """``path`` after checking it against ``expected``, its checksum in ``sums_file`` (None: it has
    no line there); InputError naming the file if not."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: snapshot is missing")
    if expected is None:
        raise InputError(f"{sums_file}: no checksum for {path.name}")
    actual = sha256_file(path)
    if actual != expected:
        raise InputError(
            f"{path}: checksum mismatch (sha256 {actual[:16]}…, expected {expected[:16]}…); "
            "the snapshot was edited or damaged: restore it or rebuild with scripts/build_snapshots.py"
        )
    return path


def verify_snapshot(source_id: str, root: Path = PROJECT_ROOT) -> Path:
    """The shipped snapshot of ``source_id`` (resources/sources.yaml), checked against SHA256SUMS."""
    spec = load_sources()[source_id]
    path = root / spec["snapshot"]
    if not path.exists():
        raise InputError(f"{spec['snapshot']}: snapshot of source {source_id!r} is missing")
    try:
        return check_snapshot(path, snapshot_checksums(SHA256SUMS).get(path.name), SHA256SUMS)
    except InputError as err:
        raise InputError(str(err).replace(str(path), spec["snapshot"])) from None


def with_source(df: pd.DataFrame, source_id: str) -> pd.DataFrame:
    out = df.copy()
    out["source"] = pd.array([source_id] * len(out), dtype="string")
    return out


def diff_observations(snapshot: pd.DataFrame, upstream: pd.DataFrame) -> pd.DataFrame:
    """Every (kato, indicator, year) whose value or status differs, or that is only on one side."""
    key = ["kato", "indicator", "year"]
    a = snapshot[[*key, "value", "status"]].rename(
        columns={"value": "snapshot_value", "status": "snapshot_status"}
    )
    b = upstream[[*key, "value", "status"]].rename(
        columns={"value": "upstream_value", "status": "upstream_status"}
    )
    m = a.merge(b, on=key, how="outer", indicator=True)
    same_value = (m["snapshot_value"] == m["upstream_value"]) | (
        m["snapshot_value"].isna() & m["upstream_value"].isna()
    )
    same = (m["_merge"] == "both") & same_value & (m["snapshot_status"] == m["upstream_status"])
    out = m.loc[
        ~same, [*key, "snapshot_value", "upstream_value", "snapshot_status", "upstream_status"]
    ]
    return out.sort_values(key).reset_index(drop=True)


def load_reference_numbers(path: str | Path) -> pd.DataFrame:
    """External national numbers typed in (resources/external/national_references.csv), checked
    against their contract; ``value`` as float, ``year`` as integer."""
    refs = contract.read_table(path, "national_references")
    refs.attrs = {}
    refs["value"] = refs["value"].astype("float64")
    refs["year"] = refs["year"].astype("int64")
    return refs
