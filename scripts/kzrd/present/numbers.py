"""The registry of every number the report's prose quotes: id, value, unit, the text printed, and
the output file and rule that produced it. The template's prose reads numbers only from here."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kzrd.reference.regions import NATIONAL


def _entry(id_: str, value: float, unit: str, text: str, file: str, rule: str) -> dict[str, Any]:
    return dict(id=id_, value=float(value), unit=unit, text=text, file=file, rule=rule)


def build_registry(indices: pd.DataFrame, shares: pd.DataFrame, corr: pd.DataFrame, cs: pd.DataFrame,
                   upstream_diff: pd.DataFrame, n_current_units: int, framework: dict[str, Any] | None = None,
                   n_init: int | None = None, effects: pd.DataFrame | None = None,
                   ci_level: float = 0.95, verdict_numbers: pd.DataFrame | None = None,
                   derived_sums: pd.DataFrame | None = None) -> list[dict[str, Any]]:  # fmt: skip
    idx = indices.set_index("basis")
    c = corr.iloc[0]
    F_IDX, F_SH, F_CORR = (
        "results/analysis/concentration_indices.parquet",
        "results/analysis/concentration_shares.parquet",
        "results/analysis/correlation.parquet",
    )
    out = [
        _entry("official_cr2", idx.at["official", "cr2"], "%", f"{idx.at['official', 'cr2']:.1f}", F_IDX, "concentration"),
        _entry("paper_text_cr2", idx.at["paper_text", "cr2"], "%", f"{idx.at['paper_text', 'cr2']:.0f}", F_IDX, "concentration"),
        _entry("official_hhi", idx.at["official", "hhi"], "points", f"{idx.at['official', 'hhi']:,.0f}", F_IDX, "concentration"),
        _entry("official_n_regions", idx.at["official", "n_regions"], "regions", f"{int(idx.at['official', 'n_regions'])}", F_IDX, "concentration"),
        _entry("corr_n", c["n"], "regions", f"{int(c['n'])}", F_CORR, "correlation"),
        _entry("ci_level", ci_level * 100, "%", f"{ci_level * 100:.0f}", F_CORR, "correlation"),
        _entry("n_current_units", n_current_units, "units", f"{n_current_units}", "resources/regions.csv", "(registry)"),
        _entry("upstream_diff_count", len(upstream_diff), "values", f"{len(upstream_diff)}", "results/raw/upstream_diff.parquet", "upstream_diff"),
    ]  # fmt: skip
    for col in (
        "pearson_r",
        "pearson_ci_low",
        "pearson_ci_high",
        "spearman_rho",
        "spearman_ci_low",
        "spearman_ci_high",
    ):
        out.append(_entry(col, c[col], "", f"{c[col]:.2f}", F_CORR, "correlation"))
    official = (
        shares[shares["basis"] == "official"].sort_values("share_pct", ascending=False).head(3)
    )
    for rank, r in enumerate(official.itertuples(), start=1):
        out.append(
            _entry(
                f"official_share_{rank}",
                r.share_pct,
                "%",
                f"{r.share_pct:.1f}",
                F_SH,
                "concentration",
            )
        )
    off = shares[shares["basis"] == "official"].set_index("kato")["share_pct"]
    for r in shares[shares["basis"] == "paper_text"].itertuples():
        if r.kato in off.index:
            out.append(
                _entry(
                    f"official_share_{r.kato}",
                    off[r.kato],
                    "%",
                    f"{off[r.kato]:.1f}",
                    F_SH,
                    "concentration",
                )
            )
        out.append(
            _entry(
                f"paper_text_share_{r.kato}",
                r.share_pct,
                "%",
                f"{r.share_pct:.0f}",
                F_SH,
                "concentration",
            )
        )
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    out.append(_entry("national_internet_users_pct", nat["internet_users_pct"], "%", f"{nat['internet_users_pct']:.1f}",
                      "results/features/cross_section.parquet", "features"))  # fmt: skip
    for g in (framework or {}).get("options", {}).get("performance_groups", []):
        out.append(_entry(f"group_threshold_{g['name']}", g["above"], "% of national", f"{g['above']:g}",
                          "resources/index_framework.yaml", "(framework)"))  # fmt: skip
    if effects is not None and len(effects):
        F_E = "results/montecarlo/choice_effects.parquet"
        agg = effects[effects["choice"] == "aggregation"]
        kept = agg["top_set_kept"].sum() / agg["replications"].sum() * 100
        worst = effects.loc[effects["share_kept"].idxmin()]
        out.append(
            _entry("mc_top5_kept_pct", kept, "% of replications", f"{kept:.0f}", F_E, "mc_gather")
        )
        out.append(
            _entry(
                "mc_worst_choice_kept_pct",
                worst["share_kept"] * 100,
                "% of replications",
                f"{worst['share_kept'] * 100:.0f}",
                F_E,
                "mc_gather",
            )
        )
        out.append(
            _entry(
                "mc_replications",
                agg["replications"].sum(),
                "replications",
                f"{int(agg['replications'].sum()):,}",
                F_E,
                "mc_gather",
            )
        )
    for r in verdict_numbers.itertuples() if verdict_numbers is not None else ():
        out.append(
            _entry(
                r.id, r.value, r.unit, r.text, "results/audit/verdict_numbers.parquet", "verdicts"
            )
        )
    for series, g in derived_sums.groupby("series", sort=True) if derived_sums is not None else ():
        worst = g.loc[g["gap_pct"].abs().idxmax()]
        F_D = "results/clean/derived_sums.parquet"
        out.append(_entry(f"derived_gap_max_{series}", abs(worst["gap_pct"]), "% of the national row",
                          f"{abs(worst['gap_pct']):.1f}", F_D, "derived_sums"))  # fmt: skip
        out.append(
            _entry(
                f"derived_gap_max_year_{series}",
                worst["year"],
                "year",
                f"{int(worst['year'])}",
                F_D,
                "derived_sums",
            )
        )
    if n_init is not None:
        out.append(
            _entry(
                "kmeans_n_init",
                n_init,
                "restarts",
                f"{n_init}",
                "scripts/kzrd/study2019/clusters.py",
                "clusters_2019",
            )
        )
    return out


def to_json(registry: list[dict[str, Any]]) -> str:
    return (
        json.dumps(
            sorted(registry, key=lambda e: e["id"]), ensure_ascii=False, indent=1, sort_keys=True
        )
        + "\n"
    )


def texts(registry: list[dict[str, Any]]) -> dict[str, str]:
    return {e["id"]: e["text"] for e in registry}
