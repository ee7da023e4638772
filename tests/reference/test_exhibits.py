"""How a table cell is printed, and the exhibit map's rows (kzrd.reference.exhibits)."""

from __future__ import annotations

import pandas as pd
import pytest

from kzrd.reference.exhibits import cell, exhibit_map, exhibit_rows, load_registry


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (7280.0, "sig3", "7,280"),  # the official researchers of Almaty city, never '7.28e+03'
        (3554.4, "sig3", "3,554"),
        (46.83, "sig3", "46.8"),
        (370.4, "sig3", "370"),
        (0.0035812, "sig3", "0.00358"),
        (2023, "year", "2023"),  # a year has no thousands separator
        (2023, "int", "2,023"),
        (2567.2, "ratio", "2,567"),
        (1.444, "ratio", "1.44"),
        (0.0004, "pval", "< 0.001"),
        (float("nan"), ".1f", "—"),
        (pd.NA, "text", "—"),
        ("", "text", "—"),
    ],
)
def test_cell_formats(value, fmt, printed):
    assert cell(value, fmt) == printed


def test_exhibit_rows_carry_what_the_map_prints(root):
    entries = load_registry(root / "resources" / "exhibits.yaml")
    rows = exhibit_rows(entries)
    assert len(rows) == len(entries)
    assert rows[0]["id"] == entries[0]["id"]
    for kind, word in (("table", "Table 1"), ("figure", "Figure 1")):  # each kind counts on its own
        first = next(r for r, e in zip(rows, entries, strict=True) if e["kind"] == kind)
        assert first["number"] == word
    assert "{{" not in "".join(r["caption"] for r in rows)  # template expressions shown as …
    markdown = exhibit_map(entries)
    assert markdown.count("\n") == len(rows) + 2
    assert all(f"| {r['number']} (`{r['id']}`)" in markdown for r in rows)
    assert all(r["files"] and r["rule"] and r["code"] for r in rows)
