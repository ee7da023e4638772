"""The panel's series of the SDG sources 4.a.1, 4.4.1, 4.4.1.1 and 9.2.1, from the clean tables."""

from __future__ import annotations

import pandas as pd
import pytest

from kzrd.core.schemas import schema
from kzrd.data.clean import usable_table, validate
from kzrd.data.features import PANEL_VARIABLES, build_panel, variables_table
from kzrd.reference.labels import INDICATOR_LABELS
from kzrd.reference.sources import load_sources, read_snapshot, verify_snapshot

NEW = ("sdg_4_a_1", "sdg_4_4_1", "sdg_4_4_1_1", "sdg_9_2_1")


@pytest.fixture(scope="module")
def panel(registry):
    tables = []
    for sid in NEW:
        spec = load_sources()[sid]
        raw = read_snapshot(verify_snapshot(sid))
        tables.append(
            usable_table(raw, validate(raw, sid, spec["indicators"], registry, spec.get("accept")))
        )
    return build_panel(pd.concat(tables, ignore_index=True), registry).set_index(["kato", "year"])


def test_panel_carries_the_new_series(panel):
    assert panel.loc[("000000000", 2019), "schools_internet_pct"] == 94.06596377399296
    assert panel.loc[("000000000", 2015), "ict_cmfl_youth"] == 13.228162171083241
    assert panel.loc[("000000000", 2020), "ict_skills_national_pct"] == 84.1
    assert panel.loc[("350000000", 2021), "manufacturing_va_pct_grp"] == 27.1
    assert panel.loc[("000000000", 2023), "manufacturing_va_per_capita_usd"] == 1364.8
    # a zero that stands for 'not published' and a percentage above 100 are missing, not values
    # (alone, these sources give Karaganda no value in 2022: its panel row is then absent)
    assert pd.isna(_cell(panel, "350000000", 2022, "manufacturing_va_pct_grp"))
    assert pd.isna(_cell(panel, "750000000", 2017, "ict_atch_youth"))
    assert panel.loc[("750000000", 2017), "ict_prgm_youth"] > 0  # the row is there
    # a region the file has no row for: missing
    assert pd.isna(_cell(panel, "610000000", 2019, "manufacturing_va_pct_grp"))
    assert panel.loc[("610000000", 2019), "schools_internet_pct"] == 83.04347826086956


def _cell(panel, kato, year, column):
    return panel.reindex([(kato, year)]).iloc[0][column]


def test_new_panel_variables_are_declared_labelled_and_in_the_schema():
    declared = [v for v, *_ in PANEL_VARIABLES]
    columns = schema("panel").names
    assert columns[3:] == declared  # after kato, region, year, in the panel's order
    table = variables_table().set_index("variable")
    for v in declared[6:]:  # the series of the four sources
        assert v in INDICATOR_LABELS, v
        assert table.at[v, "sources"] in NEW
    assert table.at["ict_prgm_adults", "unit"] == "% of adults aged 15+"
    assert "SKILL_ICTPRGM (writing a computer program)" in table.at["ict_prgm_adults", "formula"]
