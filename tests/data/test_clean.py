"""Validation checks, on the real files and on small hand-made tables."""

from __future__ import annotations

import pandas as pd
from conftest import shared_file

from kzrd.data.clean import errors, usable_table, validate
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
            validate(
                read_snapshot(verify_snapshot(sid)),
                sid,
                spec["indicators"],
                registry,
                spec.get("accept"),
            )
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


def test_negative_counts_rates_and_percent_range(registry):
    """Every kind of indicator has its range: a count and a rate (per head, per million, a
    coefficient) are not negative, a percentage lies in 0-100; the values inside pass."""
    df = _obs(
        [
            ("710000000", "n", 2022, -5.0, "ok", 2),
            ("710000000", "p", 2022, 101.0, "ok", 3),
            ("750000000", "p", 2022, 50.0, "ok", 4),
            ("000000000", "n", 2022, 10.0, "ok", 5),
            ("710000000", "r", 2022, -0.5, "ok", 6),
            ("750000000", "r", 2022, 0.0, "ok", 7),
        ]
    )
    kinds = {
        "n": {"kind": "count", "additive": False},
        "p": {"kind": "percent"},
        "r": {"kind": "rate"},
    }
    v = validate(df, "s", kinds, registry)
    assert sorted(errors(v)["check"]) == ["negative_count", "negative_rate", "percent_range"]
    assert "row 3" in v[v["check"] == "percent_range"].iloc[0]["message"]
    assert "negative rate -0.5" in v[v["check"] == "negative_rate"].iloc[0]["message"]


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


def _found(v, source, check):
    hit = v[(v["source"] == source) & (v["check"] == check)]
    return sorted(zip(hit["kato"], hit["indicator"], hit["year"], strict=True))


def test_sdg_9_2_1_zeros_and_jumps_are_findings(registry):
    """SDG 9-2-1's zeros for values not published and its suspect jumps are warnings; the zeros
    (never the jumps) stay out of the clean table, the snapshot keeps them as printed."""
    spec = load_sources()["sdg_9_2_1"]
    snap = read_snapshot(verify_snapshot("sdg_9_2_1"))
    v = validate(snap, "sdg_9_2_1", spec["indicators"], registry, spec.get("accept"))
    assert errors(v).empty
    pct, usd = "manufacturing_va_pct_grp", "manufacturing_va_per_capita_usd"
    # the pre-2022 units East Kazakhstan, Karaganda and Almaty Region in 2022-2023 (both units),
    # Shymkent's share 2021-2023, North Kazakhstan's per-capita value 2022-2023
    zeros = {(k, pct, y) for k in ("190000000", "350000000", "630000000") for y in (2022, 2023)}
    zeros |= {
        (k, usd, y)
        for k in ("190000000", "350000000", "630000000", "590000000")
        for y in (2022, 2023)
    }
    zeros |= {("790000000", pct, y) for y in (2021, 2022, 2023)}
    assert set(_found(v, "sdg_9_2_1", "zero_not_published")) == zeros and len(zeros) == 17
    assert (v.loc[v["check"] == "zero_not_published", "severity"] == "warning").all()
    # Astana 4.1 -> 22.9 (2019) and 23.0 -> 4.6 (2021), Shymkent 22.6 -> 4.0 (2019), Kyzylorda's
    # per-capita value of 2020 (292.7 -> 1,435.7 -> 312.1)
    assert _found(v, "sdg_9_2_1", "year_jump") == [
        ("430000000", usd, 2020), ("430000000", usd, 2021),
        ("710000000", pct, 2019), ("710000000", pct, 2021), ("790000000", pct, 2019),
    ]  # fmt: skip
    astana = v[(v["check"] == "year_jump") & (v["kato"] == "710000000") & (v["year"] == 2019)]
    assert (
        "value 22.9 (indicator_9-2-1.csv, row 321, column Value) is 5.59 times the value 4.1 of 2018"
        in astana.iloc[0]["message"]
    )
    clean = usable_table(snap, v).set_index(["kato", "indicator", "year"])
    assert clean.loc[("350000000", pct, 2022), "status"] == "not_published"
    assert pd.isna(clean.loc[("350000000", pct, 2022), "value"])
    assert clean.loc[("350000000", pct, 2021), "value"] == 27.1  # the year before: a value
    assert clean.loc[("710000000", pct, 2019), "value"] == 22.9  # a jump is reported, not removed
    assert (clean["status"] == "not_published").sum() == 17
    raw = snap.set_index(["kato", "indicator", "year"])
    assert raw.loc[("350000000", pct, 2022), "value"] == 0.0  # the snapshot records the file
    assert raw.loc[("350000000", pct, 2022), "status"] == "ok"


def test_sdg_4_4_1_percentages_above_100_are_accepted_defects(registry):
    """Almaty city's seven values above 100% (2016-2017) are warnings with the declared reason, and
    out of the clean table; without the declaration they stop the run."""
    spec = load_sources()["sdg_4_4_1"]
    snap = read_snapshot(verify_snapshot("sdg_4_4_1"))
    v = validate(snap, "sdg_4_4_1", spec["indicators"], registry, spec.get("accept"))
    hit = v[v["check"] == "percent_range"]
    assert len(hit) == 7 and set(hit["kato"]) == {"750000000"} and set(hit["year"]) == {2016, 2017}
    assert (hit["severity"] == "warning").all()
    assert hit["message"].str.contains("accepted in resources/sources.yaml: Almaty city").all()
    assert errors(v).empty
    clean = usable_table(snap, v).set_index(["kato", "indicator", "year"])
    assert clean.loc[("750000000", "ict_atch_youth", 2017), "status"] == "out_of_range"
    assert pd.isna(clean.loc[("750000000", "ict_atch_youth", 2017), "value"])
    assert clean.loc[("750000000", "ict_atch_youth", 2018), "value"] == 85.17929774648506
    strict = validate(snap, "sdg_4_4_1", spec["indicators"], registry)
    assert sorted(errors(strict)["check"]) == ["percent_range"] * 7


def test_zero_not_published_by_hand(registry):
    """A 0 far from the region's other values (in rounding steps) is not published; a 0 near them
    is a rounded small value; a 0 before the region was created is left to before_creation."""
    df = _obs(
        [
            ("710000000", "p", 2020, 20.0, "ok", 2),
            ("710000000", "p", 2021, 21.5, "ok", 3),
            ("710000000", "p", 2022, 0.0, "ok", 4),  # 20 / 0.1 = 200 steps away: not published
            ("750000000", "p", 2020, 0.3, "ok", 5),
            ("750000000", "p", 2021, 0.0, "ok", 6),  # 0.3 = 3 steps: a rounded value
            ("100000000", "p", 2021, 0.0, "ok", 7),  # Abai, created 2022
            ("100000000", "p", 2022, 5.0, "ok", 8),
        ]
    )
    v = validate(df, "s", {"p": {"kind": "percent", "additive": False}}, registry)
    zeros = v[v["check"] == "zero_not_published"]
    assert zeros[["kato", "year"]].values.tolist() == [["710000000", 2022]]
    assert "the smallest is 20, 200 rounding steps of 0.1" in zeros.iloc[0]["message"]
    assert v.loc[v["check"] == "before_creation", "kato"].tolist() == ["100000000"]
    clean = usable_table(df, v)
    assert clean["status"].tolist() == ["ok", "ok", "not_published", "ok", "ok", "ok", "ok"]
    assert clean["value"].isna().tolist() == [False, False, True, False, False, False, False]


def test_year_jump_by_hand(registry):
    """A change of 3 times or more between consecutive published years is a warning; 2.9 times is
    not, nor a jump between values within 10 rounding steps of zero."""
    df = _obs(
        [
            ("710000000", "r", 2018, 4.1, "ok", 2),
            ("710000000", "r", 2019, 22.9, "ok", 3),  # x5.59
            ("710000000", "r", 2020, 23.0, "ok", 4),
            ("750000000", "r", 2018, 4.1, "ok", 5),
            ("750000000", "r", 2019, 11.9, "ok", 6),  # x2.9
            ("790000000", "r", 2018, 0.1, "ok", 7),
            ("790000000", "r", 2019, 0.5, "ok", 8),  # x5, but 1 and 5 steps of 0.1
            ("790000000", "r", 2020, 0.4, "ok", 9),
        ]
    )
    v = validate(df, "s", {"r": {"kind": "rate", "additive": False}}, registry)
    jumps = v[v["check"] == "year_jump"]
    assert jumps[["kato", "year", "severity"]].values.tolist() == [["710000000", 2019, "warning"]]
    assert "is 5.59 times the value 4.1 of 2018" in jumps.iloc[0]["message"]


def test_accepted_check_is_a_warning_with_its_reason(registry):
    df = _obs([("710000000", "p", 2022, 101.0, "ok", 3), ("750000000", "p", 2022, 50.0, "ok", 4)])
    spec = {"p": {"kind": "percent", "additive": False}}
    assert errors(validate(df, "s", spec, registry))["check"].tolist() == ["percent_range"]
    v = validate(df, "s", spec, registry, {"percent_range": "a known defect"})
    assert errors(v).empty
    assert v["message"].tolist() == [
        "percentage 101 outside 0-100 (row 3); not used (accepted in resources/sources.yaml: "
        "a known defect)"
    ]
    assert usable_table(df, v)["status"].tolist() == ["out_of_range", "ok"]
