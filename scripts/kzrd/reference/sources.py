"""Source declarations (resources/sources.yaml), snapshots, and the two download modes."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from kzrd import PROJECT_ROOT, RESOURCES
from kzrd.core import yamlfile
from kzrd.core.errors import InputError
from kzrd.core.io import sha256_file
from kzrd.data.parsers import OBS_COLUMNS
from kzrd.reference.regions import Registry, default_registry

SOURCES_FILE = RESOURCES / "sources.yaml"
SHA256SUMS = RESOURCES / "snapshots" / "SHA256SUMS"
REQUIRED = (
    "publisher",
    "title",
    "edition",
    "date",
    "url",
    "landing_page",
    "licence",
    "upstream_sha256",
    "snapshot",
    "parser",
    "indicators",
)
STATUSES = {"ok", "not_reported", "confidential", "no_occurrence", "no_data", "negligible"}


def _section(path: Path, section: str, required: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """One section of sources.yaml, each entry checked for its required keys."""
    doc = yamlfile.load(path)
    entries = doc.get(section) or {}
    for eid, spec in entries.items():
        missing = [k for k in required if k not in spec]
        if missing:
            raise InputError(f"{path}: {section} entry {eid!r} lacks key(s) {', '.join(missing)}")
    return entries


@cache
def load_sources(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    return _section(path, "sources", REQUIRED)


@cache
def load_apis(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    """Online-only API sources (no snapshot): World Bank and Taldau."""
    return _section(path, "apis", ("kind", "publisher", "title", "landing_page", "licence"))


@cache
def load_boundaries(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    """Boundary files for the map (online mode): pinned per file by sha256, no snapshot."""
    keys = ("title", "publisher", "edition", "licence", "attribution", "landing_page", "url",
            "shared_dir", "shapefile", "kato_field", "files")  # fmt: skip
    boundaries = _section(path, "boundaries", keys)
    for bid, spec in boundaries.items():
        if spec["shapefile"] not in spec["files"]:
            raise InputError(f"{path}: boundaries entry {bid!r}: shapefile is not among its files")
    return boundaries


@cache
def load_references(path: Path = SOURCES_FILE) -> dict[str, dict[str, Any]]:
    """External numbers typed into resources/external/ (one entry per number): citation and retrieval date."""
    return _section(
        path,
        "references",
        ("title", "publisher", "url", "retrieved", "value", "unit", "year", "file", "citation"),
    )


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


def read_snapshot(path: Path, registry: Registry | None = None) -> pd.DataFrame:
    """Read a snapshot CSV, checking its columns, statuses and region codes.

    Any problem raises :class:`InputError` naming the file and the row (CSV line) or column.
    """
    registry = registry or default_registry()
    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in OBS_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    known = set(registry.regions["kato"])
    for i, rec in enumerate(df.itertuples(index=False), start=2):
        if rec.kato not in known:
            raise InputError(
                f"{path}: line {i}: unknown region code {rec.kato!r} (label {rec.label!r})"
            )
        if rec.status not in STATUSES:
            raise InputError(f"{path}: line {i}: unknown status {rec.status!r}")
        if (rec.status == "ok") != (rec.value != ""):
            raise InputError(
                f"{path}: line {i}: value {rec.value!r} contradicts status {rec.status!r}"
            )
    out = df[OBS_COLUMNS].copy()
    try:
        out["value"] = pd.to_numeric(out["value"].replace("", None), errors="raise").astype(
            "float64"
        )
        out["year"] = out["year"].astype("int64")
        out["row"] = out["row"].astype("int64")
    except (ValueError, TypeError) as err:
        raise InputError(f"{path}: column value/year/row is not numeric: {err}") from None
    for col in ["kato", "label", "indicator", "unit", "status", "file", "sheet", "column"]:
        out[col] = out[col].astype("string")
    return out


def write_snapshot(df: pd.DataFrame, path: Path) -> None:
    out = df[OBS_COLUMNS].copy()
    out["value"] = out["value"].map(lambda v: "" if pd.isna(v) else repr(float(v)))
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def check_snapshot(path: str | Path, sums_file: str | Path) -> Path:
    """``path`` after checking it against its line in ``sums_file`` (InputError naming the file if not)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: snapshot is missing")
    expected = snapshot_checksums(sums_file).get(path.name)
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
        return check_snapshot(path, SHA256SUMS)
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
