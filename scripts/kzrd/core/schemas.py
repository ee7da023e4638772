"""Declared schemas of the Parquet outputs (``schemas/outputs.yaml``) and their enforcement."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from kzrd import PROJECT_ROOT
from kzrd.core import yamlfile
from kzrd.core.errors import InputError

SCHEMA_FILE = PROJECT_ROOT / "schemas" / "outputs.yaml"
READS = ["schemas/outputs.yaml"]  # project files this module opens (kzrd.core.deps)
_DTYPES = {"string": "string", "float64": "float64", "int64": "int64", "boolean": "boolean"}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    unit: str
    description: str


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    paths: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


@cache
def load_schemas(path: Path = SCHEMA_FILE) -> dict[str, Schema]:
    raw = yamlfile.load(path)
    out = {}
    for name, spec in raw.items():
        cols = tuple(Column(**c) for c in spec["columns"])
        for c in cols:
            if c.dtype not in _DTYPES:
                raise InputError(f"{path}: schema {name}, column {c.name}: unknown dtype {c.dtype}")
        out[name] = Schema(name, spec["description"].strip(), tuple(spec["paths"]), cols)
    return out


def schema(name: str) -> Schema:
    return load_schemas()[name]


def schema_for(path: str) -> str | None:
    """Name of the declared schema of an output path; the most specific matching pattern wins."""
    best: tuple[int, str] | None = None
    for name, sch in load_schemas().items():
        for pattern in sch.paths:
            glob = re.sub(r"\{\w+\}", "*", pattern)  # a wildcard: {source}, {lang}
            if fnmatch.fnmatch(path, glob):
                literal = len(glob.replace("*", ""))
                if best is None or literal > best[0]:
                    best = (literal, name)
    return best[1] if best else None


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Select, order and cast the columns of ``df`` to the declared schema ``name``.

    Raises :class:`InputError` naming the schema and the missing columns.
    """
    sch = schema(name)
    missing = [c for c in sch.names if c not in df.columns]
    if missing:
        raise InputError(f"table for schema {name!r} lacks column(s) {', '.join(missing)}")
    out = df.loc[:, sch.names].copy()
    for col in sch.columns:
        out[col.name] = out[col.name].astype(_DTYPES[col.dtype])
    return out.reset_index(drop=True)


def check(df: pd.DataFrame, name: str, where: str = "") -> list[str]:
    """Problems of ``df`` against schema ``name`` (empty list if it conforms exactly)."""
    sch = schema(name)
    problems = []
    if list(df.columns) != sch.names:
        problems.append(f"{where}: columns {list(df.columns)} != declared {sch.names}")
        return problems
    for col in sch.columns:
        if str(df[col.name].dtype) != _DTYPES[col.dtype]:
            problems.append(
                f"{where}: column {col.name} has dtype {df[col.name].dtype}, declared {col.dtype}"
            )
    return problems


def data_dictionary_markdown() -> str:
    """The readable data dictionary of every declared output."""
    lines = ["# Data dictionary of kz-rd-repro outputs", ""]
    lines.append(
        "Generated from `schemas/outputs.yaml`. Every Parquet file under `results/` follows one of these schemas."
    )
    for sch in load_schemas().values():
        lines += [
            "",
            f"## {sch.name}",
            "",
            sch.description,
            "",
            "Files: " + ", ".join(f"`{p}`" for p in sch.paths),
            "",
        ]
        lines += ["| column | dtype | unit | description |", "|---|---|---|---|"]
        lines += [f"| {c.name} | {c.dtype} | {c.unit} | {c.description} |" for c in sch.columns]
    return "\n".join(lines) + "\n"
