"""The 2025 paper's published numbers, typed in under resources/paper/ (its own values, cited)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kzrd import RESOURCES
from kzrd.core import contract
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
    return contract.load_yaml(directory / "tables.yaml", "paper_tables")


def load_abstract_quotes(path: Path = PAPER_DIR / "abstract_quotes.yaml") -> dict[str, dict]:
    """Claim id -> {language: {quote, where}}: the paper's own Kazakh and Russian words for the
    claims its abstracts state (resources/paper/abstract_quotes.yaml)."""
    return contract.load_yaml(Path(path), "abstract_quotes")["claims"]


def _check_regions(df: pd.DataFrame, path: Path, registry: Registry) -> None:
    """Each printed region name must resolve to the KATO code given beside it."""
    for line, rec in zip(df.attrs["lines"], df.itertuples(index=False), strict=True):
        # The text names 'Almaty' where the city is meant; such readings are written out beside the print.
        label = getattr(rec, "region_interpreted", "") or rec.region_printed
        kato = registry.resolve(label, f"{path}: line {line}, column 'region_printed'")
        if kato != rec.kato:
            raise InputError(
                f"{path}: line {line}, column 'kato': {label!r} is {kato} ({registry.name(kato)}), "
                f"not {rec.kato}"
            )


def load_table(path: Path, registry: Registry) -> pd.DataFrame:
    """One typed-in table, checked against its contract (schemas/inputs.yaml, ``paper_table``)."""
    df = contract.read_table(path, "paper_table")
    _check_regions(df, Path(path), registry)
    df["value"] = pd.to_numeric(df["value"].replace("", None)).astype("float64")
    df.attrs = {}
    return df


def load_named_2019(path: str | Path, registry: Registry | None = None) -> pd.DataFrame:
    """The regions the 2019 study names (resources/paper/study2019_regions.csv), checked against its
    contract and, given the registry, each printed name against its KATO code."""
    df = contract.read_table(path, "study2019_regions")
    if registry is not None:
        _check_regions(df, Path(path), registry)
    df.attrs = {}
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
    meta = contract.load_yaml(meta_path, "paper_tables")
    return {name: str(meta_path.parent / spec["file"]) for name, spec in meta["tables"].items()}
