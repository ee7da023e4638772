"""Correlation for few regions: the basic pair (Pearson and Spearman with intervals, OLS with HC3) and
the full suite a careful reviewer asks for (Kendall, BCa, permutation p, leave-one-out, Cook's distance,
Holm across a family). One implementation, used by Figure 2 and by the audit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

# scipy and statsmodels are imported inside the functions that use them: a job that only needs
# Fisher's interval or a share does not pay for them.


def fisher_ci(
    r: float, n: int, se: float | None = None, level: float = 0.95
) -> tuple[float, float]:
    """Confidence interval for a correlation by Fisher's z; ``se`` defaults to 1/sqrt(n-3)."""
    if n <= 3 or not np.isfinite(r):
        return float("nan"), float("nan")
    from scipy import stats

    z = np.arctanh(np.clip(r, -0.999999999, 0.999999999))
    se = 1 / np.sqrt(n - 3) if se is None else se
    q = stats.norm.ppf(0.5 + level / 2)
    return float(np.tanh(z - q * se)), float(np.tanh(z + q * se))


def correlate(x: pd.Series, y: pd.Series) -> dict[str, float]:
    """Pearson and Spearman (with 95% CIs and p-values) and OLS with HC3 standard errors."""
    from scipy import stats
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    mask = x.notna() & y.notna()
    x, y = x[mask].astype(float).to_numpy(), y[mask].astype(float).to_numpy()
    n = len(x)
    pr = stats.pearsonr(x, y)
    sr = stats.spearmanr(x, y)
    rho = float(sr.statistic)
    bw_se = np.sqrt((1 + rho**2 / 2) / (n - 3))  # Bonett & Wright (2000)
    fit = OLS(y, add_constant(x)).fit(cov_type="HC3")
    lo, hi = fisher_ci(float(pr.statistic), n)
    slo, shi = fisher_ci(rho, n, se=bw_se)
    return dict(
        n=n,
        pearson_r=float(pr.statistic),
        pearson_ci_low=lo,
        pearson_ci_high=hi,
        pearson_p=float(pr.pvalue),
        spearman_rho=rho,
        spearman_ci_low=slo,
        spearman_ci_high=shi,
        spearman_p=float(sr.pvalue),
        ols_intercept=float(fit.params[0]),
        ols_slope=float(fit.params[1]),
        ols_slope_se_hc3=float(fit.bse[1]),
        ols_slope_p_hc3=float(fit.pvalues[1]),
        ols_r2=float(fit.rsquared),
    )


def bca_interval(
    x: np.ndarray, y: np.ndarray, n_resamples: int, seed: int, level: float = 0.95
) -> tuple[float, float]:
    """Bias-corrected and accelerated bootstrap interval of Pearson r over paired resamples (numpy).

    Efron (1987): bias correction z0 from the share of bootstrap r below the estimate, acceleration
    from the jackknife skewness.
    """
    from scipy import stats

    n = len(x)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_resamples, n))
    xs, ys = x[idx], y[idx]
    xs = xs - xs.mean(axis=1, keepdims=True)
    ys = ys - ys.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = (xs * ys).sum(axis=1) / np.sqrt((xs**2).sum(axis=1) * (ys**2).sum(axis=1))
    boot = boot[np.isfinite(boot)]
    r = float(np.corrcoef(x, y)[0, 1])
    z0 = stats.norm.ppf((boot < r).mean() + (boot == r).mean() / 2)
    jack = np.array([np.corrcoef(np.delete(x, i), np.delete(y, i))[0, 1] for i in range(n)])
    d = jack.mean() - jack
    a = (d**3).sum() / (6 * ((d**2).sum()) ** 1.5) if (d**2).sum() > 0 else 0.0
    out = []
    for q in ((1 - level) / 2, (1 + level) / 2):
        zq = stats.norm.ppf(q)
        adj = stats.norm.cdf(z0 + (z0 + zq) / (1 - a * (z0 + zq)))
        out.append(float(np.quantile(boot, adj)))
    return out[0], out[1]


def permutation_p(x: np.ndarray, y: np.ndarray, n_resamples: int, seed: int) -> float:
    """Two-sided permutation p-value of Pearson r: share of |r| under random pairings >= observed
    (the observed pairing counted once, so p >= 1/(n_resamples + 1))."""
    rng = np.random.default_rng(seed)
    xc = x - x.mean()
    yc = y - y.mean()
    denom = np.sqrt((xc**2).sum() * (yc**2).sum())
    r = (xc * yc).sum() / denom
    perms = rng.permuted(np.tile(yc, (n_resamples, 1)), axis=1)
    rs = (perms @ xc) / denom
    return float((1 + (np.abs(rs) >= abs(r) - 1e-12).sum()) / (n_resamples + 1))


def correlation_suite(x: pd.Series, y: pd.Series, kato: pd.Series, names: pd.Series, *, n_resamples: int = 9999,
                      seed: int = 20251, without: tuple[str, ...] = ()) -> dict[str, Any]:  # fmt: skip
    """Pearson, Spearman, Kendall; Fisher-z and BCa intervals; permutation p; leave-one-out range;
    r without the units ``without`` (the two cities, in the audit); Cook's distance (units above 4/n);
    OLS with HC3."""
    from scipy import stats
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    m = x.notna() & y.notna()
    xv, yv = x[m].to_numpy(float), y[m].to_numpy(float)
    kv, nv = kato[m].to_numpy(), names[m].to_numpy()
    n = len(xv)
    pr, sr, kt = stats.pearsonr(xv, yv), stats.spearmanr(xv, yv), stats.kendalltau(xv, yv)
    lo, hi = fisher_ci(float(pr.statistic), n)
    blo, bhi = bca_interval(xv, yv, n_resamples, seed)
    loo = np.array([np.corrcoef(np.delete(xv, i), np.delete(yv, i))[0, 1] for i in range(n)])
    keep = ~np.isin(kv, list(without))
    fit = OLS(yv, add_constant(xv)).fit()
    fit_hc3 = OLS(yv, add_constant(xv)).fit(cov_type="HC3")
    cooks = fit.get_influence().cooks_distance[0]
    flagged = [f"{nv[i]} ({cooks[i]:.2f})" for i in np.argsort(-cooks) if cooks[i] > 4 / n]
    return dict(
        n=n,
        pearson_r=float(pr.statistic), pearson_p=float(pr.pvalue), pearson_ci_low=lo, pearson_ci_high=hi,
        pearson_bca_low=blo, pearson_bca_high=bhi, pearson_perm_p=permutation_p(xv, yv, n_resamples, seed),
        spearman_rho=float(sr.statistic), spearman_p=float(sr.pvalue),
        kendall_tau=float(kt.statistic), kendall_p=float(kt.pvalue),
        loo_r_min=float(loo.min()), loo_r_max=float(loo.max()),
        loo_r_min_without=str(nv[int(loo.argmin())]), loo_r_max_without=str(nv[int(loo.argmax())]),
        n_without_capitals=int(keep.sum()),
        pearson_r_without_capitals=float(np.corrcoef(xv[keep], yv[keep])[0, 1]) if keep.sum() > 2 else np.nan,
        ols_slope=float(fit_hc3.params[1]), ols_slope_se_hc3=float(fit_hc3.bse[1]), ols_slope_p_hc3=float(fit_hc3.pvalues[1]),
        cooks_threshold=4 / n, cooks_flagged="; ".join(flagged),
    )  # fmt: skip


def holm(pvalues: pd.Series) -> pd.Series:
    """Holm-adjusted p-values across a family of tests."""
    from statsmodels.stats.multitest import multipletests

    return pd.Series(multipletests(pvalues.to_numpy(float), method="holm")[1], index=pvalues.index)


def correlation_family(
    regions: pd.DataFrame, pairs: list[dict[str, Any]], *, n_resamples: int, seed: int,
    without: tuple[str, ...] = (),
) -> pd.DataFrame:  # fmt: skip
    """The suite for each (x, y) pair over the rows of ``regions`` (columns kato, region and the
    variables), with Holm-adjusted p within each family; pair k resamples with seed + k."""
    rows = []
    for k, p in enumerate(pairs):
        res = correlation_suite(regions[p["x"]], regions[p["y"]], regions["kato"], regions["region"],
                                n_resamples=n_resamples, seed=seed + k, without=without)  # fmt: skip
        rows.append(dict(family=p["family"], x=p["x"], y=p["y"], label=p["label"], **res))
    out = pd.DataFrame(rows)
    out["pearson_p_holm"] = out.groupby("family", group_keys=False)["pearson_p"].apply(holm)
    out["spearman_p_holm"] = out.groupby("family", group_keys=False)["spearman_p"].apply(holm)
    return out
