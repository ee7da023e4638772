"""Every Parquet output as a file that opens without Python: a CSV copy (results/csv/<path>.csv) for a
spreadsheet, and an HTML view of it for the tables Snakemake's report shows (a browser shows no
Parquet).

The CSV holds every value as stored: floats as Python's shortest repr, which reads back to the same
float64 (0.1 stays 0.1, 1/3 is 0.3333333333333333), integers in full, booleans as True/False, text as
is; a missing value is an empty field. Columns keep the Parquet's order. The file is UTF-8 with a byte
order mark (so that a spreadsheet shows the Cyrillic labels of the upstream files), lines end in
``\\n``: the same Parquet gives the same bytes."""

from __future__ import annotations

import csv
import html
import io
import math
from pathlib import Path

import pandas as pd

from kzrd.core.io import read_parquet, write_bytes

CSV_DIR = "results/csv"
ENCODING = "utf-8-sig"
PREVIEW_ROWS = 5  # the first rows the data appendix shows of each file


def csv_path(parquet: str) -> str:
    """results/<path>.parquet -> results/csv/<path>.csv."""
    return _beside(parquet, ".csv")


def view_path(parquet: str) -> str:
    """results/<path>.parquet -> results/csv/<path>.html (the HTML view of its CSV)."""
    return _beside(parquet, ".html")


def _beside(parquet: str, suffix: str) -> str:
    p = Path(parquet)
    if p.suffix != ".parquet" or not p.parts or p.parts[0] != "results":
        raise ValueError(f"{parquet}: not a Parquet file under results/")
    return str(Path(CSV_DIR, *p.parts[1:]).with_suffix(suffix))


def _text(v, dtype: str) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if dtype.startswith("float"):
        return repr(float(v))
    if dtype.lower().startswith("int"):
        return str(int(v))
    if dtype.lower().startswith("bool"):
        return "True" if bool(v) else "False"
    return str(v)


def cells(df: pd.DataFrame) -> list[list[str]]:
    """The header and every row of ``df`` as the CSV writes them."""
    cols = []
    for c in df.columns:
        s = df[c]
        dtype = str(s.dtype)
        cols.append([_text(v, dtype) for v in s.tolist()])
    return [[str(c) for c in df.columns], *map(list, zip(*cols, strict=True))]


def csv_text(df: pd.DataFrame) -> str:
    """``df`` as CSV text (without the byte order mark)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(cells(df))
    return out.getvalue()


def preview(df: pd.DataFrame, n: int = PREVIEW_ROWS) -> list[list[str]]:
    """The header and the first ``n`` rows of ``df`` as its CSV writes them."""
    return cells(df.head(n))


def view_html(df: pd.DataFrame, parquet: str) -> str:
    """A self-contained HTML page of the whole table, each cell the text of its CSV."""
    rows = cells(df)
    numeric = [str(df[c].dtype).startswith(("float", "int", "Int")) for c in df.columns]

    def td(tag: str, text: str, num: bool) -> str:
        return f"<{tag}{' class=num' if num else ''}>{html.escape(text)}</{tag}>"

    head = "".join(td("th", t, n) for t, n in zip(rows[0], numeric, strict=True))
    body = "\n".join(
        "<tr>" + "".join(td("td", t, n) for t, n in zip(r, numeric, strict=True)) + "</tr>"
        for r in rows[1:]
    )
    name = html.escape(parquet)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{name}</title>\n<style>body{{font-family:sans-serif;font-size:14px;margin:1em}}"
        "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 6px;"
        "vertical-align:top;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}"
        "thead th{position:sticky;top:0;background:#eee}</style></head>\n<body>\n"
        f"<h1 style=font-size:1.1em><code>{name}</code></h1>\n"
        f"<p>{len(df)} rows, {len(df.columns)} columns; each cell as in "
        f"<code>{html.escape(csv_path(parquet))}</code> (the value as stored).</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>\n</body></html>\n"
    )


def write_exports(parquets: list[str], views: list[str]) -> None:
    """The CSV of every file of ``parquets``, and the HTML view of those whose view is in ``views``
    (paths as :func:`view_path` gives them)."""
    wanted = set(views)
    for p in parquets:
        df = read_parquet(p)
        write_bytes(csv_path(p), csv_text(df).encode(ENCODING))
        if view_path(p) in wanted:
            write_bytes(view_path(p), view_html(df, p).encode("utf-8"))
            wanted.discard(view_path(p))
    if wanted:
        raise ValueError(f"HTML views of no input Parquet file: {', '.join(sorted(wanted))}")
