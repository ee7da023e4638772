"""Every decision rule of kzrd.paper2025.verdicts on small hand-made evidence, on both sides of each
threshold, under the real claims of resources/claims.yaml."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kzrd import PROJECT_ROOT
from kzrd.paper2025 import verdicts as V
from kzrd.paper2025.claims import load_claims
from kzrd.paper2025.multiverse import Spec

ALMATY, ASTANA, KARAGANDA, EK, ULYTAU = (
    "750000000",
    "710000000",
    "350000000",
    "630000000",
    "620000000",
)
ZHAMBYL, TURKISTAN = "310000000", "610000000"
WEST = ["150000000", "230000000", "470000000", "270000000"]
CLAIMS = load_claims(PROJECT_ROOT / "resources" / "claims.yaml")
CONS, PART, INC = V.CONSISTENT, V.PARTLY, V.INCONSISTENT


def spec(claim_id: str, reading: dict, **thresholds) -> Spec:
    c = CLAIMS[claim_id]
    return Spec(c, reading, {**{k: t.value for k, t in c.thresholds.items()}, **thresholds})


def values(rows) -> pd.DataFrame:
    """rows: (indicator, kato, value, national[, year])."""
    return pd.DataFrame(
        [dict(indicator=r[0], label=r[0], unit="", year=r[4] if len(r) > 4 else 2022, kato=r[1], region=r[1],
              value=r[2], national=r[3]) for r in rows],
        columns=["indicator", "label", "unit", "year", "kato", "region", "value", "national"],
    )  # fmt: skip


def evidence(**kw) -> V.Evidence:
    empty = pd.DataFrame()
    base = dict(values=values([("x", "1", 0, 0)]), by_year=empty, totals=empty, levels=empty, growth=empty,
                correlations=empty, cells=pd.DataFrame(columns=["table", "indicator", "kato", "value"]),
                stated=pd.Series({ASTANA: 28.0, ALMATY: 24.0, KARAGANDA: 15.0}), cities=(ALMATY, ASTANA),
                trend_regions=(EK, KARAGANDA), names={}, figure1_candidates=empty)  # fmt: skip
    return V.Evidence(**{**base, **kw})


def test_every_verdict_is_of_the_taxonomy():
    assert {CONS, PART, INC, V.NOT_CHECKABLE, V.PROXY_ONLY, *V.INTERNAL} <= set(V.TAXONOMY)
    assert (
        V.all_some_none(2, 2) == CONS
        and V.all_some_none(1, 2) == PART
        and V.all_some_none(0, 2) == INC
    )


def test_quote_records_every_number_it_formats():
    q = V.Quote("c")
    assert f"{q('a', 12.345, '.1f', '%')} and {q('n', 3.0, 'd')}" == "12.3 and 3"
    assert [(n.id, n.text) for n in q.numbers] == [("c_a", "12.3"), ("c_n", "3")]
    with pytest.raises(ValueError, match="quoted twice"):
        q("a", 99.0, ".1f")


# ------------------------------------------------------------------------------ concentration


def _by_year(rows):
    """rows: (variable, basis, year, kato, value, national)."""
    return pd.DataFrame(
        [
            dict(variable=a, basis=b, year=y, kato=k, value=v, national=n)
            for a, b, y, k, v, n in rows
        ]
    )


def test_concentration_on_both_sides_of_half_and_on_both_denominators():
    by = _by_year([("researchers", "BNS head count", 2022, ALMATY, 30, 100), ("researchers", "BNS head count", 2022, ASTANA, 20.01, 100),
                   ("researchers", "BNS head count", 2022, EK, 40, 100),
                   ("rd_expenditure", "BNS bulletin", 2022, ALMATY, 30, 100), ("rd_expenditure", "BNS bulletin", 2022, ASTANA, 20, 100),
                   ("rd_expenditure", "BNS bulletin", 2022, EK, 10, 100)])  # fmt: skip
    ev = evidence(by_year=by)
    r = {"source": "bns", "year": "2022", "denominator": "national"}
    o = V.decide_concentration(ev, spec("concentration", r))
    assert o.verdict == PART and o.value == pytest.approx(50.0)  # 50.01% > 50, 50.0% is not
    # over the sum of the regions the expenditure share is 50/60: both above
    assert (
        V.decide_concentration(ev, spec("concentration", {**r, "denominator": "regions"})).verdict
        == CONS
    )
    assert V.decide_concentration(ev, spec("concentration", r, majority_pct=51)).verdict == INC


# ------------------------------------------------------------------------------ leadership and enterprises


def _leader_values(enterprise_top):
    rows = []
    for ind in (
        "researchers",
        "researchers_fte_bns",
        "rd_internal_expenditure",
        "rd_total_expenditure",
    ):
        rows += [(ind, ALMATY, 100, 0), (ind, ASTANA, 90, 0), (ind, EK, 10, 0)]
    for ind in V.READING_INDICATOR.values():
        top = enterprise_top.get(ind, (ALMATY, ASTANA))
        rows += [
            (ind, top[0], 50, 0),
            (ind, top[1], 40, 0),
            (ind, next(k for k in (ALMATY, ASTANA, EK) if k not in top), 1, 0),
        ]
    return values(rows)


def test_leadership_all_some_none_over_the_enterprise_reading():
    ev = evidence(values=_leader_values({"share_enterprises_rd_pct": (EK, ALMATY)}))
    base = {"researchers": "head_count", "funding": "internal"}
    assert (
        V.decide_leadership(ev, spec("leadership", {**base, "reading": "rd_form_rate"})).verdict
        == PART
    )
    assert (
        V.decide_leadership(ev, spec("leadership", {**base, "reading": "national_share"})).verdict
        == CONS
    )


def test_enterprises_below_on_both_sides_of_the_quantifier():
    rows = [
        ("share_enterprises_rd_pct", k, v, 0)
        for k, v in (
            (ALMATY, 30),
            (ASTANA, 20),
            (EK, 2.9),
            (KARAGANDA, 3.0),
            (ULYTAU, 1.0),
            (ZHAMBYL, 5.0),
        )
    ]
    ev = evidence(values=values(rows))
    r = {"reading": "rd_form_rate"}
    o = V.decide_enterprises_below(ev, spec("enterprises_below_3pct", r))
    assert o.verdict == CONS and o.value == 50.0  # 2 of 4 below 3% (3.0 is not below)
    assert (
        V.decide_enterprises_below(
            ev, spec("enterprises_below_3pct", r, share_of_regions_pct=51)
        ).verdict
        == INC
    )


def test_enterprise_levels_within_the_tolerance_and_a_sum_above_100():
    cells = pd.DataFrame(
        [
            dict(table="table1", indicator="share_enterprises_rd", kato=k, value=v)
            for k, v in ((ALMATY, 24.0), (ASTANA, 10.0))
        ]
    )
    ev = evidence(
        cells=cells,
        values=values(
            [
                ("share_enterprises_rd_pct", ALMATY, 20.0, 0),
                ("share_enterprises_rd_pct", ASTANA, 20.0, 0),
            ]
        ),
    )
    r = {"reading": "rd_form_rate"}
    assert (
        V.decide_enterprise_levels(ev, spec("table1_enterprise_share", r)).verdict == PART
    )  # 1.20 within 20%, 0.5 not
    assert (
        V.decide_enterprise_levels(
            ev, spec("table1_enterprise_share", r, tolerance_pct=19.9)
        ).verdict
        == INC
    )
    big = cells.assign(value=[60.0, 50.0])
    o = V.decide_enterprise_levels(evidence(cells=big, values=values([("enterprises_rd_national_share_pct", ALMATY, 60.0, 0)])),
                                   spec("table1_enterprise_share", {"reading": "national_share"}))  # fmt: skip
    assert o.verdict == INC and "more than 100%" in o.deciding


# ------------------------------------------------------------------------------ the paper's levels


def _levels(ratio_total, threshold, region_ratios, basis="b"):
    totals = pd.DataFrame([dict(claim_id="table1_researchers", basis=basis, year=2022, paper_regions=len(region_ratios), paper_sum=ratio_total * 100,
                                official=100.0, ratio=ratio_total, threshold=threshold)])  # fmt: skip
    levels = pd.DataFrame([dict(claim_id="table1_researchers", basis=basis, year=2022, kato=f"k{i}", paper=r * 10, official=10.0)
                           for i, r in enumerate(region_ratios)], columns=["claim_id", "basis", "year", "kato", "paper", "official"])  # fmt: skip
    return evidence(totals=totals, levels=levels)


def test_level_sum_above_the_national_total_is_inconsistent():
    r = {"basis": "b", "year": "2022"}
    assert V.decide_level(_levels(1.01, 1.0, [1.0]), spec("table1_researchers", r)).verdict == INC
    # on an FTE basis the sum must exceed the head-count/FTE factor
    assert (
        V.decide_level(_levels(1.30, 1.37, [1.1, 1.5]), spec("table1_researchers", r)).verdict
        == PART
    )


def test_level_regions_on_both_sides_of_the_tolerance():
    r = {"basis": "b", "year": "2022"}
    ev = _levels(0.9, 1.0, [1.2, 0.8])
    assert V.decide_level(ev, spec("table1_researchers", r)).verdict == CONS
    assert V.decide_level(ev, spec("table1_researchers", r, tolerance_pct=19.9)).verdict == INC


def test_level_on_a_basis_without_regional_values_cannot_be_decided():
    ev = _levels(0.5, 1.0, [])
    assert (
        V.decide_level(ev, spec("table1_researchers", {"basis": "b", "year": "2022"})).verdict
        == V.NOT_CHECKABLE
    )


# ------------------------------------------------------------------------------ growth


def _growth(rows):
    """rows: (kato, indicator, window, change, noise[, slope_low, slope_high])."""
    out = []
    for kato, ind, window, change, noise, *sl in rows:
        lo, hi = sl or (math.nan, math.nan)
        out.append(dict(kato=kato, region=kato, indicator=ind, label=ind, window=window, territory="" if window == "trend" else "same",
                        noise_measure="" if window == "trend" else "sd", year_from=2021, year_to=2023, value_first=1.0,
                        value_last=1.0 + change, change=change, noise=noise, slope=0.0, slope_low=lo, slope_high=hi))  # fmt: skip
    return pd.DataFrame(out)


def test_growth_on_both_sides_of_the_noise_multiple():
    g = _growth([(EK, "rd_expenditure_pct_grp", "short", 0.05, 0.04), (EK, "researchers_per_million", "short", 0.0, 1.0),
                 (KARAGANDA, "rd_expenditure_pct_grp", "short", 0.05, 0.02), (KARAGANDA, "researchers_per_million", "short", -3.0, 1.0)])  # fmt: skip
    r = {"window": "short", "noise": "sd", "territory": "same"}
    o = V.decide_growth(evidence(growth=g), spec("finding2_growth", r))
    assert o.verdict == PART and o.value == 1  # Karaganda: a fall beyond the noise
    assert (
        V.decide_growth(evidence(growth=g), spec("finding2_growth", r, noise_multiple=1.25)).verdict
        == INC
    )


def test_growth_trend_window_reads_the_slope_interval():
    g = _growth(
        [
            (EK, "rd_expenditure_pct_grp", "trend", math.nan, math.nan, 0.001, 0.01),
            (KARAGANDA, "rd_expenditure_pct_grp", "trend", math.nan, math.nan, -0.01, 0.02),
        ]
    )
    assert (
        V.decide_growth(evidence(growth=g), spec("finding2_growth", {"window": "trend"})).verdict
        == PART
    )


# ------------------------------------------------------------------------------ correlation, spreads, comparators


def _corr(y, rho=0.6, p=0.01, r_without=0.35, bca_low=0.1, r=0.7, perm_p=0.01):
    return pd.DataFrame([dict(x="universities", y=y, spearman_rho=rho, spearman_p_holm=p, pearson_r_without_capitals=r_without,
                              n_without_capitals=18, pearson_bca_low=bca_low, pearson_bca_high=0.9, pearson_r=r, pearson_perm_p=perm_p, n=20)])  # fmt: skip


def test_correlation_with_the_true_variable_on_both_sides_of_each_threshold():
    y = "technical_employment_share_pct"
    r = {"x": "universities", "y": y}
    assert (
        V.decide_correlation(
            evidence(correlations=_corr(y)), spec("figure2_correlation", r)
        ).verdict
        == CONS
    )
    assert (
        V.decide_correlation(
            evidence(correlations=_corr(y, r_without=0.29)), spec("figure2_correlation", r)
        ).verdict
        == PART
    )
    assert (
        V.decide_correlation(
            evidence(correlations=_corr(y, p=0.05, perm_p=0.05)), spec("figure2_correlation", r)
        ).verdict
        == INC
    )
    assert (
        V.decide_correlation(
            evidence(correlations=_corr(y, r_without=0.29)),
            spec("figure2_correlation", r, r_without_min=0.2),
        ).verdict
        == CONS
    )


def test_correlation_on_a_proxy_waits_for_the_true_variable():
    y = "researchers_per_million"
    o = V.decide_correlation(
        evidence(correlations=_corr(y)), spec("figure2_correlation", {"x": "universities", "y": y})
    )
    assert o.verdict == V.PROXY_ONLY


def test_spread_on_both_sides_of_each_threshold():
    def ev(vals):
        return evidence(
            values=values([("internet_users_pct", str(i), v, 0) for i, v in enumerate(vals)])
        )

    r = {"indicator": "internet_users_pct"}
    wide, mid, narrow = [1.0, 3.0], [9.0, 11.0], [9.5, 10.5]  # CV 50%, 10%, 5%
    assert V.decide_spread(ev(wide), spec("finding3_digital", r)).verdict == CONS
    assert (
        V.decide_spread(ev(mid), spec("finding3_digital", r)).verdict == PART
    )  # 10% is not below 10%
    assert V.decide_spread(ev(narrow), spec("finding3_digital", r)).verdict == INC
    assert V.decide_spread(ev(mid), spec("finding3_digital", r, cv_high=10)).verdict == CONS
    assert V.decide_spread(ev([]), spec("finding3_digital", r)).verdict == V.NOT_CHECKABLE


def test_spread_joins_the_skill_and_the_age():
    ev = evidence(values=values([("ict_prgm_youth", "1", 1.0, 0), ("ict_prgm_youth", "2", 3.0, 0)]))
    assert V.decide_spread(
        ev, spec("finding3_digital", {"indicator": "ict_prgm", "age": "youth"})
    ).value == pytest.approx(50.0)


def test_tvet_parts_and_the_several_threshold():
    rows = [
        ("schools_internet_pct", k, v, 80)
        for k, v in (
            (ZHAMBYL, 70),
            (TURKISTAN, 90),
            (WEST[0], 70),
            (WEST[1], 75),
            (WEST[2], 95),
            (WEST[3], 95),
        )
    ]
    ev = evidence(values=values(rows))
    r = {"indicator": "schools_internet_pct", "comparator": "national"}
    assert (
        V.decide_tvet(ev, spec("tvet_laggards", r)).verdict == PART
    )  # Zhambyl and two western regions lag
    assert V.decide_tvet(ev, spec("tvet_laggards", r, several_min=3)).value == 1


def test_most_below_on_both_sides_of_most_and_each_comparator():
    rows = [
        ("researchers_per_10k", k, v, 10)
        for k, v in (
            (ALMATY, 30),
            (ASTANA, 20),
            (EK, 9),
            (KARAGANDA, 4),
            (ULYTAU, 11),
            (ZHAMBYL, 12),
        )
    ]
    ev = evidence(values=values(rows))
    r = {"indicator": "researchers_per_10k", "comparator": "national"}
    assert (
        V.decide_most_below(ev, spec("periphery_low", r)).verdict == INC
    )  # 2 of 4 is not more than half
    assert V.decide_most_below(ev, spec("periphery_low", r, most_pct=49)).verdict == CONS
    assert (
        V.decide_most_below(ev, spec("periphery_low", {**r, "comparator": "half_national"})).value
        == 25.0
    )
    cities = evidence(
        values=values(
            [
                ("innovation_activity_pct", k, v, 10)
                for k, v in ((ALMATY, 12), (ASTANA, 15), (EK, 9), (KARAGANDA, 13), (ULYTAU, 11))
            ]
        )
    )
    assert (
        V.decide_most_below(cities, spec("commercialization_low", {"comparator": "cities"})).verdict
        == CONS
    )  # 2 of 3 below 12


def test_industrial_above_the_comparator():
    rows = [
        ("manufacturing_va_pct_grp", k, v, 12, 2021)
        for k, v in ((EK, 21.0), (KARAGANDA, 11.0), (ZHAMBYL, 5.0), (ULYTAU, 4.0))
    ]
    ev = evidence(values=values(rows))
    r = {"indicator": "manufacturing_va_pct_grp", "year": "2021"}
    assert (
        V.decide_industrial(ev, spec("industrial_regions", {**r, "comparator": "national"})).verdict
        == PART
    )
    assert (
        V.decide_industrial(ev, spec("industrial_regions", {**r, "comparator": "median"})).verdict
        == CONS
    )  # median 8
