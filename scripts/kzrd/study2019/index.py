"""Regional innovation index: a reconstruction of Mussabalina & Kireyeva (2019) by the OECD/JRC
Handbook on Constructing Composite Indicators (2008). Each step is a pure function whose result is a
table a reviewer can open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pandas as pd

from kzrd import PROJECT_ROOT
from kzrd.core import yamlfile
from kzrd.core.errors import InputError
from kzrd.reference.regions import NATIONAL

FRAMEWORK_SCHEMA = PROJECT_ROOT / "schemas" / "index_framework.schema.yaml"
READS = ["schemas/index_framework.schema.yaml"]  # project files this module opens (kzrd.core.deps)

# Output table of each step -> its schema in schemas/outputs.yaml (rule index_2019).
INDEX_OUTPUTS = {
    "raw": "index_values", "treated": "index_values", "normalised": "index_values", "missing": "index_missing",
    "outliers": "index_outliers", "weights": "index_weights", "scores": "index_scores", "blocks": "index_blocks",
    "correlations": "index_correlations",
}  # fmt: skip


def load_validated(path: Path, schema_path: Path) -> Any:
    """A YAML file checked against its JSON Schema; the first problem (in key order) is one line
    naming the file and the key."""
    doc = yamlfile.load(path)
    validator = jsonschema.Draft202012Validator(yamlfile.load(schema_path))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path)))
    if errors:
        key = ".".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise InputError(f"{path}: key '{key}': {errors[0].message}")
    return doc


def load_framework(path: Path) -> dict[str, Any]:
    """The framework file, validated; a problem is one line naming the file and the key."""
    fw = load_validated(path, FRAMEWORK_SCHEMA)
    seen: set[str] = set()
    for n, ind in enumerate(fw["indicators"]):
        if ind["id"] in seen:
            raise InputError(
                f"{path}: key 'indicators.{n}.id': {ind['id']!r} is given to two indicators"
            )
        seen.add(ind["id"])
        if ind["year"] != fw["reference_year"]:  # the index is of one cross-section, one year
            raise InputError(
                f"{path}: key 'indicators.{n}.year': {ind['year']} for indicator {ind['id']!r}, "
                f"but the framework's reference_year is {fw['reference_year']}; the index reads one "
                "cross-section, so every indicator is of that year"
            )
        if ind["block"] not in fw["blocks"]:
            raise InputError(
                f"{path}: key 'indicators.{n}.block': indicator {ind['id']!r} names unknown "
                f"block {ind['block']!r} (blocks: {', '.join(fw['blocks'])})"
            )
    empty = [b for b in fw["blocks"] if not any(i["block"] == b for i in fw["indicators"])]
    if empty:
        raise InputError(
            f"{path}: key 'blocks.{empty[0]}': the block has no indicator; give it one or remove it"
        )
    return fw


def indicator_matrix(cs: pd.DataFrame, fw: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Regions x indicators (raw values) and the national reference row; missing values reported, never filled."""
    cols = {i["id"]: i["column"] for i in fw["indicators"]}
    missing_cols = [c for c in cols.values() if c not in cs.columns]
    if missing_cols:
        raise InputError(
            f"index framework: column(s) {', '.join(missing_cols)} not in the cross-section"
        )
    regions = cs[cs["kato"] != NATIONAL].set_index("kato")
    matrix = regions[list(cols.values())].rename(columns={v: k for k, v in cols.items()})
    national = (
        cs[cs["kato"] == NATIONAL]
        .set_index("kato")[list(cols.values())]
        .rename(columns={v: k for k, v in cols.items()})
    )
    return matrix.astype(float), national.astype(float)


def missing_report(matrix: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    rows = [dict(kato=k, region=names[k], indicator=ind, note="missing in the source; not imputed, left out of that region's averages")
            for k, r in matrix.iterrows() for ind, v in r.items() if pd.isna(v)]  # fmt: skip
    return pd.DataFrame(rows, columns=["kato", "region", "indicator", "note"])


def treat_outliers(
    matrix: pd.DataFrame, skew_max: float, kurt_max: float, max_winsorised: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Handbook/COINr rule: while |skewness| > skew_max and kurtosis > kurt_max, winsorise the most
    extreme value on the long side (set it to the next value); if that takes more than
    ``max_winsorised`` values, use log(x - min + 1) instead. Kurtosis is Pearson's (normal = 3)."""
    from scipy import stats  # here, not at the top: loading a framework needs no scipy

    out = matrix.copy()
    report = []
    for col in matrix.columns:
        x = matrix[col].dropna().astype(float)
        sk0, ku0 = float(stats.skew(x)), float(stats.kurtosis(x, fisher=False))
        treated, n_w, method = x.copy(), 0, "none"

        def bad(v: pd.Series) -> bool:
            return abs(stats.skew(v)) > skew_max and stats.kurtosis(v, fisher=False) > kurt_max

        while bad(treated) and n_w < max_winsorised:
            high = stats.skew(treated) > 0
            order = treated.sort_values(ascending=not high)
            treated[order.index[0]] = order.iloc[1]
            n_w += 1
            method = f"winsorised {n_w} value(s)"
        if bad(treated):
            treated = np.log(x - x.min() + 1)
            method, n_w = "log(x - min + 1)", 0
        out.loc[treated.index, col] = treated
        report.append(dict(indicator=col, skewness=sk0, kurtosis=ku0, treatment=method, n_winsorised=n_w,
                           skewness_after=float(stats.skew(treated)), kurtosis_after=float(stats.kurtosis(treated, fisher=False))))  # fmt: skip
    return out, pd.DataFrame(report)


def normalise(
    matrix: pd.DataFrame,
    method: str,
    polarity: dict[str, int],
    national: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each indicator to a common scale, higher = better (polarity applied)."""
    m = matrix * pd.Series(polarity)
    if method == "minmax":
        return (m - m.min()) / (m.max() - m.min()) * 100
    if method == "zscore":
        return (m - m.mean()) / m.std(ddof=0)
    if method == "rank":
        return m.rank(method="average")
    if method == "distance_to_national":
        if national is None:
            raise InputError("index framework: distance_to_national needs the national row")
        nat = national.iloc[0] * pd.Series(polarity)
        return m / nat * 100
    raise InputError(f"index framework: unknown normalisation {method!r}")


def pca_weights(normalised: pd.DataFrame) -> tuple[pd.Series, dict[str, float]]:
    """Weights from the first principal component's squared loadings (per block), with KMO and the
    share of variance it explains."""
    z = (normalised - normalised.mean()) / normalised.std(ddof=0)
    z = z.dropna()
    corr = np.corrcoef(z.to_numpy(), rowvar=False)
    vals, vecs = np.linalg.eigh(corr)
    first = np.abs(vecs[:, -1])
    w = first**2 / (first**2).sum()
    inv = np.linalg.pinv(corr)
    partial = -inv / np.sqrt(np.outer(np.diag(inv), np.diag(inv)))
    off = ~np.eye(len(corr), dtype=bool)
    kmo = float((corr[off] ** 2).sum() / ((corr[off] ** 2).sum() + (partial[off] ** 2).sum()))
    return pd.Series(w, index=normalised.columns), dict(
        kmo=kmo, explained=float(vals[-1] / vals.sum())
    )


def aggregate(values: pd.DataFrame, weights: pd.Series, method: str) -> pd.Series:
    """Weighted mean across columns, skipping missing values (weights renormalised per region)."""
    w = pd.DataFrame(
        np.broadcast_to(weights.to_numpy(), values.shape),
        index=values.index,
        columns=values.columns,
    ).where(values.notna())
    w = w.div(w.sum(axis=1), axis=0)
    if method == "arithmetic":
        return (values * w).sum(axis=1, min_count=1)
    if method == "geometric":
        shifted = values.clip(
            lower=1e-9
        )  # geometric mean needs positive scores (min-max gives 0 at the minimum)
        return np.exp((np.log(shifted) * w).sum(axis=1, min_count=1))
    raise InputError(f"index framework: unknown aggregation {method!r}")


def cronbach_alpha(block: pd.DataFrame) -> float:
    """Cronbach's alpha of a block's indicators (complete rows)."""
    b = block.dropna()
    k = b.shape[1]
    if k < 2:
        return float("nan")
    total = b.sum(axis=1).var(ddof=1)
    if not total > 0:
        return float("nan")
    return float(k / (k - 1) * (1 - b.var(ddof=1).sum() / total))


def build_index(
    cs: pd.DataFrame, fw: dict[str, Any], options: dict[str, Any] | None = None
) -> dict[str, pd.DataFrame]:
    """Every step of the index: raw, treated, normalised, weights, scores with ranks and groups, diagnostics."""
    opt = {**fw["options"], **(options or {})}
    names = cs.set_index("kato")["region"]
    raw, national = indicator_matrix(cs, fw)
    o = opt["outliers"]
    treated, outliers = treat_outliers(raw, o["skewness"], o["kurtosis"], o["max_winsorised"])
    polarity = {i["id"]: i["polarity"] for i in fw["indicators"]}
    norm = normalise(treated, opt["normalisation"], polarity, national)
    blocks = {b: [i["id"] for i in fw["indicators"] if i["block"] == b] for b in fw["blocks"]}
    weight_rows, scores, diag = [], pd.DataFrame(index=norm.index), []
    for b, ids in blocks.items():
        if opt["weights"] == "pca" and len(ids) > 2:
            w, info = pca_weights(norm[ids])
        else:
            w, info = pd.Series(1 / len(ids), index=ids), dict(kmo=np.nan, explained=np.nan)
        weight_rows += [
            dict(block=b, indicator=i, weight=float(w[i]), method=opt["weights"]) for i in ids
        ]
        scores[f"block_{b}"] = aggregate(norm[ids], w, opt["aggregation"])
        diag.append(
            dict(
                block=b,
                name=fw["blocks"][b],
                n_indicators=len(ids),
                cronbach_alpha=cronbach_alpha(norm[ids]),
                **info,
            )
        )
    block_cols = [f"block_{b}" for b in blocks]
    scores["index"] = aggregate(
        scores[block_cols], pd.Series(1 / len(blocks), index=block_cols), opt["aggregation"]
    )
    scores["rank"] = scores["index"].rank(ascending=False, method="min").astype("int64")
    # performance against the national reference: mean of value / national value x 100 over indicators
    rel = (raw * pd.Series(polarity)) / (national.iloc[0] * pd.Series(polarity)) * 100
    scores["relative_to_national"] = rel.mean(axis=1)
    groups = sorted(opt["performance_groups"], key=lambda g: -g["above"])
    scores["group"] = scores["relative_to_national"].map(
        lambda v: next((g["name"] for g in groups if v > g["above"]), groups[-1]["name"])
    )
    scores.insert(0, "region", names.reindex(scores.index))
    corr = [dict(indicator=c, block=next(b for b, ids in blocks.items() if c in ids),
                 r_with_index=float(norm[c].corr(scores["index"])), r_with_block=float(norm[c].corr(scores[f"block_{next(b for b, ids in blocks.items() if c in ids)}"])))
            for c in norm.columns]  # fmt: skip

    def long(df: pd.DataFrame, value: str) -> pd.DataFrame:
        d = df.copy()
        d.index.name = "kato"
        out = d.reset_index().melt(id_vars="kato", var_name="indicator", value_name=value)
        out.insert(1, "region", out["kato"].map(names))
        return out.sort_values(["indicator", "kato"]).reset_index(drop=True)

    return dict(
        raw=long(raw, "value"), treated=long(treated, "value"), normalised=long(norm, "value"),
        missing=missing_report(raw, names), outliers=outliers, weights=pd.DataFrame(weight_rows),
        scores=scores.reset_index(),
        blocks=pd.DataFrame(diag), correlations=pd.DataFrame(corr), matrix=norm,
    )  # fmt: skip
