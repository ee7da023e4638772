"""Parsers: each reads one upstream file into the tidy ``observations`` layout.

The same parser builds the shipped snapshot (``scripts/build_snapshots.py``) and, in online mode,
reads a freshly downloaded file, so snapshot and upstream are always comparable.
Every row keeps its provenance: file, sheet (or page), 1-based row and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from kzrd.core.errors import InputError
from kzrd.reference.regions import NATIONAL, Registry, default_registry

OBS_COLUMNS = [
    "kato",
    "label",
    "indicator",
    "year",
    "value",
    "unit",
    "status",
    "file",
    "sheet",
    "row",
    "column",
]

# BNS conventional symbols (sheet "Шартты белгілер" / "Условные обозначения").
BNS_SYMBOLS = {
    "-": "no_occurrence",
    "–": "no_occurrence",
    "x": "confidential",
    "х": "confidential",  # Cyrillic 'ha', as printed by BNS
    "...": "no_data",
    "0,0": "negligible",
    "…": "no_data",
}


def parse_cell(value: Any, where: str) -> tuple[float | None, str]:
    """(value, status) of one cell. BNS symbols become typed statuses, never numbers."""
    if isinstance(value, bool):
        raise InputError(f"{where}: unexpected boolean cell {value!r}")
    if isinstance(value, int | float):
        return float(value), "ok"
    text = str(value).strip() if value is not None else ""
    if text in BNS_SYMBOLS:
        return None, BNS_SYMBOLS[text]
    if text == "":
        return None, "no_data"
    try:
        return float(text.replace("\u00a0", "").replace(" ", "").replace(",", ".")), "ok"
    except ValueError:
        raise InputError(
            f"{where}: cannot read {text!r} as a number or a BNS symbol; "
            "check the file (its layout may have changed)"
        ) from None


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=OBS_COLUMNS)
    df["year"] = df["year"].astype("int64")
    df["row"] = df["row"].astype("int64")
    df["value"] = df["value"].astype("float64")
    for col in ["kato", "label", "indicator", "unit", "status", "file", "sheet", "column"]:
        df[col] = df[col].astype("string")
    return df.sort_values(["indicator", "kato", "year"], kind="stable").reset_index(drop=True)


def parse_sdg_csv(
    path: Path,
    *,
    indicator: str,
    unit: str | dict[str, str],
    filters: dict[str, str] | None = None,
    split_by: str | list[str] | None = None,
    suffixes: dict[str, dict[str, str]] | None = None,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """One indicator file of the national SDG platform (long CSV, regions as REF_AREA letter codes).

    ``filters`` keeps rows whose disaggregation columns have the given values ('' = total);
    ``split_by`` (a column or a list of columns) makes one indicator per combination of their values,
    ``{indicator}_{suffix}[_{suffix}...]`` in the order of the list; a row with an empty split column
    (a total) is left out. A value's suffix is the one ``suffixes[column]`` declares for it, or, for a
    column without a declared map, the last '_'-chunk of the value in lower case
    (``_L_KZ_170602_1A`` -> ``1a``); a value a declared map does not list is refused, naming the line.
    ``unit`` is one unit for every indicator or a map indicator id -> unit.
    An empty REF_AREA is the national row. A current region that existed in a year the file gives
    for an indicator (registry ``year_created``) but has no row there gets one with status
    ``not_in_file``: no value, row 0, the label its English name with the note '(no row in the file)'.
    """
    registry = registry or default_registry()
    path = Path(path)
    filters = filters or {}
    suffixes = suffixes or {}
    split = [split_by] if isinstance(split_by, str) else list(split_by or [])
    unknown = sorted(set(suffixes) - set(split))
    if unknown:
        raise InputError(
            f"{path.name}: parser option suffixes names column(s) {', '.join(unknown)} that are "
            "not in split_by; check the source's parser settings in resources/sources.yaml"
        )
    rows = []
    for lineno, rec in _csv_records(path, ["Year", "REF_AREA", "Value", *filters, *split]):
        if any((rec.get(k) or "") != v for k, v in filters.items()):
            continue
        if any(not rec[col] for col in split):
            continue
        name = "_".join(
            [indicator, *(_suffix(rec[c], suffixes.get(c), c, path, lineno) for c in split)]
        )
        area = rec["REF_AREA"].strip()
        kato = NATIONAL if area == "" else registry.resolve(area, f"{path.name} line {lineno}")
        value, status = parse_cell(rec["Value"], f"{path.name} line {lineno}, column Value")
        year = rec["Year"].strip()
        if not re.fullmatch(r"\d{4}", year):
            raise InputError(
                f"{path.name}: line {lineno}, column Year: {year!r} is not a year; "
                "check the file (is it the expected CSV?)"
            )
        rows.append(
            dict(
                kato=kato,
                label=area,
                indicator=name,
                year=int(year),
                value=value,
                unit=_unit_of(unit, name, path),
                status=status,
                file=path.name,
                sheet="",
                row=lineno,
                column="Value",
            )
        )
    if not rows:
        raise InputError(
            f"{path.name}: no rows match filters {filters}; check the file (is it the expected CSV?)"
        )
    return _frame(rows + _absent_rows(rows, registry, path))


def _suffix(
    value: str, declared: dict[str, str] | None, column: str, path: Path, lineno: int
) -> str:
    """The indicator suffix of one value of a split column (see :func:`parse_sdg_csv`)."""
    if declared is None:
        return value.rsplit("_", 1)[-1].lower()
    if value not in declared:
        raise InputError(
            f"{path.name}: line {lineno}, column {column}: value {value!r} has no suffix in the "
            f"parser's suffixes ({', '.join(declared)}); declare it in resources/sources.yaml"
        )
    return declared[value]


def _unit_of(unit: str | dict[str, str], name: str, path: Path) -> str:
    if isinstance(unit, str):
        return unit
    if name not in unit:
        raise InputError(
            f"{path.name}: indicator {name} has no unit in the parser's unit map "
            f"({', '.join(unit)}); declare it in resources/sources.yaml"
        )
    return unit[name]


def _absent_rows(
    rows: list[dict[str, Any]], registry: Registry, path: Path
) -> list[dict[str, Any]]:
    """A row with status ``not_in_file`` for every current region that existed in a year the file
    gives for an indicator but has no row for it there (the file's silence, recorded, never a value)."""
    created = registry.created
    current = list(registry.current["kato"])
    present = {(r["indicator"], r["year"], r["kato"]) for r in rows}
    units = {r["indicator"]: r["unit"] for r in rows}
    out = []
    for ind, year in sorted({(r["indicator"], r["year"]) for r in rows}):
        for kato in current:
            if (ind, year, kato) in present or created.get(kato, 0) > year:
                continue
            out.append(
                dict(
                    kato=kato,
                    label=f"{registry.name(kato)} (no row in the file)",
                    indicator=ind,
                    year=year,
                    value=None,
                    unit=units[ind],
                    status="not_in_file",
                    file=path.name,
                    sheet="",
                    row=0,
                    column="none",
                )
            )
    return out


def _csv_records(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, record) of a CSV file whose header must hold ``required``; one line per error.

    A file that is not UTF-8 text, has no header, lacks a column or has a row of another width than
    its header is refused, naming the line.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise InputError(
            f"{path.name}: line {line}: not UTF-8 text (byte {err.start}); "
            "check the file (is it the expected CSV?)"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header:
            raise InputError(f"{path.name}: line 1: no header line (empty file?); check the URL")
        for col in required:
            if col not in header:
                raise InputError(
                    f"{path.name}: missing column {col!r} (header: {','.join(header)}); "
                    "check the file (is it the expected CSV?)"
                )
        lineno = 1  # records are numbered from 2 (the header is 1), blank lines skipped
        for fields in reader:
            if not fields:
                continue  # a blank line, as csv.DictReader skips it
            lineno += 1
            if len(fields) != len(header):
                raise InputError(
                    f"{path.name}: line {reader.line_num}: {len(fields)} field(s) where the header "
                    f"has {len(header)}; check the file (truncated or not the expected CSV?)"
                )
            yield lineno, dict(zip(header, fields, strict=True))
    except csv.Error as err:
        raise InputError(
            f"{path.name}: line {reader.line_num}: not readable as CSV ({err}); check the file"
        ) from None


def _col_letter(idx: int) -> str:
    letters = ""
    idx += 1
    while idx:
        idx, rem = divmod(idx - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def parse_bns_sheet(
    path: Path,
    *,
    sheet: str,
    first_row: int,
    last_row: int,
    label_column: str,
    columns: dict[str, dict[str, str]],
    year: int,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """A BNS spreadsheet table: region labels in one column, one indicator per value column.

    Rows are 1-based spreadsheet rows; blank label rows are skipped; every other label must
    resolve through the registry. ``columns`` maps a column letter to ``{indicator, unit}``.
    The table must be where it is declared (:func:`_check_table_place`), and no value column may
    be empty throughout: a table that moved is refused, never read off by a row or a column.
    """
    registry = registry or default_registry()
    path = Path(path)
    grid = _read_sheet(path, sheet)
    _check_table_place(grid, path, sheet, first_row, last_row, label_column, registry)
    rows = []
    filled = dict.fromkeys(columns, False)
    for r in range(first_row, last_row + 1):
        cells = grid[r - 1] if r - 1 < len(grid) else []
        label = _cell(cells, label_column)
        if _blank(label):
            continue
        where = f"{path.name}: sheet {sheet}, row {r}"
        kato = registry.resolve(str(label), f"{where}, column {label_column}")
        for letter, spec in columns.items():
            raw = _cell(cells, letter)
            filled[letter] = filled[letter] or not _blank(raw)
            value, status = parse_cell(raw, f"{where}, column {letter}")
            rows.append(
                dict(
                    kato=kato,
                    label=str(label),
                    indicator=spec["indicator"],
                    year=year,
                    value=value,
                    unit=spec["unit"],
                    status=status,
                    file=path.name,
                    sheet=sheet,
                    row=r,
                    column=letter,
                )
            )
    if not rows:
        raise InputError(
            f"{path.name}: sheet {sheet}, rows {first_row}-{last_row}: no region rows; "
            "check the file (its layout may have changed)"
        )
    empty = [letter for letter, seen in filled.items() if not seen]
    if empty:
        raise InputError(
            f"{path.name}: sheet {sheet}, column {empty[0]}, rows {first_row}-{last_row}: "
            f"no value in the column of {columns[empty[0]]['indicator']}; the table's columns may "
            "have moved: check the file, and its parser settings in resources/sources.yaml"
        )
    return _frame(rows)


_YEAR_HEADER = re.compile(r"^\s*(\d{4})(?:\s*год)?\s*(?:\d\))?\s*$")


def _annual_columns(cells: list[Any], first_year: int, last_year: int) -> dict[int, int]:
    """Column index -> year of the annual headers of a header row, within the years asked for."""
    years = {}
    for idx, text in enumerate(cells):
        m = _YEAR_HEADER.match(str(text)) if text is not None else None
        if m and first_year <= int(m[1]) <= last_year:
            years[idx] = int(m[1])
    return years


def parse_bns_years(
    path: Path,
    *,
    sheet: str,
    header_row: int,
    first_row: int,
    last_row: int,
    label_column: str,
    indicator: str,
    unit: str,
    first_year: int,
    last_year: int,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """A BNS table with one column per period: keeps the annual columns (header '2022', '2022 год',
    '20232)' with a footnote marker) between ``first_year`` and ``last_year``. Empty cells (a region
    that did not exist that year) are not observations and are skipped. The header and the table
    must be where they are declared: a table that moved is refused, never read off by a row.
    """
    registry = registry or default_registry()
    path = Path(path)
    grid = _read_sheet(path, sheet)
    header = grid[header_row - 1] if header_row - 1 < len(grid) else []
    years = _annual_columns(header, first_year, last_year)
    if not years:
        near = [
            r
            for r in range(max(1, header_row - 5), min(len(grid), last_row) + 1)
            if r != header_row and _annual_columns(grid[r - 1], first_year, last_year)
        ]
        hint = (
            f"annual headers are in row {near[0]}: the table has moved"
            if near
            else "no row near it has them"
        )
        raise InputError(
            f"{path.name}: sheet {sheet}, row {header_row}: no annual columns "
            f"{first_year}-{last_year} in the header row ({hint}); check the file, and its "
            "parser settings in resources/sources.yaml"
        )
    _check_table_place(grid, path, sheet, first_row, last_row, label_column, registry)
    rows = []
    for r in range(first_row, last_row + 1):
        cells = grid[r - 1] if r - 1 < len(grid) else []
        label = _cell(cells, label_column)
        if _blank(label):
            continue
        where = f"{path.name}: sheet {sheet}, row {r}"
        kato = registry.resolve(str(label), f"{where}, column {label_column}")
        for idx, year in years.items():
            raw = cells[idx] if idx < len(cells) else None
            if raw is None or (isinstance(raw, str) and raw.strip() == ""):
                continue
            letter = _col_letter(idx)
            value, status = parse_cell(raw, f"{where}, column {letter}")
            rows.append(
                dict(kato=kato, label=str(label), indicator=indicator, year=year, value=value,
                     unit=unit, status=status, file=path.name, sheet=sheet, row=r, column=letter)
            )  # fmt: skip
    if not rows:
        raise InputError(
            f"{path.name}: sheet {sheet}, rows {first_row}-{last_row}: no value in the annual "
            f"columns {first_year}-{last_year}; check the file (its layout may have changed)"
        )
    return _frame(rows)


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _check_table_place(
    grid: list[list[Any]],
    path: Path,
    sheet: str,
    first_row: int,
    last_row: int,
    label_column: str,
    registry: Registry,
) -> None:
    """Refuse a region table that is not exactly in rows ``first_row``-``last_row``.

    Its first and last rows must hold region labels, and the rows just above and below must not:
    a table shifted by a row (a title line added, a row deleted) would otherwise lose a region, or
    read a note as one, without a word. The error says where the region labels are.
    """

    def region(r: int) -> str | None:
        cells = grid[r - 1] if 0 < r <= len(grid) else []
        label = _cell(cells, label_column)
        if _blank(label):
            return None
        try:
            return registry.resolve(str(label), f"{path.name}: sheet {sheet}, row {r}")
        except InputError:
            return None

    def shown(r: int) -> str:
        label = _cell(grid[r - 1] if 0 < r <= len(grid) else [], label_column)
        return "an empty cell" if _blank(label) else repr(" ".join(str(label).split())[:60])

    problem = None
    if region(first_row) is None:
        problem = (first_row, f"the table's first row holds {shown(first_row)}, not a region")
    elif region(last_row) is None:
        problem = (last_row, f"the table's last row holds {shown(last_row)}, not a region")
    elif first_row > 1 and region(first_row - 1) is not None:
        problem = (first_row - 1, f"the row above the table holds a region, {shown(first_row - 1)}")
    elif region(last_row + 1) is not None:
        problem = (last_row + 1, f"the row below the table holds a region, {shown(last_row + 1)}")
    if problem is None:
        return
    found = [r for r in range(1, len(grid) + 1) if region(r) is not None]
    there = (
        f"region labels are in rows {found[0]}-{found[-1]}"
        if found
        else f"no region label in column {label_column}"
    )
    raise InputError(
        f"{path.name}: sheet {sheet}, row {problem[0]}, column {label_column}: {problem[1]}; "
        f"the table is declared in rows {first_row}-{last_row} but {there}: its layout has "
        "changed; check the file, and its parser settings in resources/sources.yaml"
    )


def _col_index(letter: str) -> int:
    idx = 0
    for ch in letter:
        idx = idx * 26 + (ord(ch) - 64)
    return idx - 1


def _cell(cells: list[Any], letter: str) -> Any:
    idx = _col_index(letter)
    return cells[idx] if idx < len(cells) else None


def _read_sheet(path: Path, sheet: str) -> list[list[Any]]:
    """Every row of ``sheet`` as a list of cell values; an unreadable workbook is one InputError."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xls"):
        raise InputError(f"{path.name}: unsupported spreadsheet type {suffix!r}")
    try:
        if suffix == ".xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                if sheet not in wb.sheetnames:
                    raise InputError(
                        f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)}); "
                        "check the file"
                    )
                return [list(r) for r in wb[sheet].iter_rows(values_only=True)]
            finally:
                wb.close()
        import xlrd

        wb = xlrd.open_workbook(path)
        if sheet not in wb.sheet_names():
            raise InputError(
                f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(wb.sheet_names())}); "
                "check the file"
            )
        sh = wb.sheet_by_name(sheet)
        return [sh.row_values(r) for r in range(sh.nrows)]
    except InputError:
        raise
    except Exception as err:  # zipfile, XML, OLE2 and xlrd errors alike: bad input
        raise InputError(
            f"{path.name}: not a readable {suffix} workbook ({_reason(err)}); "
            "check the file (truncated or not a spreadsheet?)"
        ) from None


def _reason(err: BaseException) -> str:
    """An exception as a short phrase for a one-line message."""
    text = " ".join(str(err).split())[:120]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


_HE_START = "Число организаций высшего образования"
_HE_END = "Электронные таблицы"
_HE_LINE = re.compile(r"^\s*(?P<label>\S.*?\S)\s+(?P<value>\d+)\s*$")
_HE_TOTAL = re.compile(
    r"число\s+действующих\s+высших\s+учебных\s+заведений\s+составило\s+(\d+)", re.S
)


def parse_higher_education_pdf(
    path: Path, *, page: int, year: int, indicator: str, unit: str, registry: Registry | None = None
) -> pd.DataFrame:
    """BNS 'Higher education in the Republic of Kazakhstan': the bar chart of organisations by region.

    Reads the text layer of ``page`` (1-based) with pdfplumber's layout mode; each chart bar is a
    line 'label  value'. The national total is the number stated in the page's first paragraph.
    """
    import pdfplumber

    registry = registry or default_registry()
    path = Path(path)
    try:
        with pdfplumber.open(path) as pdf:
            if page > len(pdf.pages):
                raise InputError(
                    f"{path.name}: no page {page} (pages: {len(pdf.pages)}); check the file"
                )
            text = pdf.pages[page - 1].extract_text(layout=True) or ""
    except InputError:
        raise
    except Exception as err:  # pdfminer's syntax, EOF and stream errors alike: bad input
        raise InputError(
            f"{path.name}: not a readable PDF ({_reason(err)}); "
            "check the file (truncated or not a PDF?)"
        ) from None
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if _HE_START in line)
        end = next(i for i, line in enumerate(lines) if _HE_END in line and i > start)
    except StopIteration:
        raise InputError(
            f"{path.name}: page {page}: chart '{_HE_START}' not found; check the file "
            "(its layout may have changed)"
        ) from None
    rows = []
    for i in range(start + 1, end):
        m = _HE_LINE.match(lines[i])
        if not m:
            continue
        label = m["label"]
        if "единиц" in label:  # the unit line of the chart title
            continue
        kato = registry.resolve(label, f"{path.name}: page {page}, text line {i + 1}")
        rows.append(
            dict(
                kato=kato,
                label=label,
                indicator=indicator,
                year=year,
                value=float(m["value"]),
                unit=unit,
                status="ok",
                file=path.name,
                sheet=f"page {page}",
                row=i + 1,
                column="bar value",
            )
        )
    total = _HE_TOTAL.search(" ".join(" ".join(lines).split()))
    if total:
        line_no = next(
            (i for i, line in enumerate(lines) if "составило" in line or "заведений" in line), 0
        )
        rows.append(
            dict(
                kato=NATIONAL,
                label="Республика Казахстан (text)",
                indicator=indicator,
                year=year,
                value=float(total[1]),
                unit=unit,
                status="ok",
                file=path.name,
                sheet=f"page {page}",
                row=line_no + 1,
                column="text",
            )
        )
    if len(rows) < 2:
        raise InputError(
            f"{path.name}: page {page}: no region bars read; check the file "
            "(its layout may have changed)"
        )
    return _frame(rows)


PARSERS: dict[str, Callable[..., pd.DataFrame]] = {
    "sdg_csv": parse_sdg_csv,
    "bns_sheet": parse_bns_sheet,
    "bns_years": parse_bns_years,
    "higher_education_pdf": parse_higher_education_pdf,
}


def parse_source(
    spec: dict[str, Any], path: Path, registry: Registry | None = None
) -> pd.DataFrame:
    """Parse ``path`` with the parser and options declared for a source in sources.yaml."""
    kind = spec["parser"]["kind"]
    if kind not in PARSERS:
        raise InputError(f"sources.yaml: unknown parser kind {kind!r}")
    options = {k: v for k, v in spec["parser"].items() if k != "kind"}
    return PARSERS[kind](Path(path), registry=registry, **options)
