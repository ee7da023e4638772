"""Validation checks, on the real files and on small hand-made tables."""

from __future__ import annotations

import pandas as pd
from conftest import shared_file

from kzrd.data.clean import errors, validate
from kzrd.data.parsers import parse_sdg_csv
from kzrd.reference.sources import load_sources, read_snapshot, verify_snapshot


def _obs(rows):
    df = pd.DataFrame(rows, columns=["kato", "indicator", "year", "value", "status", "row"])
    df["label"] = df["kato"]
    return df


def test_duplicate_key_in_real_sdg_9_2_2(registry):
    """indicator_9-2-2.csv lists KZALM twice for 2021 (0.3 and 1.0): an upstream defect, reported."""
    df = parse_sdg_csv(
        shared_file("sdg/data/indicator_9-2-2.csv"),
        indicator="mfg_employment",
        unit="thousand people",
        filters={"UNIT_MEASURE": "TH_PEOPLE"},
    )
    v = validate(df, "sdg_9_2_2", {"mfg_employment": {"kind": "count", "additive": True}}, registry)
    dup = v[v["check"] == "duplicate_key"]
    assert len(dup) == 1
    assert dup.iloc[0]["kato"] == "190000000" and dup.iloc[0]["year"] == 2021
    assert "0.3 (row 195)" in dup.iloc[0]["message"] and "1 (row 213)" in dup.iloc[0]["message"]
    assert dup.iloc[0]["severity"] == "error"


def test_real_tables_validation_findings(registry):
    """The shipped official tables pass without errors; their known gaps are warnings."""
    found = []
    for sid, spec in load_sources().items():
        found.append(
            validate(read_snapshot(verify_snapshot(sid)), sid, spec["indicators"], registry)
        )
    v = pd.concat(found)
    assert errors(v).empty
    he = v[(v["source"] == "bns_higher_education_2022") & (v["check"] == "regions_vs_national")]
    assert he["message"].tolist() == [
        "sum of 20 regional values 113 differs from the national row 116 by -3 (-2.6%)"
    ]
    before = v[v["check"] == "before_creation"]
    # SDG 9-5-1 gives 2021 values for the three 2022 regions
    sdg = before[before["source"] == "sdg_9_5_1"]
    assert set(sdg["kato"]) == {"100000000", "330000000", "620000000"} and set(sdg["year"]) == {
        2021
    }
    # the GRP file recomputes the new units backwards: 2021 for the 2022 regions, 2011-2017 for
    # Turkistan and Shymkent (beside South Kazakhstan, which the regional sums then leave out)
    grp = before[before["source"] == "bns_grp"]
    assert set(grp.loc[grp["kato"] == "610000000", "year"]) == set(range(2011, 2018))
    assert v[(v["source"] == "bns_grp") & (v["check"] == "regions_vs_national")].empty
    # confidential cells explain the gaps in the R&D bulletin's sums, and say so
    gaps = v[(v["source"] == "bns_rnd_2022_expenditure") & (v["check"] == "regions_vs_national")]
    assert (
        len(gaps) == 1
        and "2 regional value(s) not published (confidential)" in gaps.iloc[0]["message"]
    )
    # the population bulletin adds up exactly
    assert v[v["source"] == "bns_population_2023"].empty


def test_negative_counts_and_percent_range(registry):
    df = _obs(
        [
            ("710000000", "n", 2022, -5.0, "ok", 2),
            ("710000000", "p", 2022, 101.0, "ok", 3),
            ("750000000", "p", 2022, 50.0, "ok", 4),
            ("000000000", "n", 2022, 10.0, "ok", 5),
        ]
    )
    v = validate(
        df, "s", {"n": {"kind": "count", "additive": False}, "p": {"kind": "percent"}}, registry
    )
    assert sorted(errors(v)["check"]) == ["negative_count", "percent_range"]
    assert "row 3" in v[v["check"] == "percent_range"].iloc[0]["message"]


def test_unknown_region_and_indicator_are_errors(registry):
    df = _obs([("990000000", "x", 2022, 1.0, "ok", 2)])
    v = validate(df, "s", {"n": {"kind": "count"}}, registry)
    assert set(errors(v)["check"]) == {"unknown_region", "unknown_indicator"}


def test_regions_against_national(registry):
    df = _obs(
        [
            ("000000000", "n", 2022, 100.0, "ok", 2),
            ("710000000", "n", 2022, 60.0, "ok", 3),
            ("750000000", "n", 2022, 39.8, "ok", 4),
            ("000000000", "n", 2023, 100.0, "ok", 5),
            ("710000000", "n", 2023, 90.0, "ok", 6),
        ]
    )
    v = validate(df, "s", {"n": {"kind": "count", "additive": True}}, registry)
    gaps = v[v["check"] == "regions_vs_national"]
    assert gaps["year"].tolist() == [2023]  # 99.8 vs 100 is rounding; 90 vs 100 is reported
    assert "-10 (-10.0%)" in gaps.iloc[0]["message"]
