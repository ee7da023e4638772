"""Run-to-run comparison of key results, in the manner of ``dvc metrics diff``.

The key results of a run are every number of the numbers registry (``results/report/numbers.json``:
each number the report's prose quotes, with its unit and the file it comes from) and every verdict
(``results/audit/verdicts.parquet``). :func:`compare_runs` lists those that differ between two runs,
one row each: what, where, the value in A, in B and the change.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from kzrd.core.errors import InputError

NUMBERS = Path("report") / "numbers.json"
VERDICTS = Path("audit") / "verdicts.parquet"
COLUMNS = ["kind", "id", "file", "unit", "a", "b", "change"]


NUMBER_KEYS = ["id", "value", "unit", "file"]
VERDICT_COLUMNS = ["claim_id", "kind", "verdict"]


def _not_comparable(path: Path, missing: list[str], has: list[str]) -> InputError:
    return InputError(
        f"{path}: no {', '.join(missing)} (it has {', '.join(has) or 'nothing'}): a run of an "
        "earlier version of the workflow, whose key results are kept otherwise; compare runs "
        "of versions that both write them"
    )


def load_numbers(path: str | Path) -> pd.DataFrame:
    """The numbers registry (JSON list of {id, value, text, unit, file, rule})."""
    path = Path(path)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not JSON ({err.msg}, line {err.lineno})") from None
    frame = pd.DataFrame(entries if isinstance(entries, list) else [])
    missing = [k for k in NUMBER_KEYS if k not in frame.columns]
    if missing:
        raise _not_comparable(path, missing, list(frame.columns))
    return frame


def load_verdicts(path: str | Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    path = Path(path)
    has = pq.read_schema(path).names
    missing = [c for c in VERDICT_COLUMNS if c not in has]
    if missing:
        raise _not_comparable(path, missing, has)
    return pd.read_parquet(path, columns=VERDICT_COLUMNS)


def key_results(results: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The numbers registry and the verdicts of the run whose outputs are in ``results``."""
    results = Path(results)
    missing = [str(results / p) for p in (NUMBERS, VERDICTS) if not (results / p).exists()]
    if missing:
        raise InputError(
            f"{missing[0]}: not found; is {results} the results/ directory of a finished run?"
        )
    return load_numbers(results / NUMBERS), load_verdicts(results / VERDICTS)


def _same(a: object, b: object, rel: float) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=rel, abs_tol=0.0)
    return a == b


def compare_numbers(a: pd.DataFrame, b: pd.DataFrame, rel: float = 0.0) -> pd.DataFrame:
    """Numbers that differ (relative tolerance ``rel``; 0 = any change), or are in one run only."""
    m = a.merge(b, on="id", how="outer", suffixes=("_a", "_b"), indicator="side")
    rows = []
    for r in m.itertuples(index=False):
        va = float(r.value_a) if r.side != "right_only" else math.nan
        vb = float(r.value_b) if r.side != "left_only" else math.nan
        only = {"left_only": "only in A", "right_only": "only in B"}.get(r.side)
        if only is None and _same(va, vb, rel):
            continue
        change = only or (f"{vb - va:+.6g}" if not (math.isnan(va) or math.isnan(vb)) else "")
        rows.append(
            dict(
                kind="number",
                id=r.id,
                file=r.file_a if isinstance(r.file_a, str) else r.file_b,
                unit=r.unit_a if isinstance(r.unit_a, str) else r.unit_b,
                a="" if math.isnan(va) else f"{va:.6g}",
                b="" if math.isnan(vb) else f"{vb:.6g}",
                change=change,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def compare_verdicts(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Verdicts that differ (by claim and kind of check), or are in one run only."""
    key = ["claim_id", "kind"]
    m = a.merge(b, on=key, how="outer", suffixes=("_a", "_b"), indicator="side")
    rows = []
    for r in m.itertuples(index=False):
        merge = r.side
        va = r.verdict_a if merge != "right_only" else ""
        vb = r.verdict_b if merge != "left_only" else ""
        if merge == "both" and va == vb:
            continue
        change = {"left_only": "only in A", "right_only": "only in B"}.get(merge, "changed")
        rows.append(
            dict(
                kind="verdict",
                id=f"{r.claim_id} ({r.kind})",
                file=str(Path("results") / VERDICTS),
                unit="",
                a=va,
                b=vb,
                change=change,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def compare_key_results(
    a: tuple[pd.DataFrame, pd.DataFrame], b: tuple[pd.DataFrame, pd.DataFrame], rel: float = 0.0
) -> pd.DataFrame:
    """Every key result that differs between two runs given as (numbers, verdicts): verdicts
    first, then numbers, each sorted by id."""
    out = pd.concat(
        [compare_verdicts(a[1], b[1]), compare_numbers(a[0], b[0], rel)], ignore_index=True
    )
    return out.astype(str).reset_index(drop=True)


def compare_runs(a: str | Path, b: str | Path, rel: float = 0.0) -> pd.DataFrame:
    """Every key result that differs between the runs whose results directories are ``a``, ``b``."""
    return compare_key_results(key_results(a), key_results(b), rel)


def render(diff: pd.DataFrame, label_a: str, label_b: str) -> str:
    """The differences as an aligned text table, as ``dvc metrics diff`` prints them."""
    if diff.empty:
        return f"No key result differs between {label_a} and {label_b}.\n"
    shown = diff.rename(columns={"a": label_a, "b": label_b})
    cols = ["id", "file", "unit", label_a, label_b, "change"]
    widths = {c: max(len(c), *(len(str(v)) for v in shown[c])) for c in cols}
    lines = ["  ".join(c.ljust(widths[c]) for c in cols)]
    lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in cols) for _, r in shown.iterrows()]
    return "\n".join(line.rstrip() for line in lines) + "\n"
