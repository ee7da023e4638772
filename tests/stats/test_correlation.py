"""The correlation implementation (kzrd.stats.correlation) against scipy and direct computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kzrd.stats.correlation import bca_interval, correlation_suite, holm, permutation_p

RNG = np.random.default_rng(7)
X = pd.Series(RNG.gamma(2.0, 3.0, 20))
Y = pd.Series(0.8 * X + RNG.normal(0, 2.0, 20))
KATO = pd.Series([f"{i:02d}0000000" for i in range(10, 30)])
KATO[0], KATO[1] = "750000000", "710000000"
NAMES = pd.Series([f"R{i}" for i in range(20)])


def pearson_r(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
    """Pearson r along ``axis`` (scipy's resampling calls it on whole batches at once)."""
    a = a - a.mean(axis=axis, keepdims=True)
    b = b - b.mean(axis=axis, keepdims=True)
    return (a * b).sum(axis=axis) / np.sqrt((a * a).sum(axis=axis) * (b * b).sum(axis=axis))


def test_bca_interval_against_scipy():
    lo, hi = bca_interval(X.to_numpy(), Y.to_numpy(), 20000, seed=1)
    ref = stats.bootstrap((X.to_numpy(), Y.to_numpy()), pearson_r, paired=True, vectorized=True,
                          n_resamples=20000, method="BCa", random_state=2).confidence_interval  # fmt: skip
    assert lo == pytest.approx(ref.low, abs=0.02) and hi == pytest.approx(ref.high, abs=0.02)


def test_permutation_p_against_scipy():
    x, y = X.to_numpy(), Y.to_numpy() * 0.2 + RNG.normal(0, 3, 20)
    p = permutation_p(x, y, 20000, seed=3)
    ref = stats.permutation_test((x, y), pearson_r, permutation_type="pairings", vectorized=True,
                                 n_resamples=20000, alternative="two-sided", random_state=4).pvalue  # fmt: skip
    assert p == pytest.approx(ref, abs=0.01)
    assert permutation_p(X.to_numpy(), Y.to_numpy(), 999, seed=1) >= 1 / 1000


def test_suite_against_direct_computations():
    r = correlation_suite(
        X, Y, KATO, NAMES, n_resamples=999, seed=5, without=("750000000", "710000000")
    )
    x, y = X.to_numpy(), Y.to_numpy()
    assert r["n"] == 20
    assert r["kendall_tau"] == pytest.approx(stats.kendalltau(x, y).statistic)
    assert r["spearman_rho"] == pytest.approx(stats.spearmanr(x, y).statistic)
    loo = [np.corrcoef(np.delete(x, i), np.delete(y, i))[0, 1] for i in range(20)]
    assert r["loo_r_min"] == pytest.approx(min(loo)) and r["loo_r_max"] == pytest.approx(max(loo))
    assert r["loo_r_min_without"] == f"R{int(np.argmin(loo))}"
    assert r["pearson_r_without_capitals"] == pytest.approx(np.corrcoef(x[2:], y[2:])[0, 1])
    # Cook's distance by its formula: e_i^2 / (p s^2) * h_i / (1 - h_i)^2
    X1 = np.column_stack([np.ones(20), x])
    beta = np.linalg.lstsq(X1, y, rcond=None)[0]
    e = y - X1 @ beta
    h = np.diag(X1 @ np.linalg.inv(X1.T @ X1) @ X1.T)
    s2 = (e**2).sum() / (20 - 2)
    cooks = e**2 / (2 * s2) * h / (1 - h) ** 2
    flagged = [f"R{i}" for i in np.argsort(-cooks) if cooks[i] > 4 / 20]
    assert [f.split(" (")[0] for f in r["cooks_flagged"].split("; ") if f] == flagged


def test_holm_by_hand():
    p = pd.Series([0.01, 0.04, 0.03, 0.20])
    # sorted 0.01, 0.03, 0.04, 0.20 -> x4, x3, x2, x1, cumulative max
    expect = [0.04, 0.09, 0.09, 0.20]
    assert holm(p).tolist() == pytest.approx(expect)


def test_spearman_interval_by_hand():
    from kzrd.stats.correlation import correlate

    r = correlate(X, Y)
    rho = stats.spearmanr(X, Y).statistic
    se = np.sqrt((1 + rho**2 / 2) / 17)  # Bonett & Wright (2000), n = 20
    z = np.arctanh(rho)
    assert r["spearman_ci_low"] == pytest.approx(np.tanh(z - 1.959963984540054 * se))
    assert r["spearman_ci_high"] == pytest.approx(np.tanh(z + 1.959963984540054 * se))
