"""Derived regional levels (SDG rate x BNS base) and their sums against the national row: small tables
computed by hand, and the shipped data."""

from __future__ import annotations

import pandas as pd
import pytest

from kzrd.data.derived import SUM_COLUMNS, derived_levels, derived_sums, sum_findings
from kzrd.reference.regions import NATIONAL
from kzrd.reference.sources import read_snapshot, verify_snapshot

A, B, NEW, OLD = "710000000", "750000000", "100000000", "510000000"


def _clean(rows):
    return pd.DataFrame(
        [(k, i, y, v, "ok") for k, i, y, v in rows],
        columns=["kato", "indicator", "year", "value", "status"],
    )


def _hand_table():
    """Two regions and the nation in 2020 and 2021; a region created in 2021 carrying a 2020 value,
    a historical unit that ended in 2021, and the population count of 2020 (1 January 2021)."""
    rows = []
    for y, nat_rd in ((2020, 0.14), (2021, 0.15)):
        rows += [
            (A, "rd_expenditure_pct_grp", y, 0.2),
            (B, "rd_expenditure_pct_grp", y, 0.1),
            (NATIONAL, "rd_expenditure_pct_grp", y, nat_rd),
            (A, "grp", y, 200_000.0),  # million KZT
            (B, "grp", y, 300_000.0),
            (NATIONAL, "grp", y, 500_000.0),
            (A, "researchers_per_million", y, 500.0),
            (B, "researchers_per_million", y, 1000.0),
            (NATIONAL, "researchers_per_million", y, 800.0),
        ]
    # GRP per capita (thousand KZT) for 2020 only: populations 1, 3 and 4 million
    rows += [
        (A, "grp_per_capita", 2020, 200.0),
        (B, "grp_per_capita", 2020, 100.0),
        (NATIONAL, "grp_per_capita", 2020, 125.0),
    ]
    # the counted population (1 January 2021, recorded as 2020) serves 2021
    rows += [
        (A, "population", 2020, 1_000_000.0),
        (B, "population", 2020, 2_000_000.0),
        (NATIONAL, "population", 2020, 3_000_000.0),
    ]
    # a region created in 2021 with a 2020 value, and a unit that ended in 2021 with one for each year
    rows += [
        (NEW, "rd_expenditure_pct_grp", 2020, 1.0),
        (NEW, "grp", 2020, 100_000.0),
        (OLD, "rd_expenditure_pct_grp", 2020, 0.5),
        (OLD, "grp", 2020, 20_000.0),
        (OLD, "rd_expenditure_pct_grp", 2021, 0.5),
        (OLD, "grp", 2021, 20_000.0),
    ]
    return _clean(rows)


def test_derived_levels_by_hand():
    lv = derived_levels(_hand_table())
    assert lv[("rd_expenditure_sdg_x_grp", A, 2020)] == pytest.approx(0.4)  # 0.2% of 200,000 m
    assert lv[("researchers_sdg_x_population", B, 2020)] == pytest.approx(3000.0)  # 1000 x 3 m
    # 2021: no GRP per capita, so the count of 1 January 2021: 500 x 1 m
    assert lv[("researchers_sdg_x_population", A, 2021)] == pytest.approx(500.0)
    assert lv[("researchers_sdg_x_population", NATIONAL, 2021)] == pytest.approx(2400.0)


def test_derived_sums_by_hand():
    s = derived_sums(_hand_table(), created={NEW: 2021}, ended={OLD: 2021})
    assert list(s.columns) == SUM_COLUMNS
    s = s.set_index(["series", "year"])
    rd20, rd21 = (
        s.loc[("rd_expenditure_sdg_x_grp", 2020)],
        s.loc[("rd_expenditure_sdg_x_grp", 2021)],
    )
    # 2020: A 0.4 + B 0.3 + South Kazakhstan-like unit 0.1 (still existing); the 2021 region left out
    assert rd20["n_regions"] == 3
    assert rd20["regional_sum"] == pytest.approx(0.8)
    assert rd20["national"] == pytest.approx(0.7)  # 0.14% of 500,000 m
    assert rd20["gap_pct"] == pytest.approx((0.8 - 0.7) / 0.7 * 100)  # +14.29
    # 2021: the unit has ended; A + B = 0.7 against 0.15% of 500,000 m = 0.75
    assert rd21["n_regions"] == 2
    assert rd21["gap_pct"] == pytest.approx((0.7 - 0.75) / 0.75 * 100)  # -6.67
    r20 = s.loc[("researchers_sdg_x_population", 2020)]
    assert (r20["regional_sum"], r20["national"]) == pytest.approx((3500.0, 3200.0))
    assert r20["gap_pct"] == pytest.approx(9.375)
    r21 = s.loc[("researchers_sdg_x_population", 2021)]
    # 500 x 1 m + 1000 x 2 m = 2,500 against 800 x 3 m = 2,400
    assert r21["gap_pct"] == pytest.approx((2500 - 2400) / 2400 * 100)
    assert r21["unit"] == "FTE researchers"


def test_sum_findings_above_and_below_the_tolerance():
    s = derived_sums(_hand_table(), created={NEW: 2021}, ended={OLD: 2021})
    tol = {
        "rd_expenditure_sdg_x_grp": (10.0, "reason R"),
        "researchers_sdg_x_population": (5.0, "reason F"),
    }
    f = sum_findings(s, tol).set_index(["indicator", "year"])
    assert f.loc[("rd_expenditure_sdg_x_grp", 2020), "severity"] == "warning"  # +14.29 > 10
    assert f.loc[("rd_expenditure_sdg_x_grp", 2021), "severity"] == "info"  # -6.67 within 10
    assert f.loc[("researchers_sdg_x_population", 2020), "severity"] == "warning"  # +9.38 > 5
    assert f.loc[("researchers_sdg_x_population", 2021), "severity"] == "info"  # +4.17 within 5
    msg = f.loc[("researchers_sdg_x_population", 2020), "message"]
    assert msg == (
        "researchers_sdg_x_population (FTE researchers): the sum of 2 regional values 3,500.0 "
        "differs from the national row derived the same way 3,200.0 by +300.0 (+9.38%), beyond the "
        "tolerance of ±5% (reason F)"
    )
    assert set(f["source"]) == {"sdg_9_5_1", "sdg_9_5_2"}
    assert set(f["check"]) == {"derived_regions_vs_national"} and set(f["kato"]) == {NATIONAL}


def test_derived_sums_of_the_shipped_data(registry):
    """On the shipped snapshots the researchers' regional sums miss the national row by up to 8.5%
    (2021) while 2010-2012 agree within 0.04%; R&D expenditure stays within 4%."""
    clean = pd.concat(
        read_snapshot(verify_snapshot(s))
        for s in ("sdg_9_5_1", "sdg_9_5_2", "bns_grp", "bns_grp_per_capita", "bns_population_2023")
    )
    s = derived_sums(clean, registry.created, registry.ended).set_index(["series", "year"])
    res = s.xs("researchers_sdg_x_population")
    assert res.index.tolist() == list(range(2010, 2024))
    assert res.loc[2021, "gap_pct"] == pytest.approx(-8.543, abs=1e-3)
    assert res.loc[2021, "n_regions"] == 17  # Turkistan and Shymkent, not the three 2022 regions
    assert res.loc[2014, "gap_pct"] == pytest.approx(4.308, abs=1e-3)
    assert res.loc[2010:2012, "gap_pct"].abs().max() < 0.04
    assert res.loc[2010, "n_regions"] == 16  # with South Kazakhstan, without its successors
    rd = s.xs("rd_expenditure_sdg_x_grp")
    assert rd["gap_pct"].abs().max() == pytest.approx(3.941, abs=1e-3)  # 2020
    assert rd.loc[2022, "n_regions"] == 20
    f = sum_findings(s.reset_index())
    warned = f[f["severity"] == "warning"]
    assert set(warned["indicator"]) == {"researchers_sdg_x_population"}
    assert sorted(warned["year"]) == list(range(2013, 2024))
