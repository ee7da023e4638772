"""Analysis functions against independent recomputations (numpy, scipy, closed forms)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kzrd.data.features import build_cross_section, build_panel
from kzrd.paper2025.analysis import concentration_tables, trends
from kzrd.reference.paper import load_paper
from kzrd.reference.sources import read_snapshot, verify_snapshot
from kzrd.stats.concentration import concentration
from kzrd.stats.correlation import correlate, fisher_ci


@pytest.fixture(scope="module")
def clean(snapshot_clean):
    return snapshot_clean


@pytest.fixture(scope="module")
def cross_section(snapshot_cross_section):
    return snapshot_cross_section


def test_concentration_indices_by_hand():
    s = pd.Series([28.0, 24.0, 15.0])
    c = concentration(s)
    assert c == {"cr2": 52.0, "cr3": 67.0, "hhi": 28**2 + 24**2 + 15**2}
    rng = np.random.default_rng(0)
    v = rng.random(20)
    sh = v / v.sum() * 100
    assert concentration(pd.Series(sh))["hhi"] == pytest.approx(float(np.sum(sh**2)))
    assert concentration(pd.Series(sh))["cr3"] == pytest.approx(float(np.sort(sh)[-3:].sum()))


def test_paper_table_shares_by_hand(registry, cross_section):
    shares, idx = concentration_tables(load_paper(registry), cross_section, registry)
    t2 = shares[shares["basis"] == "paper_table2"].set_index("kato")["share_pct"]
    assert t2["750000000"] == pytest.approx(10450 / 37760 * 100)
    off = shares[shares["basis"] == "official"].set_index("kato")["share_pct"]
    assert off["750000000"] == pytest.approx(
        7280 / 18014 * 100
    )  # BNS sheet 36: Almaty city / Kazakhstan
    i = idx.set_index("basis")
    assert i.at["paper_table1", "cr2"] == pytest.approx(
        (10450 + 8130) / (10450 + 8130 + 5420 + 4870 + 740) * 100
    )
    assert i.at["paper_text", "cr2"] == 52 and i.at["paper_text", "cr3"] == 67
    assert i.at["official", "n_regions"] == 20 and bool(i.at["official", "complete"])
    # the 20 regional researcher counts add up to the national row exactly
    assert off.sum() == pytest.approx(100)


def test_official_researchers_fte(cross_section):
    cs = cross_section.set_index("kato")
    # Almaty city 2022: SDG 9-5-2 x population on 1 January 2023 / 1e6
    rate = (
        read_snapshot(verify_snapshot("sdg_9_5_2"))
        .query("kato == '750000000' and year == 2022")["value"]
        .iloc[0]
    )
    assert cs.at["750000000", "researchers_fte"] == pytest.approx(rate * 2_161_695 / 1e6)
    assert cs.at["750000000", "universities_per_100k"] == pytest.approx(36 / 2_161_695 * 1e5)
    assert cs.at["000000000", "population"] == 19_765_004


def test_correlation_against_scipy_and_closed_forms():
    rng = np.random.default_rng(42)
    x = pd.Series(rng.integers(1, 40, 20).astype(float))
    y = pd.Series(50 * x + rng.normal(0, 300, 20))
    r = correlate(x, y)
    pr = stats.pearsonr(x, y)
    assert r["pearson_r"] == pytest.approx(pr.statistic) and r["pearson_p"] == pytest.approx(
        pr.pvalue
    )
    z, se = np.arctanh(pr.statistic), 1 / np.sqrt(17)
    assert r["pearson_ci_low"] == pytest.approx(np.tanh(z - 1.959963984540054 * se))
    assert r["pearson_ci_high"] == pytest.approx(np.tanh(z + 1.959963984540054 * se))
    sr = stats.spearmanr(x, y)
    assert r["spearman_rho"] == pytest.approx(sr.statistic)
    # OLS slope and HC3 standard error from the textbook sandwich formula
    X = np.column_stack([np.ones(20), x])
    yv = y.to_numpy()
    beta = np.linalg.solve(X.T @ X, X.T @ yv)
    e = yv - X @ beta
    h = np.einsum("ij,jk,ik->i", X, np.linalg.inv(X.T @ X), X)
    bread = np.linalg.inv(X.T @ X)
    cov = bread @ (X.T * (e**2 / (1 - h) ** 2)) @ X @ bread
    assert r["ols_slope"] == pytest.approx(beta[1])
    assert r["ols_slope_se_hc3"] == pytest.approx(np.sqrt(cov[1, 1]))


def test_fisher_ci_degenerate():
    assert all(np.isnan(fisher_ci(0.5, 3)))


def test_figure2_on_official_data(cross_section):
    from kzrd.paper2025.analysis import figure2

    res, pts = figure2(cross_section, "universities", "researchers_per_million", True)
    assert int(res.iloc[0]["n"]) == 20 and len(pts) == 20
    expect = stats.pearsonr(pts["x"], pts["y"]).statistic
    assert res.iloc[0]["pearson_r"] == pytest.approx(expect)


def test_trends_recombine_2022_regions(clean, registry):
    tr = trends(clean, registry, ["630000000", "350000000"], 2010, 2023).set_index(
        ["indicator", "kato", "territory", "year"]
    )
    v = tr["value"]
    res = read_snapshot(verify_snapshot("sdg_9_5_2")).set_index(["kato", "year"])["value"]
    # East Kazakhstan 2022 on its pre-2022 territory = population-weighted mean with Abai
    ek, ab = res[("630000000", 2022)], res[("100000000", 2022)]
    expect = (ek * 730_172 + ab * 610_189) / (730_172 + 610_189)
    assert v[("researchers_per_million", "630000000", "pre2022", 2022)] == pytest.approx(expect)
    assert v[("researchers_per_million", "630000000", "current", 2022)] == ek
    # before 2022 both territories are the published value
    assert v[("researchers_per_million", "350000000", "pre2022", 2015)] == res[("350000000", 2015)]
    # 9-5-1 on the pre-2022 territory of Karaganda = GRP-weighted mean with Ulytau (BNS GRP 2022)
    rd = read_snapshot(verify_snapshot("sdg_9_5_1")).set_index(["kato", "year"])["value"]
    expect = (rd[("350000000", 2022)] * 7_278_059.2 + rd[("620000000", 2022)] * 1_609_739.8) / (
        7_278_059.2 + 1_609_739.8
    )
    assert v[("rd_expenditure_pct_grp", "350000000", "pre2022", 2022)] == pytest.approx(expect)


def test_trends_missing_weight_stays_missing_with_reason(clean, registry):
    no_grp = clean[clean["indicator"] != "grp"]
    tr = trends(no_grp, registry, ["350000000"], 2020, 2023)
    sel = tr[(tr["indicator"] == "rd_expenditure_pct_grp") & (tr["territory"] == "pre2022")]
    row = sel[(sel["kato"] == "350000000") & (sel["year"] == 2022)].iloc[0]
    assert np.isnan(row["value"]) and "no weights" in row["status"]


def test_cross_section_year_without_data_names_the_key(clean, registry):
    from kzrd.core.errors import InputError

    with pytest.raises(
        InputError,
        match=r"config key 'year': 2019 has no population in the sources \(years available: \[2022\]\)",
    ):
        build_cross_section(build_panel(clean, registry), clean, registry, 2019)


def test_official_sources_agree_with_each_other(cross_section):
    """Independent official routes to the same statistic agree.

    Researchers in FTE from SDG 9-5-2 x population and from the BNS bulletin's headcount x FTE
    coefficient agree within 2.5% wherever a region has at least 100 researchers; R&D expenditure
    over GRP (both BNS) reproduces SDG 9-5-1 to its published rounding (national row) and within
    0.025 points in every region.
    """
    cs = cross_section.set_index("kato")
    big = cs[cs["researchers"] >= 100]
    assert len(big) >= 18
    rel = (big["researchers_fte"] / big["researchers_fte_bns"] - 1).abs()
    assert rel.max() < 0.025, rel.sort_values().tail(3)
    assert (
        round(cs.at["000000000", "rd_expenditure_pct_grp_bns"], 2)
        == cs.at["000000000", "rd_expenditure_pct_grp"]
    )
    gap = (cs["rd_expenditure_pct_grp_bns"] - cs["rd_expenditure_pct_grp"]).abs()
    assert gap.max() < 0.025, gap.sort_values().tail(3)


def test_cross_section_official_2022(cross_section):
    cs = cross_section.set_index("kato")
    assert cs.at["000000000", "researchers"] == 18014
    assert cs.at["750000000", "rd_expenditure_bn_kzt"] == pytest.approx(46.7594339)
    assert cs.at["350000000", "share_enterprises_rd_pct"] == pytest.approx(38 / 124 * 100)
    assert cs.at["000000000", "innovation_activity_pct"] == 11.0
    assert cs.at["000000000", "grp"] == 103_765_518.2
    assert cs.loc[cs.index != "000000000", "rd_internal_expenditure"].sum() == pytest.approx(
        121_560_095.7
    )
