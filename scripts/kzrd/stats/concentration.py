"""Concentration of a quantity across regions: shares, CR2/CR3, HHI (plain and normalised), Gini,
the population-weighted Theil index and the CV of per-capita values. One implementation, used by the
2025 paper's Figure 1 analysis and by its audit."""

from __future__ import annotations

import numpy as np
import pandas as pd


def shares(values: pd.Series, denominator: float | None = None) -> pd.Series:
    """Percent shares of ``values`` in ``denominator`` (default: their own sum)."""
    denom = float(values.sum()) if denominator is None else float(denominator)
    return values / denom * 100


def concentration(shares_pct: pd.Series) -> dict[str, float]:
    """CR2, CR3 (sum of the 2 and 3 largest % shares) and HHI (sum of squared % shares, 0-10,000)."""
    s = shares_pct.dropna().sort_values(ascending=False)
    return {
        "cr2": float(s.iloc[:2].sum()) if len(s) >= 2 else float("nan"),
        "cr3": float(s.iloc[:3].sum()) if len(s) >= 3 else float("nan"),
        "hhi": float((s**2).sum()),
    }


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (mean absolute difference / twice the mean)."""
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    if len(v) == 0 or v.sum() == 0:
        return float("nan")
    return float(np.abs(v[:, None] - v[None, :]).sum() / (2 * len(v) ** 2 * v.mean()))


def theil_population_weighted(values: np.ndarray, population: np.ndarray) -> float:
    """Theil T of per-capita values with population weights: sum_i s_i ln(s_i / p_i),
    s_i the region's share of the total, p_i its share of the population."""
    v, p = np.asarray(values, float), np.asarray(population, float)
    ok = np.isfinite(v) & np.isfinite(p) & (p > 0)
    v, p = v[ok], p[ok]
    s, w = v / v.sum(), p / p.sum()
    pos = s > 0
    return float((s[pos] * np.log(s[pos] / w[pos])).sum())


def concentration_measures(
    values: pd.Series, population: pd.Series | None, national: float | None = None
) -> dict[str, float]:
    """CR2, CR3, HHI, normalised HHI, Gini; with a population for every unit also the
    population-weighted Theil and the CV of per-capita values (else those two stay missing)."""
    v = values.astype(float).dropna()
    pop = population.reindex(v.index).astype(float) if population is not None else None
    per_capita_ok = pop is not None and bool(pop.notna().all())
    total = float(national) if national is not None and np.isfinite(national) else float(v.sum())
    s = (v / total * 100).sort_values(ascending=False)
    n = len(s)
    hhi = float((s**2).sum())
    per_capita = v / pop if per_capita_ok else None
    return dict(
        n=n, cr2=float(s.iloc[:2].sum()), cr3=float(s.iloc[:3].sum()), hhi=hhi,
        hhi_normalised=float((hhi / 1e4 - 1 / n) / (1 - 1 / n)) if n > 1 else float("nan"),
        gini=gini(v.to_numpy()),
        theil=theil_population_weighted(v.to_numpy(), pop.to_numpy()) if per_capita_ok else float("nan"),
        cv_per_capita=float(per_capita.std(ddof=0) / per_capita.mean()) if per_capita is not None else float("nan"),
    )  # fmt: skip
