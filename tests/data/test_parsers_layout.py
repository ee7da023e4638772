"""Upstream files whose layout is not what the parser expects: one-line errors naming file, sheet, row
and column, never a traceback, never a table read off by a row, and never a write to results/cache/.

The real files come from ../shared/data; a table that moved is made by inserting a row with openpyxl
(.xlsx) or by shifting the grid the parser reads (.xls: no .xls writer is installed)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from conftest import shared_file
from loopback import Server

from kzrd.core.errors import InputError
from kzrd.data import parsers
from kzrd.data.parsers import parse_source
from kzrd.reference.sources import load_sources

SOURCES = load_sources()


def _inserted_row(path, sheet: str, at: int = 1) -> bytes:
    """The workbook at ``path`` with an empty row inserted above row ``at`` of ``sheet``."""
    wb = openpyxl.load_workbook(path)
    wb[sheet].insert_rows(at)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _one_line(err: pytest.ExceptionInfo) -> str:
    msg = str(err.value)
    assert "\n" not in msg
    return msg


def test_xlsx_table_moved_down_one_row_is_refused(tmp_path, registry):
    spec = SOURCES["bns_population_2023"]
    moved = tmp_path / "population_2023-01-01_bns.xlsx"
    moved.write_bytes(_inserted_row(shared_file(spec["shared_path"]), "01"))
    with pytest.raises(InputError) as err:
        parse_source(spec, moved, registry)
    assert _one_line(err) == (
        "population_2023-01-01_bns.xlsx: sheet 01, row 6, column A: the table's first row holds an "
        "empty cell, not a region; the table is declared in rows 6-26 but region labels are in rows "
        "7-27: its layout has changed; check the file, and its parser settings in "
        "resources/sources.yaml"
    )


def test_xlsx_header_moved_is_refused_and_located(tmp_path, registry):
    spec = SOURCES["bns_grp"]
    moved = tmp_path / "grp_by_region_bns_en.xlsx"
    moved.write_bytes(_inserted_row(shared_file(spec["shared_path"]), "2008-2023"))
    with pytest.raises(InputError) as err:
        parse_source(spec, moved, registry)
    assert _one_line(err).startswith(
        "grp_by_region_bns_en.xlsx: sheet 2008-2023, row 3: no annual columns 2008-2023 in the "
        "header row (annual headers are in row 4: the table has moved)"
    )


def _shifted(monkeypatch, spec, shift):
    """Make the parser read ``spec``'s real sheet through ``shift`` (a function of the grid)."""
    real = parsers._read_sheet(shared_file(spec["shared_path"]), spec["parser"]["sheet"])
    monkeypatch.setattr(parsers, "_read_sheet", lambda path, sheet: shift(real))
    return shared_file(spec["shared_path"])


@pytest.mark.parametrize(
    ("shift", "expected"),
    [
        (lambda g: [[""] * 8, *g], "sheet 1, row 6, column A: the table's first row holds an empty cell"),
        (lambda g: g[1:], "sheet 1, row 26, column A: the table's last row holds 'Ескертпе: ҒЗТКЖ"),
        (lambda g: [g[0], *g[2:]], "sheet 1, row 26, column A: the table's last row holds 'Ескертпе"),
        (lambda g: [*g[:5], ["", "x"], *g[5:]], "sheet 1, row 6, column A: the table's first row holds an empty cell"),
        (lambda g: [["", *r] for r in g], "sheet 1, row 6, column A: the table's first row holds an empty cell"),
        (lambda g: [r[:1] + r[2:] for r in g], "sheet 1, column H, rows 6-26: no value in the column of rd_external_expenditure"),
        (lambda g: [*g[:9], ["Атлантида", 1, 2, 3, 4, 5, 6, 7], *g[10:]], "sheet 1, row 10, column A: unknown region label 'Атлантида'"),
        (lambda g: [*g[:9], [g[9][0], "n/a", *g[9][2:]], *g[10:]], "sheet 1, row 10, column B: cannot read 'n/a'"),
        (lambda g: g[:20], "sheet 1, row 26, column A: the table's last row holds an empty cell"),
    ],
    ids=["down", "up", "row_deleted", "row_inserted", "column_inserted", "column_deleted",
         "not_a_region", "not_a_number", "cut_short"],
)  # fmt: skip
def test_xls_layout_changes_are_refused(monkeypatch, registry, shift, expected):
    spec = SOURCES["bns_rnd_2022_expenditure"]
    path = _shifted(monkeypatch, spec, shift)
    with pytest.raises(InputError) as err:
        parse_source(spec, path, registry)
    assert _one_line(err).startswith(f"rnd_bulletin_2022_kk.xls: {expected}")


def test_the_real_sheets_pass_the_layout_checks(registry):
    """Every BNS table is exactly where sources.yaml declares it (the parity tests check the values)."""
    for sid, spec in SOURCES.items():
        if spec["parser"]["kind"] in ("bns_sheet", "bns_years"):
            assert len(parse_source(spec, shared_file(spec["shared_path"]), registry)), sid


@pytest.mark.parametrize(
    ("sid", "cut", "expected"),
    [
        ("bns_population_2023", 5000, r"not a readable \.xlsx workbook \(BadZipFile"),
        ("bns_rnd_2022_expenditure", 5000, r"not a readable \.xls workbook"),
        ("bns_higher_education_2022", 3000, r"not a readable PDF"),
    ],
)
def test_truncated_files_are_one_line(tmp_path, registry, sid, cut, expected):
    spec = SOURCES[sid]
    real = shared_file(spec["shared_path"])
    bad = tmp_path / real.name
    bad.write_bytes(real.read_bytes()[:cut])
    with pytest.raises(InputError, match=rf"^{real.name}: {expected}") as err:
        parse_source(spec, bad, registry)
    _one_line(err)


# ---- the reported case, online: the moved table never touches results/cache/


@pytest.fixture
def population_server():
    spec = SOURCES["bns_population_2023"]
    real = shared_file(spec["shared_path"]).read_bytes()
    s = Server()
    s.routes["/population.xlsx"] = [(200, real, {}, 0)]
    yield s, spec, real
    s.close()


def _state(cache):
    return {
        p.relative_to(cache).as_posix(): p.read_bytes()
        for p in sorted(cache.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("opt_in", [False, True])
def test_online_moved_table_leaves_the_cache_byte_identical(
    population_server, tmp_path, registry, opt_in
):
    import download

    server, spec, _ = population_server
    cache = tmp_path / "cache"
    online = {
        "timeout_s": 2,
        "retries": 0,
        "urls": {"bns_population_2023": server.url("/population.xlsx")},
    }
    download.online_observations("bns_population_2023", spec, online, registry, cache)
    before = _state(cache)
    assert sorted(before) == [
        "raw/bns_population_2023.parquet",
        "upstream/population_2023-01-01_bns.xlsx",
    ]
    moved = _inserted_row(shared_file(spec["shared_path"]), "01")
    server.routes["/population.xlsx"] = [(200, moved, {}, 0)]
    if opt_in:
        online["accept_changed"] = ["bns_population_2023"]
    with pytest.raises(InputError) as err:
        download.online_observations("bns_population_2023", spec, online, registry, cache)
    msg = _one_line(err)
    if opt_in:  # the sha256 is accepted: the parser refuses the layout
        assert msg.startswith("population_2023-01-01_bns.xlsx: sheet 01, row 6, column A:")
    else:  # the pin refuses it first
        assert "does not match the pinned" in msg and "online.accept_changed" in msg
    assert f"the last good download is kept at {cache / 'upstream'}" in msg
    assert _state(cache) == before  # byte-identical: nothing written, nothing removed
