"""Report: the context of the paper-style report, built only from computed outputs, and rendering."""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from kzrd.io import read_parquet, sha256_file
from kzrd.schemas import check, schema_for

TEMPLATES = Path(__file__).parent / "templates"


def fmt(value: Any, digits: int = 1, thousands: bool = True) -> str:
    """Number formatting for tables: missing -> '—' (as the paper prints a dash)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}" if thousands else f"{value:.{digits}f}"
    return str(value)


def num(value: Any) -> str:
    """A number as the paper prints it: whole numbers without decimals, others with one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,d}"
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return f"{value:,.0f}"
    return fmt(value, 1)


def official(value: Any) -> str:
    """An official value beside a paper cell: whole numbers (counts) without decimals, a value
    below 0.1 with two significant figures (so that a small one is not printed as 0.0 beside its
    ratio), others with one decimal."""
    if isinstance(value, float) and not math.isnan(value) and 0 < abs(value) < 0.1:
        return f"{value:.2g}"
    return num(value)


def pval(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    e.filters["fmt"] = fmt
    e.filters["pval"] = pval
    e.filters["num"] = num
    e.filters["official"] = official
    return e


def inline_svg(path: str | Path, prefix: str = "") -> str:
    """SVG markup for inlining: without the XML prolog and DOCTYPE, and with every id (and every
    reference to one) prefixed, so that several figures inlined in one page keep distinct ids."""
    text = re.sub(
        r"^.*?(<svg\b)", r"\1", Path(path).read_text(encoding="utf-8"), count=1, flags=re.S
    )
    if prefix:
        text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
        text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
        text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
    return text


def png_data_uri(path: str | Path) -> str:
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def outputs_appendix(paths: list[str]) -> list[dict[str, Any]]:
    """Every intermediate Parquet output with its schema, row count and conformity."""
    rows = []
    for p in sorted(paths):
        df = read_parquet(p)
        name = schema_for(p)
        problems = check(df, name, p) if name else [f"{p}: no declared schema"]
        rows.append(
            dict(
                path=p,
                schema=name or "",
                rows=len(df),
                columns=", ".join(df.columns),
                conforms=not problems,
                sha256=sha256_file(p)[:12],
            )
        )
    return rows


def paper_table(cells: pd.DataFrame, table: str) -> dict[str, Any]:
    """A paper table in print layout: header row and rows of printed cells."""
    t = cells[cells["table"] == table].sort_values(["row", "column"])
    header = t.drop_duplicates("column").sort_values("column")["column_printed"].tolist()
    rows = [
        dict(region=g["region_printed"].iloc[0], cells=g["printed"].tolist())
        for _, g in t.groupby("row", sort=True)
    ]
    return dict(header=header, rows=rows)


BASES = ["paper_table1", "paper_table2", "paper_text", "official"]


BASIS_SHORT = {
    "paper_table1": "Paper T1",
    "paper_table2": "Paper T2",
    "paper_text": "Paper text",
    "official": "Official",
}


def counterpart_layout(t) -> dict:
    """One paper table against official values: a row per region, paper/official/ratio per indicator."""
    indicators = list(dict.fromkeys(t["indicator"]))
    rows = []
    for (_kato, region), g in t.groupby(["kato", "region"], sort=False):
        g = g.set_index("indicator")
        rows.append(
            dict(
                region=region,
                cells=[
                    g.loc[ind, ["paper_value", "official_value", "ratio"]].tolist()
                    if ind in g.index
                    else [None] * 3
                    for ind in indicators
                ],
            )
        )
    notes = [
        dict(indicator=ind, note=t.loc[t["indicator"] == ind, "note"].iloc[0]) for ind in indicators
    ]
    return dict(indicators=indicators, rows=rows, notes=notes)


def render(template: str, context: dict[str, Any]) -> str:
    return env().get_template(template).render(**context)


OVER_TIME_VARIABLES = ("rd_expenditure_sdg_x_grp", "researchers_sdg_x_population")


def over_time_rows(over_time: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """One row per year of the concentration-over-time table, the two SDG-based variables side by
    side (n, CR2, normalised HHI, Gini), with the regions left out before their creation (KATO
    codes in the notes replaced by ``names``)."""
    rows = []
    for year, g in over_time.groupby("year", sort=True):
        by = g.set_index("variable")
        rows.append(
            dict(
                year=int(year),
                base_change=bool(g["base_change"].any()),
                cells=[
                    {c: by.at[v, c] for c in ("n", "cr2", "hhi_normalised", "gini", "status")}
                    for v in OVER_TIME_VARIABLES
                ],
                note=re.sub(
                    r"\b\d{9}\b",
                    lambda m: names.get(m.group(0), m.group(0)),
                    "; ".join(sorted({n for n in g["note"] if n})),
                ),
            )
        )
    return rows


def rule_of(patterns: dict[str, str]):
    """A function giving the rule that writes a path, from the rules' output patterns
    (a ``{wildcard}`` matches any text); '' if none does."""
    compiled = []
    for pattern, rule in patterns.items():
        parts = re.split(r"\{[^}]*\}", pattern)
        compiled.append((re.compile("^" + ".+".join(re.escape(x) for x in parts) + "$"), rule))

    def find(path: str) -> str:
        return next((rule for rx, rule in compiled if rx.match(path)), "")

    return find
