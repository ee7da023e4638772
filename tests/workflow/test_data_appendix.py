"""The data appendix (results/report/data.html) as the way into every intermediate file without
Python: each Parquet file of the run has a CSV copy (rule csv_export) holding exactly its values, the
appendix links its row to that CSV and previews its first rows, and the appendix opens folded by
section while every anchor the other documents link to still opens its section in Chromium.

Uses the session's workflow run (conftest.workflow) and the browser helpers of test_browser.py."""

from __future__ import annotations

import csv
import html
import io
import math
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from test_browser import (  # noqa: F401
    DESKTOP,
    HEIGHT,
    PHONE,
    browser,
    check_no_overflow,
    context,
    open_document,
    watch,
)

from kzrd.core.io import read_parquet
from kzrd.present.export import ENCODING, PREVIEW_ROWS, csv_path

pytestmark = pytest.mark.e2e


def _parquets(workflow: Path) -> list[str]:
    files = sorted(str(p.relative_to(workflow)) for p in (workflow / "results").rglob("*.parquet"))
    assert len(files) >= 100, len(files)
    return files


def _records(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=ENCODING))))


def _same(text: str, value, dtype: str) -> bool:
    """A CSV field against the stored value, read independently of the writer's code."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return text == ""
    if dtype == "float64":
        return float(text) == value and math.copysign(1, float(text)) == math.copysign(1, value)
    if dtype in ("int64", "Int64"):
        return int(text) == value
    if dtype == "boolean":
        return text == str(bool(value))
    return text == value


def test_every_parquet_has_a_csv_with_exactly_its_values(workflow):
    for rel in _parquets(workflow):
        df = read_parquet(workflow / rel)
        target = workflow / csv_path(rel)
        assert target.is_file(), f"{rel}: no CSV {csv_path(rel)}"
        rows = _records(target)
        assert rows[0] == list(df.columns), rel  # the schema's order
        assert len(rows) - 1 == len(df), rel
        for c, col in enumerate(df.columns):
            dtype = str(df[col].dtype)
            bad = [
                (i, r[c], v)
                for i, (r, v) in enumerate(zip(rows[1:], df[col].tolist(), strict=True))
                if not _same(r[c], v, dtype)
            ]
            assert not bad, f"{rel} column {col}: {bad[:3]}"


def test_csv_bytes_are_utf8_and_stable(workflow):
    raw = (workflow / "results/csv/clean/bns_population_2023.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert "Абай" in raw.decode("utf-8-sig")  # the upstream label, Cyrillic as printed


def _rows(workflow: Path) -> dict[str, str]:
    """data.html: the id of each file's row of the outputs table -> its markup (to the next row,
    or the end of the exhibit for the last one; a row holds the preview's own table)."""
    text = (workflow / "results/report/data.html").read_text(encoding="utf-8")
    starts = list(re.finditer(r'<tr id="(f-[^"]+)">', text))
    ends = [m.start() for m in starts[1:]] + [text.index("</figure>", starts[-1].end())]
    return {m[1]: text[m.end() : end] for m, end in zip(starts, ends, strict=True)}


def test_every_parquet_row_links_its_csv_and_previews_its_first_rows(workflow):
    from kzrd.reference.exhibits import file_anchor

    rows = _rows(workflow)
    here = workflow / "results" / "report"
    for rel in _parquets(workflow):
        row = rows.get(file_anchor(rel))
        assert row, f"{rel}: no row {file_anchor(rel)} in data.html"
        links = re.findall(r'<a href="([^"]+\.csv)">', row)
        assert links == [f"../{csv_path(rel).removeprefix('results/')}"], (rel, links)
        assert (here / urlsplit(links[0]).path).resolve() == (workflow / csv_path(rel)).resolve()
        table = re.search(r'<table class="preview">(.*?)</table>', row, re.S)
        assert table, f"{rel}: no preview"
        shown = [
            [html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", table[1], re.S)
        ]
        records = _records(workflow / csv_path(rel))
        assert shown == records[: PREVIEW_ROWS + 1], rel
        n = len(records) - 1
        assert (f"first {min(n, PREVIEW_ROWS)} of {n}" if n else "no rows") in row, rel


def test_the_outputs_csv_of_the_appendix_reads_the_preview_as_tab_separated(workflow):
    """The appendix's own CSV of the outputs table (its data: link) keeps the preview's cells apart."""
    import base64

    text = (workflow / "results/report/data.html").read_text(encoding="utf-8")
    fig = re.search(
        r'<figure class="exhibit table[^"]*" id="x-d_outputs">(.*?)</figure>', text, re.S
    )
    uri = re.search(
        r'class="csv" download="[^"]+" href="data:text/csv;charset=utf-8;base64,([^"]+)"', fig[1]
    )
    table = list(csv.DictReader(io.StringIO(base64.b64decode(uri[1]).decode("utf-8"))))
    row = next(r for r in table if r["File"] == "results/audit/verdicts.parquet")
    assert row["As CSV"] == "results/csv/audit/verdicts.csv"
    lines = row["First rows"].split("\n")
    assert lines[1].split("\t")[:3] == ["claim_id", "kind", "section"]


# ------------------------------------------------------------------------------------ browser


def _open_sections(page) -> list[str]:
    return page.eval_on_selector_all(
        "details.sect", "els => els.filter(d => d.open).map(d => d.querySelector('h2').id)"
    )


def _visible(page, anchor: str) -> bool:
    return page.evaluate(
        """id => { const e = document.getElementById(id); const r = e.getBoundingClientRect();
                   return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; }""",
        anchor,
    )


def _open_at(context, path: Path, anchor: str, width: int):  # noqa: F811
    """A new page opened at ``path#anchor`` (network blocked as in test_browser)."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": HEIGHT})
    rec = watch(page, path.resolve().as_uri())
    page.goto(path.resolve().as_uri() + "#" + anchor, wait_until="load")
    page.wait_for_timeout(200)
    return page, rec


@pytest.mark.parametrize("width", (DESKTOP, PHONE))
def test_the_appendix_opens_folded_and_a_link_opens_its_section(context, workflow, width):  # noqa: F811
    data = workflow / "results" / "report" / "data.html"
    page, rec = open_document(context, data, width)
    assert _open_sections(page) == [] and len(page.query_selector_all("details.sect")) == 6
    # folded, the appendix is a few screens long, not the length of every table
    assert page.evaluate("document.documentElement.scrollHeight") < 3 * HEIGHT
    page.close()
    file_anchor = "f-results-audit-verdicts-parquet"
    number_anchor = re.findall(r'<tr id="(n-[^"]+)"', data.read_text(encoding="utf-8"))[-1]
    # opened at an anchor inside a folded section: that section opens, the row is on screen
    page, rec = _open_at(context, data, file_anchor, width)
    assert _open_sections(page) == ["d-outputs"] and _visible(page, file_anchor)
    # a link followed within the page (hashchange) opens the section of its target too
    page.evaluate("id => { location.hash = id; }", number_anchor)
    page.wait_for_timeout(200)
    assert _open_sections(page) == ["d-outputs", "d-numbers"] and _visible(page, number_anchor)
    assert not rec.console_errors and not rec.page_errors and not rec.foreign_requests
    page.close()


def test_links_of_the_report_into_the_appendix_land_on_an_open_row(context, workflow):  # noqa: F811
    """Every distinct data.html#... target of the main report and the supplement, opened as the
    link opens it: the target is on screen, its section open."""
    data = workflow / "results" / "report" / "data.html"
    targets = set()
    for doc in ("report.html", "supplement.html"):
        text = (data.parent / doc).read_text(encoding="utf-8")
        targets |= set(re.findall(r'href="data\.html#([^"]+)"', text))
    assert len(targets) > 20
    page = context.new_page()
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    page.goto(data.resolve().as_uri(), wait_until="load")
    hidden = []
    for anchor in sorted(targets):
        page.goto(data.resolve().as_uri() + "#" + anchor)
        page.wait_for_timeout(50)
        if not _visible(page, anchor):
            hidden.append(anchor)
    assert not hidden, hidden[:5]
    page.close()


def test_opened_in_full_the_appendix_still_fits_a_phone(context, workflow):  # noqa: F811
    """Every section and every preview opened: nothing wider than the phone's screen."""
    page, _ = open_document(context, workflow / "results" / "report" / "data.html", PHONE)
    folded = page.evaluate("document.documentElement.scrollHeight")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollHeight") > 20 * folded
    assert check_no_overflow(page) == []
    page.close()
