"""The CSV copy of a Parquet output (kzrd.present.export): every value as stored, the same bytes for
the same table, and its HTML view for Snakemake's report."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from kzrd.core.io import read_parquet
from kzrd.present.export import (
    ENCODING,
    csv_path,
    csv_text,
    preview,
    view_html,
    view_path,
    write_exports,
)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kato": pd.array(["000000000", "750000000", None], dtype="string"),
            "label": pd.array(['Алматы, "город"', "line\nbreak", ""], dtype="string"),
            "value": [0.1, 1 / 3, np.nan],
            "big": [1e16, -0.0, 5e-324],
            "year": np.array([2022, 2023, 2024], dtype="int64"),
            "n": pd.array([1, None, 3], dtype="Int64"),
            "ok": pd.array([True, False, None], dtype="boolean"),
        }
    )


def test_csv_path_mirrors_results():
    assert csv_path("results/audit/verdicts.parquet") == "results/csv/audit/verdicts.csv"
    assert csv_path("results/clean/sdg_9_5_1.validation.parquet") == (
        "results/csv/clean/sdg_9_5_1.validation.csv"
    )
    assert view_path("results/audit/verdicts.parquet") == "results/csv/audit/verdicts.html"
    with pytest.raises(ValueError, match="not a Parquet file under results/"):
        csv_path("resources/regions.csv")


def test_every_value_reads_back_exactly():
    df = _frame()
    rows = list(csv.reader(io.StringIO(csv_text(df))))
    assert rows[0] == list(df.columns)
    assert rows[1] == ["000000000", 'Алматы, "город"', "0.1", "1e+16", "2022", "1", "True"]
    assert rows[2][1] == "line\nbreak" and rows[2][2] == "0.3333333333333333"
    assert rows[2][3] == "-0.0" and rows[2][5] == "" and rows[2][6] == "False"
    assert rows[3] == ["", "", "", "5e-324", "2024", "3", ""]  # missing -> empty field
    for text, value in zip([r[2] for r in rows[1:3]] + [r[3] for r in rows[1:]],
                           [*df["value"][:2], *df["big"]], strict=True):  # fmt: skip
        assert np.float64(float(text)).tobytes() == np.float64(value).tobytes()  # bit for bit


def test_preview_is_the_first_records():
    df = pd.DataFrame({"a": range(12), "b": [f"x{i}" for i in range(12)]})
    rows = preview(df)
    assert rows == [["a", "b"], *[[str(i), f"x{i}"] for i in range(5)]]
    assert preview(df.head(0)) == [["a", "b"]]


def test_write_exports_bytes_and_view(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "results" / "audit").mkdir(parents=True)
    df = _frame()
    df.to_parquet("results/audit/t.parquet", index=False)
    write_exports(["results/audit/t.parquet"], ["results/csv/audit/t.html"])
    raw = (tmp_path / "results/csv/audit/t.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r" not in raw
    assert raw.decode(ENCODING) == csv_text(read_parquet("results/audit/t.parquet"))
    write_exports(["results/audit/t.parquet"], ["results/csv/audit/t.html"])
    assert (tmp_path / "results/csv/audit/t.csv").read_bytes() == raw  # same bytes again
    page = (tmp_path / "results/csv/audit/t.html").read_text(encoding="utf-8")
    assert (
        "<td>Алматы, &quot;город&quot;</td>" in page
        and "<td class=num>0.3333333333333333</td>" in page
    )
    assert page.count("<tr>") == 4  # the header and the three rows
    with pytest.raises(ValueError, match=r"results/csv/audit/other\.html"):
        write_exports(["results/audit/t.parquet"], ["results/csv/audit/other.html"])


def test_view_names_the_file_and_its_csv():
    page = view_html(_frame(), "results/audit/t.parquet")
    assert "<code>results/audit/t.parquet</code>" in page
    assert "3 rows, 7 columns" in page and "results/csv/audit/t.csv" in page
