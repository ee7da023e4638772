"""GRP on the units of each year: a part split off from a region that goes on existing, given a value
before it was created, is added back to that region (kzrd.data.derived.on_units_of_their_year)."""

from __future__ import annotations

import pandas as pd
import pytest

from kzrd.data.derived import on_units_of_their_year
from kzrd.reference.sources import load_sources, read_snapshot, verify_snapshot, with_source

EK, ABAI, SOUTH, TURKISTAN = "630000000", "100000000", "510000000", "610000000"


def test_a_part_given_before_its_creation_is_added_to_its_region():
    s = pd.Series(
        {(EK, 2020): 10.0, (EK, 2021): 7.0, (ABAI, 2021): 4.0, (EK, 2022): 8.0, (ABAI, 2022): 5.0}
    )
    out = on_units_of_their_year(s, {ABAI: 2022}, {ABAI: EK})
    assert out.to_dict() == {(EK, 2020): 10.0, (EK, 2021): 11.0, (EK, 2022): 8.0, (ABAI, 2022): 5.0}


def test_successors_of_a_unit_that_ended_are_left_alone():
    s = pd.Series({(SOUTH, 2017): 10.0, (TURKISTAN, 2017): 6.0})
    out = on_units_of_their_year(s, {TURKISTAN: 2018}, {})  # not split from a region that goes on
    assert out.to_dict() == s.to_dict()


def test_bns_grp_of_2021_is_recombined_onto_the_units_of_2021(registry):
    spec = load_sources()["bns_grp"]
    grp = with_source(read_snapshot(verify_snapshot("bns_grp")), "bns_grp")
    g = grp[grp["status"] == "ok"].set_index(["kato", "year"])["value"]
    out = on_units_of_their_year(g, registry.created, registry.split_from)
    assert spec["parser"]["kind"] == "bns_years"
    # East Kazakhstan 2021 as published (3,227,619.2) plus Abai (1,836,042.7)
    assert out[(EK, 2021)] == pytest.approx(3_227_619.2 + 1_836_042.7)
    assert (ABAI, 2021) not in out.index and out[(ABAI, 2022)] == g[(ABAI, 2022)]
