"""The 2019 study in its own time (kzrd.study2019.own_time): the territory of a year from the registry,
the 2022 cross-section recombined onto earlier units (a hand-made example and one value by hand from
the real snapshots), the 2017 cross-section on the units of 2017, the data-year check, and the grid of
index variants against build_index on the same cross-section."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kzrd import PROJECT_ROOT
from kzrd.core.errors import InputError
from kzrd.reference.paper import load_named_2019
from kzrd.reference.sources import load_sources, read_snapshot, verify_snapshot
from kzrd.study2019 import own_time as ot
from kzrd.study2019.index import build_index, load_framework

R = PROJECT_ROOT / "resources"
EAST, ABAI = "630000000", "100000000"
SOUTH, TURKISTAN, SHYMKENT = "510000000", "610000000", "790000000"
LATER = {ABAI, "330000000", "620000000", TURKISTAN, SHYMKENT}  # Abai, Zhetisu, Ulytau, ...


@pytest.fixture(scope="module")
def clean(snapshot_clean):
    return snapshot_clean


@pytest.fixture(scope="module")
def cross_section(snapshot_cross_section):
    return snapshot_cross_section


@pytest.fixture(scope="module")
def framework():
    return load_framework(R / "index_framework.yaml")


@pytest.fixture(scope="module")
def own(framework):
    return ot.load_own_time(R / "own_time.yaml", framework, load_sources())


@pytest.fixture(scope="module")
def tables(cross_section, clean, registry, framework, own):
    named = list(load_named_2019(R / "paper" / "study2019_regions.csv", registry)["kato"])
    return ot.own_time_tables(cross_section, clean, registry.regions, named, framework, own,
                              load_sources(), 2017, 2022, 2019, 2000)  # fmt: skip


# ------------------------------------------------------------------ territory of a year


def test_territory_2017_from_the_registry(registry):
    units, members = ot.territory(registry.regions, 2017)
    assert len(units) == 16 and SOUTH in set(units["kato"])
    assert not LATER & set(units["kato"])
    unit_of = members.set_index("kato")["unit_kato"]
    assert len(unit_of) == 20  # every current unit lies in one unit of 2017
    assert unit_of[ABAI] == EAST  # Abai -> East Kazakhstan
    assert unit_of["330000000"] == "190000000"  # Zhetisu -> Almaty Region
    assert unit_of["620000000"] == "350000000"  # Ulytau -> Karaganda
    assert unit_of[TURKISTAN] == SOUTH and unit_of[SHYMKENT] == SOUTH
    unchanged = members[~members["kato"].isin(LATER)]
    assert (unchanged["kato"] == unchanged["unit_kato"]).all()
    assert units.set_index("kato").at[SOUTH, "region"] == "South Kazakhstan Region"


def test_territory_2018_and_2022_from_the_registry(registry):
    units, members = ot.territory(registry.regions, 2018)
    unit_of = members.set_index("kato")["unit_kato"]
    assert len(units) == 17 and SOUTH not in set(units["kato"])  # ended when its successors began
    assert unit_of[TURKISTAN] == TURKISTAN and unit_of[SHYMKENT] == SHYMKENT
    assert unit_of[ABAI] == EAST and unit_of["620000000"] == "350000000"
    units, members = ot.territory(registry.regions, 2022)
    assert set(units["kato"]) == set(registry.current["kato"])
    assert (members["kato"] == members["unit_kato"]).all()


def _registry_rows(rows):
    cols = [
        "kato",
        "name_en",
        "kind",
        "status",
        "year_created",
        "predecessor_kato",
        "successor_kato",
    ]
    return pd.DataFrame(rows, columns=cols).astype("string")


def test_territory_errors_name_the_registry():
    regions = _registry_rows([
        ("000000000", "Nation", "country", "current", "", "", ""),
        ("1", "Old", "region", "current", "1990", "", ""),
        ("2", "New", "region", "current", "2020", "", ""),  # created later, no predecessor
    ])  # fmt: skip
    with pytest.raises(InputError, match=r"^resources/regions.csv: 2 \(New\) was created in 2020"):
        ot.territory(regions, 2017)
    with pytest.raises(InputError, match=r"regions.csv: 1 \(Old\) was created in 1990"):
        ot.territory(regions, 1980)


def test_units_with_a_member_outside_the_cross_section_are_left_out(registry):
    units, members = ot.territory(registry.regions, 2017)
    present = set(registry.current["kato"]) - {ABAI}  # e.g. config regions without Abai
    kept, left_out = ot.covered_units(units, members, present)
    assert left_out == [EAST] and len(kept) == 15 and EAST not in set(kept["kato"])


# ------------------------------------------------------------------ recombination, by hand


SOURCES = {
    "bns_rnd_2022_personnel": {"indicators": {"researchers": {"additive": True}}},
    "bns_population_2023": {"indicators": {"population": {"additive": True}}},
    "sdg_17_8_1": {"indicators": {"internet_users_pct": {"additive": False}}},
}
OWN = {"rates": {"internet_users_pct": {"weight": "population", "reason": "r"}},
       "not_recombined": {}}  # fmt: skip


def _three_regions():
    regions = _registry_rows([
        ("000000000", "Nation", "country", "current", "", "", ""),
        ("1", "A", "region", "current", "1930", "", ""),
        ("2", "B", "region", "current", "1930", "", ""),  # lost territory to C in 2022
        ("3", "C", "region", "current", "2022", "2", ""),
    ])  # fmt: skip
    cs = pd.DataFrame({
        "kato": ["000000000", "1", "2", "3"], "region": ["Nation", "A", "B", "C"],
        "kind": ["country", "region", "region", "region"], "year": 2022,
        "researchers": [600.0, 100.0, 300.0, 200.0], "population": [6000.0, 1000.0, 3000.0, 2000.0],
        "internet_users_pct": [80.0, 90.0, 70.0, 85.0],
        "researchers_per_10k": [1000.0, 1000.0, 1000.0, 1000.0],
        "researchers_share_pct": [100.0, 100 / 6, 50.0, 100 / 3],
    })  # fmt: skip
    return regions, cs


def test_recombination_by_hand():
    regions, cs = _three_regions()
    units, members = ot.territory(regions, 2017)
    assert list(units["kato"]) == ["1", "2"]
    wide, long = ot.recombine(cs, units, members, SOURCES, OWN)
    b = wide.set_index("kato").loc["2"]
    assert b["researchers"] == 500 and b["population"] == 5000  # counts summed
    assert b["researchers_per_10k"] == pytest.approx(500 / 5000 * 1e4)  # recomputed from the sums
    assert b["internet_users_pct"] == pytest.approx((70 * 3000 + 85 * 2000) / 5000)  # weighted
    assert b["researchers_share_pct"] == pytest.approx(500 / 600 * 100)
    a = wide.set_index("kato").loc["1"]
    assert a["researchers"] == 100 and a["internet_users_pct"] == 90  # same territory: as it was
    method = long.set_index(["kato", "variable"])["method"]
    assert method["2", "internet_users_pct"].startswith("mean weighted by population")
    assert method["2", "researchers"] == "sum over the members (additive count)"
    assert long.set_index(["kato", "variable"]).at[("2", "researchers"), "members"] == "B; C"


def test_a_missing_member_gives_missing_with_the_reason():
    regions, cs = _three_regions()
    cs.loc[cs["kato"] == "3", "researchers"] = np.nan
    units, members = ot.territory(regions, 2017)
    wide, long = ot.recombine(cs, units, members, SOURCES, OWN)
    b = wide.set_index("kato").loc["2"]
    assert np.isnan(b["researchers"]) and np.isnan(b["researchers_per_10k"])
    assert b["population"] == 5000  # the other counts are still summed
    note = long.set_index(["kato", "variable"])["note"]
    assert note["2", "researchers"] == "no value for C (researchers)"
    assert note["2", "researchers_per_10k"] == "input(s) missing: researchers"


def test_a_rate_without_a_rule_is_an_error_naming_the_file():
    regions, cs = _three_regions()
    units, members = ot.territory(regions, 2017)
    with pytest.raises(
        InputError, match=r"^resources/own_time.yaml: key 'rates': .*internet_users_pct"
    ):
        ot.recombine(cs, units, members, SOURCES, {"rates": {}, "not_recombined": {}})


def test_recombined_value_by_hand_from_the_snapshots(tables):
    """2022 researchers per 10,000 of the 2017 East Kazakhstan = (East Kazakhstan + Abai researchers)
    / (their population) x 10,000, from the snapshots themselves."""
    people = read_snapshot(verify_snapshot("bns_rnd_2022_personnel"))
    people = people[people["indicator"] == "researchers"].set_index("kato")["value"]
    pop = read_snapshot(verify_snapshot("bns_population_2023"))
    pop = pop[pop["indicator"] == "population"].set_index("kato")["value"]
    expected = (people[EAST] + people[ABAI]) / (pop[EAST] + pop[ABAI]) * 1e4
    c = tables["cross_sections"]
    row = c[
        (c["data_year"] == 2022) & (c["kato"] == EAST) & (c["variable"] == "researchers_per_10k")
    ]
    assert row["value"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert row["members"].iloc[0] == "Abai Region; East Kazakhstan Region"


# ------------------------------------------------------------------ the data year on its own units


def test_2017_cross_section_has_the_16_units_of_2017(clean, registry, own):
    units, members = ot.territory(registry.regions, 2017)
    wide, _, dropped = ot.year_cross_section(clean, own, units, members, 2017, "Kazakhstan")
    regions = set(wide["kato"]) - {"000000000"}
    assert len(regions) == 16 and SOUTH in regions and not LATER & regions
    assert not wide[[i["column"] for i in own["common_set"]]].isna().any().any()
    assert dropped == []  # the four series give 2017 on the units of 2017 only
    south = wide.set_index("kato").loc[SOUTH]
    gpc = clean[(clean["source"] == "bns_grp_per_capita") & (clean["year"] == 2017)]
    assert south["grp_per_capita"] == gpc.set_index("kato").at[SOUTH, "value"]


def test_later_units_beside_a_retired_code_are_dropped(clean, registry, own):
    """BNS GRP gives 2017 for South Kazakhstan and for its successors: the successors are dropped."""
    units, members = ot.territory(registry.regions, 2017)
    grp = clean[clean["source"] == "bns_grp"]
    problem, dropped = ot.serving_problem(grp, "bns_grp", "grp", 2017, units, members)
    assert problem is None and dropped == [TURKISTAN, SHYMKENT]


def test_data_year_check_names_the_key(clean, registry, own):
    tables = {s: clean[clean["source"] == s] for s in {i["source"] for i in own["common_set"]}}
    ot.check_data_year(tables, own, registry.regions, 2017, 2022)  # served
    with pytest.raises(InputError, match=r"^config key 'study2019.data_year': 2021 cannot be served .*"
                       r"sdg_9_5_1 gives Abai Region .*; usable years: 2011-2020$"):  # fmt: skip
        ot.check_data_year(tables, own, registry.regions, 2021, 2022)
    with pytest.raises(InputError, match=r"^config key 'study2019.data_year': 2022 is not before"):
        ot.check_data_year(tables, own, registry.regions, 2022, 2022)
    with pytest.raises(
        InputError, match=r"2010 cannot be served .*sdg_17_8_1 gives no value for 2010;"
    ):
        ot.check_data_year(tables, own, registry.regions, 2010, 2022)


# ------------------------------------------------------------------ the variants


def test_variant_grid(tables, own):
    grid, top, scores = tables["grid"], tables["top5"], tables["scores"]
    per_set = np.prod([len(v) for v in own["variants"].values()])
    assert per_set == 12
    assert len(grid) == 8 and grid["built"].sum() == 5
    assert len(top) == 5 * per_set  # 60 variants
    built = grid[grid["built"]].set_index(ot.GRID)
    assert built["n_units"].to_dict() == {
        (2017, "units of 2017", "common"): 16, (2022, "units of 2017", "framework"): 16,
        (2022, "units of 2017", "common"): 16, (2022, "current units", "framework"): 20,
        (2022, "current units", "common"): 20,
    }  # fmt: skip
    missing = grid[~grid["built"]]
    assert set(missing[ot.GRID].itertuples(index=False, name=None)) == {
        (2017, "units of 2017", "framework"), (2017, "current units", "framework"),
        (2017, "current units", "common"),
    }  # fmt: skip
    assert missing["note"].str.len().gt(0).all()
    assert len(scores) == per_set * (3 * 16 + 2 * 20)
    assert (top["named_total"] == 5).all() and top["named_in_top5"].between(0, 5).all()
    assert set(grid.loc[grid["built"], "mc_replications"]) == {2000}
    assert grid.loc[grid["built"], "mc_named_top5_share"].between(0, 1).all()


def test_nominal_variant_reproduces_the_index(tables, cross_section, framework):
    """equal / minmax / arithmetic, framework set, 2022, today's units = build_index on the
    cross-section (what rule index_2019 writes to results/index/scores.parquet)."""
    s = tables["scores"]
    v = s[(s["data_year"] == 2022) & (s["territory"] == ot.CURRENT)
          & (s["indicator_set"] == "framework") & (s["normalisation"] == "minmax")
          & (s["aggregation"] == "arithmetic") & (s["weights"] == "equal")]  # fmt: skip
    nominal = build_index(cross_section, framework)["scores"].set_index("kato")
    got = v.set_index("kato")
    assert len(got) == 20
    assert got["rank"].to_dict() == nominal["rank"].to_dict()
    assert got["index"].to_numpy() == pytest.approx(nominal.loc[got.index, "index"].to_numpy())


def test_top5_lists_the_units_in_rank_order(tables):
    s, top = tables["scores"], tables["top5"]
    first = top.iloc[0]
    v = s.merge(top.iloc[[0]][ot.VARIANT], on=ot.VARIANT)
    assert first["top5"] == "; ".join(v.sort_values(["rank", "region"])["region"].head(5))
    south = s[(s["territory"] == "units of 2017") & (s["kato"] == SOUTH)]
    assert set(south["region"]) == {"South Kazakhstan Region"}
