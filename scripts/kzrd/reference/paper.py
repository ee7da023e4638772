"""The 2025 paper's published numbers, typed in under resources/paper/ (its own values, cited)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kzrd import RESOURCES
from kzrd.core import yamlfile
from kzrd.core.errors import InputError
from kzrd.reference.regions import Registry

PAPER_DIR = RESOURCES / "paper"
CELL_COLUMNS = [
    "table",
    "row",
    "region_printed",
    "kato",
    "column",
    "indicator",
    "column_printed",
    "printed",
    "value",
    "unit",
    "status",
    "reason",
]


def load_meta(directory: Path = PAPER_DIR) -> dict:
    return yamlfile.load(directory / "tables.yaml")


def load_table(path: Path, registry: Registry) -> pd.DataFrame:
    """One typed-in table; each printed region name must resolve to the KATO code given beside it."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for i, rec in enumerate(df.itertuples(index=False), start=2):
        # The text names 'Almaty' where the city is meant; such readings are written out beside the print.
        label = getattr(rec, "region_interpreted", "") or rec.region_printed
        kato = registry.resolve(label, f"{path} line {i}")
        if kato != rec.kato:
            raise InputError(f"{path}: line {i}: {label!r} is {kato}, not {rec.kato}")
        if (rec.status == "ok") != (rec.value != ""):
            raise InputError(
                f"{path}: line {i}: value {rec.value!r} contradicts status {rec.status!r}"
            )
    df["value"] = pd.to_numeric(df["value"].replace("", None)).astype("float64")
    return df


def load_paper(registry: Registry, directory: Path = PAPER_DIR) -> dict[str, pd.DataFrame]:
    meta = load_meta(directory)
    return {
        name: load_table(directory / spec["file"], registry)
        for name, spec in meta["tables"].items()
    }


def cells(paper: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """All table cells (Tables 1-3) in one long frame, in print order."""
    frames = []
    for name in ["table1", "table2", "table3"]:
        t = paper[name].copy()
        t.insert(0, "table", name)
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    out["row"] = out["row"].astype("int64")
    out["column"] = out["column"].astype("int64")
    return out[CELL_COLUMNS]


def paper_files(meta_path: str | Path) -> dict[str, str]:
    """Table name -> path of its CSV (as listed in tables.yaml, relative to the project root)."""
    meta_path = Path(meta_path)
    meta = yamlfile.load(meta_path)
    return {name: str(meta_path.parent / spec["file"]) for name, spec in meta["tables"].items()}
