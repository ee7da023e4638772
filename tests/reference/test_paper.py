"""The paper's typed-in tables against the seed text, cell by cell."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import seed_text

from kzrd.reference.paper import cells, load_meta, load_paper


def _block(text: str, number: int) -> str:
    """The text of Table ``number`` from its caption to its source line, whitespace collapsed."""
    start = text.index(f"Table {number}. ")
    end = text.index("Source:", start)
    return " ".join(text[start:end].split())


@pytest.mark.parametrize("number", [1, 2, 3])
def test_table_rows_are_the_seed_rows_in_order(registry, number):
    text = seed_text()
    t = load_paper(registry)[f"table{number}"].sort_values(["row", "column"])
    rows = [
        f"{g['region_printed'].iloc[0]} {' '.join(g['printed'])}"
        for _, g in t.groupby("row", sort=True)
    ]
    block = _block(text, number)
    # all rows, in print order, contiguous at the end of the table block: nothing added or left out
    assert block.endswith(" ".join(rows)), block[-300:]


@pytest.mark.parametrize("number", [1, 2, 3])
def test_titles_and_source_lines_are_the_seed_ones(number):
    text = " ".join(seed_text().split())
    spec = load_meta()["tables"][f"table{number}"]
    assert f"Table {number}. {spec['title']}" in text
    assert " ".join(spec["source_line"].split()) in text


def test_published_values(registry):
    p = load_paper(registry)
    t1 = p["table1"].set_index(["region_printed", "indicator"])["value"]
    assert t1[("Almaty city", "researchers")] == 10450
    assert t1[("Astana city", "rd_expenditure")] == 182.7
    assert t1[("Ulytau Region", "share_enterprises_rd")] == 2.8
    assert p["table1"]["value"].notna().all() and len(p["table1"]) == 15
    t2 = p["table2"]
    assert len(t2) == 32
    sums = t2.groupby("indicator")["value"].sum()
    # 10,450 + 8,130 + 5,420 + 4,870 + 3,720 + 2,650 + 1,780 + 740
    assert sums["researchers"] == 37760
    assert sums["universities"] == 95
    assert sums["publications_scopus"] == 11200 + 8540 + 2450 + 1120 + 670


def test_dashes_are_missing_with_reason(registry):
    t2 = load_paper(registry)["table2"]
    dashes = t2[t2["printed"] == "—"]
    assert len(dashes) == 6
    assert set(dashes["region_printed"]) == {"Kostanay Region", "Zhambyl Region", "Ulytau Region"}
    assert dashes["value"].isna().all()
    assert (dashes["status"] == "not_reported").all()
    assert dashes["reason"].str.startswith("not reported").all()
    assert (t2.loc[t2["printed"] != "—", "status"] == "ok").all()


def test_figure1_shares_are_quoted_from_the_text(registry):
    text = " ".join(seed_text().split())
    shares = load_paper(registry)["figure1_shares"]
    assert shares["quote"].iloc[0] in text
    for r in shares.itertuples():
        assert re.search(rf"{r.region_printed} (?:accounts )?for {r.printed}", r.quote)
    assert dict(zip(shares["kato"], shares["value"], strict=True)) == {
        "710000000": 28,
        "750000000": 24,
        "350000000": 15,
    }


def test_cells_frame(registry):
    c = cells(load_paper(registry))
    assert list(c["table"].unique()) == ["table1", "table2", "table3"]
    assert len(c) == 15 + 32 + 24
    assert isinstance(c, pd.DataFrame)
