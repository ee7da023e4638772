"""The 2019 study in its own time: the reconstructed index on the units and the data of an earlier year.

Mussabalina & Kireyeva (2019) had data up to about 2017, on the 16 first-level units of that time
(before Shymkent split from South Kazakhstan in 2018 and before Abai, Zhetisu and Ulytau were created
in 2022). This module gives, from the region registry alone, the units of a year and the unit of that
year each of today's units lies in (:func:`territory`); carries the 2022 cross-section onto the units
of that year (:func:`recombine`: counts summed, rates recomputed from the summed counts or averaged
by their denominators, a member without a value gives no value); reads the common indicators of an
earlier year on that year's units from the clean tables (:func:`year_cross_section`); and builds the
index (:func:`kzrd.study2019.index.build_index`, not a second index) under every combination of data
year, territory, indicator set and construction choice (:func:`build_variants`), with the top five of
each variant against the five regions the 2019 study names (:func:`top_table`) and, per data year,
territory and indicator set, the Monte Carlo share of replications in which the named five are
exactly the top five (:func:`mc_named_share`). The declared choices are resources/own_time.yaml.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kzrd import PROJECT_ROOT
from kzrd.core import contract
from kzrd.core.errors import InputError
from kzrd.data import features
from kzrd.reference.regions import NATIONAL
from kzrd.study2019 import montecarlo as mc
from kzrd.study2019.index import build_index, load_validated

OWN_TIME_SCHEMA = PROJECT_ROOT / "schemas" / "own_time.schema.yaml"
READS = ["schemas/own_time.schema.yaml"]  # project files this module opens (kzrd.core.deps)
REGISTRY_FILE = "resources/regions.csv"

CURRENT = "current units"  # the territory of today's 20 units
VARIANT = ["data_year", "territory", "indicator_set", "normalisation", "aggregation", "weights"]
GRID = ["data_year", "territory", "indicator_set"]
CROSS_SECTION_COLUMNS = [
    "data_year", "territory", "kato", "region", "variable", "unit", "value", "method", "member_kato",
    "members", "note",
]  # fmt: skip


def territory_label(year: int) -> str:
    """The territory of the units that existed in ``year``, as the outputs name it."""
    return f"units of {year}"


# --------------------------------------------------------------------------------------------
# The declared choices


def load_own_time(
    path: Path, framework: dict[str, Any], sources: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """resources/own_time.yaml, validated (its schema, the framework's blocks and, given them, the
    sources of resources/sources.yaml); a problem is one line naming the file and the key."""
    spec = load_validated(path, OWN_TIME_SCHEMA)
    seen: set[str] = set()
    for n, ind in enumerate(spec["common_set"]):
        where = f"{path}: key 'common_set.{n}"
        if ind["id"] in seen:
            raise InputError(f"{where}.id': {ind['id']!r} is given to two indicators")
        seen.add(ind["id"])
        if ind["block"] not in framework["blocks"]:
            raise InputError(
                f"{where}.block': indicator {ind['id']!r} names unknown block {ind['block']!r} "
                f"(the framework's blocks: {', '.join(framework['blocks'])})"
            )
        if sources is not None:
            if ind["source"] not in sources:
                raise InputError(
                    f"{where}.source': {ind['source']!r} is not a source of resources/sources.yaml"
                )
            if ind["indicator"] not in sources[ind["source"]]["indicators"]:
                raise InputError(
                    f"{where}.indicator': source {ind['source']} has no indicator "
                    f"{ind['indicator']!r} (it has: {', '.join(sources[ind['source']]['indicators'])})"
                )
    both = sorted(set(spec["rates"]) & set(spec["not_recombined"]))
    if both:
        raise InputError(
            f"{path}: key 'not_recombined.{both[0]}': the variable also has a rule under 'rates'"
        )
    if sources is not None:  # every variable of the cross-section has a rule
        column_rules(list(features.variables_table()["variable"]), sources, spec, str(path))
    return spec


def common_framework(framework: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """The framework with the common indicators in place of its own (its options, its blocks that the
    common indicators use), for :func:`build_index`."""
    used = [b for b in framework["blocks"] if any(i["block"] == b for i in own["common_set"])]
    indicators = [
        dict(id=i["id"], column=i["column"], block=i["block"], polarity=i["polarity"],
             unit=i["unit"], source=i["source"])
        for i in own["common_set"]
    ]  # fmt: skip
    return {
        **framework,
        "blocks": {b: framework["blocks"][b] for b in used},
        "indicators": indicators,
    }


# --------------------------------------------------------------------------------------------
# Territory of a year


def _year(text: str) -> int | None:
    return int(text) if str(text).strip() else None


def territory(regions: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first-level units that existed in ``year`` and, for each of today's units, the unit of
    ``year`` that contains it, from the registry's year_created, predecessor_kato and successor_kato.

    A unit exists from its year_created (none recorded: always) until the year its successors were
    created (a historical unit; a unit created in a year exists in that year, its predecessor with
    a retired code no longer does). A current unit created after ``year`` lies in the unit of
    ``year`` that contains its predecessor (followed back as far as needed).

    Returns ``units`` (kato, region, kind, status, year_created; sorted by KATO) and ``members``
    (kato, region: today's unit; unit_kato, unit_region: the unit of ``year``).
    """
    r = regions[regions["kind"] != "country"].set_index("kato")

    def created(kato: str) -> int | None:
        return _year(r.at[kato, "year_created"])

    def exists(kato: str) -> bool:
        start = created(kato)
        if start is not None and year < start:
            return False
        if r.at[kato, "status"] == "historical":
            successors = [s for s in str(r.at[kato, "successor_kato"]).split(";") if s]
            if not successors:
                raise InputError(
                    f"{REGISTRY_FILE}: historical unit {kato} ({r.at[kato, 'name_en']}) records no "
                    "successor_kato, so the year it ended is not known"
                )
            ends = []
            for s in successors:
                if s not in r.index or created(s) is None:
                    raise InputError(
                        f"{REGISTRY_FILE}: successor {s} of {kato} ({r.at[kato, 'name_en']}) is not "
                        "a unit with a year_created"
                    )
                ends.append(created(s))
            return year < min(ends)
        return True

    def container(kato: str, chain: tuple[str, ...] = ()) -> str:
        if exists(kato):
            return kato
        if kato in chain:
            raise InputError(f"{REGISTRY_FILE}: predecessor_kato forms a cycle at {kato}")
        preds = [p for p in str(r.at[kato, "predecessor_kato"]).split(";") if p]
        name = r.at[kato, "name_en"]
        if len(preds) != 1:
            got = "no predecessor_kato" if not preds else f"{len(preds)} predecessors"
            raise InputError(
                f"{REGISTRY_FILE}: {kato} ({name}) was created in {created(kato)} and records "
                f"{got}, so no single unit of {year} contains it"
            )
        if preds[0] not in r.index:
            raise InputError(
                f"{REGISTRY_FILE}: predecessor {preds[0]} of {kato} ({name}) is not in the registry"
            )
        return container(preds[0], (*chain, kato))

    current = r[r["status"] == "current"]
    members = pd.DataFrame(
        dict(
            kato=current.index.astype(str),
            region=current["name_en"].to_numpy(),
            unit_kato=[container(k) for k in current.index],
        )
    )
    members["unit_region"] = members["unit_kato"].map(r["name_en"])
    members = members.sort_values("kato").reset_index(drop=True)
    have = [k for k in r.index if exists(k)]
    units = (
        r.loc[have, ["name_en", "kind", "status", "year_created"]]
        .rename(columns={"name_en": "region"})
        .rename_axis("kato")
        .reset_index()
        .sort_values("kato")
        .reset_index(drop=True)
    )
    empty = sorted(set(units["kato"]) - set(members["unit_kato"]))
    if empty:
        raise InputError(
            f"{REGISTRY_FILE}: unit {empty[0]} ({r.at[empty[0], 'name_en']}) existed in {year} but "
            "no current unit lies in it (its successors are not recorded as predecessors)"
        )
    for col in ("kato", "region", "kind", "status", "year_created"):
        units[col] = units[col].astype("string")
    for col in members.columns:
        members[col] = members[col].astype("string")
    return units, members


def covered_units(
    units: pd.DataFrame, members: pd.DataFrame, present: set[str]
) -> tuple[pd.DataFrame, list[str]]:
    """The units every one of whose current members is ``present`` (e.g. in a cross-section limited
    by config ``regions``), and the KATO codes of those left out."""
    left_out = sorted(
        unit for unit, g in members.groupby("unit_kato") if not set(g["kato"]) <= present
    )
    return units[~units["kato"].isin(left_out)].reset_index(drop=True), left_out


# --------------------------------------------------------------------------------------------
# The 2022 cross-section on the units of an earlier year

KEYS = ("kato", "region", "kind", "year")


def column_rules(
    columns: list[str],
    sources: dict[str, dict[str, Any]],
    own: dict[str, Any],
    where: str = "resources/own_time.yaml",
) -> dict[str, tuple[str, Any]]:
    """How each value column of the cross-section is carried onto a larger unit: ('sum', source)
    for an additive count (resources/sources.yaml), ('rate', rule) for a published rate
    (resources/own_time.yaml, key rates), ('derived', Derived) and ('share', column) recomputed by
    their formulas (kzrd.data.features), ('none', reason) for a declared exception. A column
    without a rule is an error naming resources/own_time.yaml."""
    origin = {col: (src, ind) for col, (ind, _unit, src) in features.INPUTS.items()}
    rename = {v: k for k, v in features.PANEL_RENAME.items()}
    for variable, _unit, _formula, src in features.PANEL_VARIABLES:
        origin.setdefault(variable, (src, rename.get(variable, variable)))
    derived = {d.name: d for d in features.DERIVED}
    out: dict[str, tuple[str, Any]] = {}
    for col in columns:
        if col in KEYS:
            continue
        if col in own["not_recombined"]:
            out[col] = ("none", own["not_recombined"][col])
        elif col in derived:
            out[col] = ("derived", derived[col])
        elif col in features.SHARES:
            out[col] = ("share", features.SHARES[col])
        elif col in origin:
            src, ind = origin[col]
            if sources[src]["indicators"][ind].get("additive"):
                out[col] = ("sum", src)
            elif col in own["rates"]:
                out[col] = ("rate", own["rates"][col])
            else:
                raise InputError(
                    f"{where}: key 'rates': the cross-section's published rate {col} "
                    f"(source {src}, not additive) has no rule; give it a weight or a numerator and "
                    "denominator, or list it under not_recombined with the reason"
                )
        else:
            raise InputError(
                f"{where}: key 'not_recombined': the cross-section's column {col} "
                "is neither a source's indicator nor a derived variable; give the reason it cannot "
                "be carried onto a larger unit"
            )
    for col, (kind, rule) in out.items():
        if kind == "rate":
            needed = (
                [rule["weight"]] if "weight" in rule else [rule["numerator"], rule["denominator"]]
            )
            bad = [c for c in needed if out.get(c, ("",))[0] != "sum"]
            if bad:
                raise InputError(
                    f"{where}: key 'rates.{col}': {bad[0]} is not an additive count "
                    "of the cross-section"
                )
    return out


def _formula_inputs(formula: str, columns: list[str]) -> list[str]:
    words = set(re.findall(r"[a-z][a-z0-9_]*", formula))
    return [c for c in columns if c in words]


def _combine(
    sub: pd.DataFrame, names: pd.Series, rules: dict[str, tuple[str, Any]]
) -> dict[str, tuple[float, str, str]]:
    """The counts and published rates of one unit made of the members ``sub`` (rows: today's units)
    -> (value, method, why missing); derived variables and shares are left to :func:`recombine`."""

    def lacking(cols: list[str]) -> str:
        miss = [f"{names[k]} ({c})" for c in cols for k in sub.index if pd.isna(sub.at[k, c])]
        return "no value for " + ", ".join(miss) if miss else ""

    out: dict[str, tuple[float, str, str]] = {}
    for var, (kind, rule) in rules.items():
        if kind == "sum":
            why = lacking([var])
            out[var] = (np.nan if why else float(sub[var].sum()),
                        "sum over the members (additive count)", why)  # fmt: skip
        elif kind == "rate" and "weight" in rule:
            w = sub[rule["weight"]]
            why = lacking([var, rule["weight"]])
            if not why and not w.sum() > 0:
                why = f"the members' {rule['weight']} sums to zero"
            out[var] = (np.nan if why else float((sub[var] * w).sum() / w.sum()),
                        f"mean weighted by {rule['weight']}: {rule['reason']}", why)  # fmt: skip
        elif kind == "rate":
            num, den = rule["numerator"], rule["denominator"]
            why = lacking([num, den])
            if not why and not sub[den].sum() > 0:
                why = f"the members' {den} sums to zero"
            value = np.nan if why else float(sub[num].sum() / sub[den].sum() * rule["scale"])
            out[var] = (value, f"recomputed as {num} / {den} x {rule['scale']:g} of the summed "
                               f"counts: {rule['reason']}", why)  # fmt: skip
        elif kind == "none":
            out[var] = (np.nan, "not recombined", rule)
    return out


def recombine(
    cs: pd.DataFrame,
    units: pd.DataFrame,
    members: pd.DataFrame,
    sources: dict[str, dict[str, Any]],
    own: dict[str, Any],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cross-section of today's units (``cs``, with the national row) on the ``units`` of an
    earlier year, each the union of its ``members`` (:func:`territory`).

    A unit with one member keeps that member's row. A unit of several: additive counts summed; a
    published rate recomputed from its summed numerator and denominator, or averaged weighted by its
    declared count (resources/own_time.yaml); derived variables and shares of the national row
    recomputed by their formulas. A member without a value needed gives the unit no value, with the
    reason in ``note``; nothing is filled in.

    Returns the wide cross-section (the columns of ``cs``; region and kind of the earlier unit) and
    the long table (kato, region, variable, unit, value, method, member_kato, members, note).
    """
    values = [c for c in cs.columns if c not in KEYS]
    rules = column_rules(list(cs.columns), sources, own)
    var_unit = features.variables_table().drop_duplicates("variable").set_index("variable")["unit"]
    by_kato = cs.set_index("kato")
    names = members.set_index("kato")["region"]
    year = {"year": int(cs["year"].iloc[0])} if "year" in cs.columns else {}
    rows: list[dict[str, Any]] = []
    cells: list[
        dict[str, tuple[float, str, str]]
    ] = []  # per row: variable -> (value, method, note)
    groups: list[tuple[str, str]] = []  # per row: member KATO codes and names
    merged: list[int] = []  # rows of units made of several members
    for rec in cs[cs["kato"] == NATIONAL].to_dict("records"):
        rows.append(rec)
        cells.append({v: (rec[v], "national row, unchanged", "") for v in values})
        groups.append((NATIONAL, str(rec["region"])))
    for unit in units.itertuples(index=False):
        kids = sorted(members.loc[members["unit_kato"] == unit.kato, "kato"])
        groups.append((";".join(kids), "; ".join(str(names[k]) for k in kids)))
        row: dict[str, Any] = dict(kato=unit.kato, region=unit.region, kind=unit.kind, **year)
        absent = [k for k in kids if k not in by_kato.index]
        if absent:
            why = "member(s) not in the cross-section: " + ", ".join(absent)
            cell = {v: (np.nan, "not recombined", why) for v in values}
        elif len(kids) == 1:
            src = by_kato.loc[kids[0]]
            cell = {v: (src[v], "as in the cross-section (same territory)",
                        "" if pd.notna(src[v]) else "missing in the cross-section")
                    for v in values}  # fmt: skip
        else:
            cell = _combine(by_kato.loc[kids], names, rules)
            merged.append(len(rows))
        rows.append({**row, **{v: c[0] for v, c in cell.items()}})
        cells.append(cell)

    wide = pd.DataFrame(rows).reindex(columns=list(cs.columns))
    for col in values:
        wide[col] = wide[col].astype("float64")
    for d in features.DERIVED:
        if d.name not in rules:
            continue
        computed = d.compute(wide)
        inputs = _formula_inputs(d.formula, values)
        for i in merged:
            wide.loc[i, d.name] = computed.iloc[i]
            miss = [c for c in inputs if pd.isna(wide.at[i, c])]
            why = "" if pd.notna(computed.iloc[i]) else (
                "input(s) missing: " + ", ".join(miss) if miss else "not defined for these inputs")  # fmt: skip
            cells[i][d.name] = (computed.iloc[i], f"recomputed: {d.formula}", why)
    national = wide[wide["kato"] == NATIONAL]
    for share, col in features.SHARES.items():
        if share not in rules:
            continue
        denom = float(national[col].iloc[0]) if len(national) else float("nan")
        for i in merged:
            wide.loc[i, share] = wide.at[i, col] / denom * 100
            why = "" if pd.notna(wide.at[i, share]) else f"{col} missing here or nationally"
            cells[i][share] = (wide.at[i, share],
                               f"recomputed: {col} / {col} of the national row x 100", why)  # fmt: skip
    long = [
        dict(kato=wide.at[i, "kato"], region=wide.at[i, "region"], variable=v,
             unit=var_unit.get(v, ""), value=cells[i][v][0], method=cells[i][v][1],
             member_kato=groups[i][0], members=groups[i][1], note=cells[i][v][2])
        for i in range(len(rows)) for v in values
    ]  # fmt: skip
    out_long = pd.DataFrame(long).sort_values(["kato", "variable"]).reset_index(drop=True)
    out_long["value"] = out_long["value"].astype("float64")
    wide = wide.sort_values("kato").reset_index(drop=True)
    for col in ("kato", "region", "kind"):
        if col in wide.columns:
            wide[col] = wide[col].astype("string")
    return wide, out_long


# --------------------------------------------------------------------------------------------
# The common indicators of an earlier year, on that year's units


def serving_problem(
    table: pd.DataFrame, source: str, indicator: str, year: int, units: pd.DataFrame,
    members: pd.DataFrame,
) -> tuple[str | None, list[str]]:  # fmt: skip
    """Whether a series (rows of one clean or snapshot table) serves ``year`` on that year's units:
    (problem or None, the KATO codes of later units it gives beside their earlier unit, to drop).

    It must give a value (status ok) for every unit of ``year``. A row for a later unit is dropped
    when its earlier unit's code was retired (South Kazakhstan before Turkistan and Shymkent): the
    earlier unit's own row is then that unit's. A row for a later unit whose earlier unit kept its
    code (Abai beside East Kazakhstan) is a problem: the earlier unit's row may then be on the later,
    smaller territory."""
    t = table[(table["indicator"] == indicator) & (table["year"] == year)]
    given = set(t["kato"]) - {NATIONAL}
    ok = set(t.loc[t["status"] == "ok", "kato"])
    wanted = set(units["kato"])
    names = dict(zip(units["kato"], units["region"], strict=True))
    lacking = sorted(wanted - ok)
    if len(lacking) == len(wanted):
        return f"{source} gives no value for {year}", []
    if lacking:
        return (
            f"{source} gives no value for {year} for "
            + ", ".join(f"{names[k]} ({k})" for k in lacking),
            [],
        )
    later = members.set_index("kato")
    dropped = []
    for kato in sorted(given - wanted):
        if kato not in later.index:
            return (
                f"{source} gives {kato} for {year}, which is not a current unit or one of {year}",
                [],
            )
        unit = later.at[kato, "unit_kato"]
        if unit in later.index:  # the earlier unit is a current unit: its code was kept
            return (
                f"{source} gives {later.at[kato, 'region']} ({kato}, created later) for {year} "
                f"beside {later.at[unit, 'region']} ({unit}), whose row may then be on the later "
                "territory",
                [],
            )
        dropped.append(kato)
    return None, dropped


def data_year_problem(
    tables: dict[str, pd.DataFrame], own: dict[str, Any], regions: pd.DataFrame, year: int
) -> str | None:
    """None if every common series (``tables``: source id -> its rows) serves ``year`` on the units
    of that year (:func:`serving_problem`), else the first problem."""
    try:
        units, members = territory(regions, year)
    except InputError as err:
        return str(err)
    for ind in own["common_set"]:
        problem, _ = serving_problem(tables[ind["source"]], ind["source"], ind["indicator"],
                                     year, units, members)  # fmt: skip
        if problem:
            return problem
    return None


def check_data_year(
    tables: dict[str, pd.DataFrame], own: dict[str, Any], regions: pd.DataFrame, data_year: int,
    year: int,
) -> None:  # fmt: skip
    """An InputError naming config key study2019.data_year, with the usable years, unless the data
    year is before the cross-section year ``year`` and the common series serve it."""
    key = "config key 'study2019.data_year'"
    if data_year >= year:
        raise InputError(
            f"{key}: {data_year} is not before the cross-section year (config key 'year': {year})"
        )
    problem = data_year_problem(tables, own, regions, data_year)
    if problem is None:
        return
    years = sorted({int(y) for t in tables.values() for y in t["year"]})
    usable = [y for y in years if y < year and data_year_problem(tables, own, regions, y) is None]
    spans: list[list[int]] = []
    for y in usable:
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    listed = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans) or "none"
    raise InputError(
        f"{key}: {data_year} cannot be served by the series of the common set "
        f"(resources/own_time.yaml): {problem}; usable years: {listed}"
    )


def snapshot_tables(
    sources: dict[str, dict[str, Any]], own: dict[str, Any], root: Path
) -> dict[str, pd.DataFrame]:
    """The shipped snapshot of every source of the common set (for the check before any job)."""
    out = {}
    for sid in dict.fromkeys(i["source"] for i in own["common_set"]):
        snap = contract.read_table(root / sources[sid]["snapshot"], "snapshot")
        snap["year"] = snap["year"].astype("int64")
        out[sid] = snap
    return out


def year_cross_section(
    clean: pd.DataFrame, own: dict[str, Any], units: pd.DataFrame, members: pd.DataFrame, year: int,
    national: str,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:  # fmt: skip
    """The common indicators of ``year`` as published on the units of ``year`` and the nation (named
    ``national``), from the clean tables (``clean``: their rows together; column ``source``).

    Returns the wide cross-section (kato, region, kind, year, one column per common indicator), the
    long table (as :func:`recombine`'s) and one line per source saying which rows of later units
    were dropped. A series that does not serve the year ends in an InputError."""
    rows = pd.concat(
        [units[["kato", "region", "kind"]],
         pd.DataFrame(dict(kato=[NATIONAL], region=[national], kind=["country"]))],
        ignore_index=True,
    )  # fmt: skip
    rows["year"] = year
    inside = {
        unit: (";".join(g["kato"]), "; ".join(g["region"]))
        for unit, g in members.sort_values("kato").groupby("unit_kato")
    }
    long, dropped = [], []
    for ind in own["common_set"]:
        table = clean[clean["source"] == ind["source"]]
        problem, drop = serving_problem(table, ind["source"], ind["indicator"], year, units,
                                        members)  # fmt: skip
        if problem:
            raise InputError(
                f"config key 'study2019.data_year': {year} cannot be served: {problem}"
            )
        if drop:
            dropped.append(
                f"{ind['source']}: dropped {', '.join(drop)} for {year} (later units; their earlier "
                "unit's own row is used)"
            )
        t = table[(table["indicator"] == ind["indicator"]) & (table["year"] == year)]
        t = t.drop_duplicates("kato").set_index("kato")
        value = rows["kato"].map(t["value"].where(t["status"] == "ok")).astype("float64")
        rows[ind["column"]] = value
        for rec, v in zip(rows.itertuples(index=False), value, strict=True):
            status = t["status"].get(rec.kato, "not given")
            kato, names = inside.get(rec.kato, (rec.kato, rec.region))
            long.append(dict(kato=rec.kato, region=rec.region, variable=ind["column"], unit=ind["unit"],
                             value=v, method=f"as published ({ind['source']}, {year})",
                             member_kato=kato, members=names,
                             note="" if pd.notna(v) else f"status {status} in {ind['source']}"))  # fmt: skip
    wide = rows.sort_values("kato").reset_index(drop=True)
    for col in ("kato", "region", "kind"):
        wide[col] = wide[col].astype("string")
    out_long = pd.DataFrame(long).sort_values(["kato", "variable"]).reset_index(drop=True)
    return wide, out_long, dropped


# --------------------------------------------------------------------------------------------
# The index under every variant


def build_variants(
    inputs: dict[tuple[int, str, str], pd.DataFrame],
    sets: dict[str, dict[str, Any]],
    choices: dict[str, list[str]],
) -> tuple[pd.DataFrame, dict[tuple[int, str, str], pd.DataFrame]]:
    """The index (:func:`build_index`) of each cross-section of ``inputs`` ((data year, territory,
    indicator set) -> cross-section) under every combination of ``choices`` (normalisation,
    aggregation, weights): one row per variant and unit with its index and rank; and, per input,
    the treated indicators (the same under every choice: outliers are treated before normalising)."""
    frames, treated = [], {}
    for (data_year, terr, name), cs in inputs.items():
        for norm, agg, w in itertools.product(
            choices["normalisation"], choices["aggregation"], choices["weights"]
        ):
            r = build_index(cs, sets[name], dict(normalisation=norm, aggregation=agg, weights=w))
            s = r["scores"]
            treated.setdefault((data_year, terr, name), r["treated"])
            frames.append(
                pd.DataFrame(
                    dict(data_year=data_year, territory=terr, indicator_set=name,
                         normalisation=norm, aggregation=agg, weights=w, kato=s["kato"],
                         region=s["region"], n_units=len(s), index=s["index"], rank=s["rank"])
                )
            )  # fmt: skip
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values([*VARIANT, "rank", "kato"]).reset_index(drop=True), treated


def top_table(scores: pd.DataFrame, named: dict[str, list[str]]) -> pd.DataFrame:
    """Per variant, the top units (rank <= the number of named regions; ties at the last place all
    listed) in rank order, and how many of the named regions (``named``: territory -> their units
    there) are among them."""
    rows = []
    for key, g in scores.groupby(VARIANT, sort=True):
        target = named[key[1]]
        k = len(target)
        top = g[g["rank"] <= k].sort_values(["rank", "region"])
        rows.append(
            dict(zip(VARIANT, key, strict=True), n_units=len(g),
                 top5="; ".join(top["region"]), named_in_top5=int(top["kato"].isin(target).sum()),
                 named_total=k)
        )  # fmt: skip
    return pd.DataFrame(rows)


def mc_named_share(
    treated_long: pd.DataFrame, fw: dict[str, Any], target: list[str], seed: int, replications: int
) -> tuple[float, int, str]:
    """Share of Monte Carlo replications (kzrd.study2019.montecarlo: normalisation, Dirichlet
    weights, aggregation and one indicator dropped, drawn per replication; blocks of 1,000 seeded
    seed + block id) over the treated indicators (:func:`build_index`, ``treated``) in which the
    ``target`` units are exactly the top len(target); the number of replications and a note (why
    no share, if none)."""
    treated, stack, block_of, nominal = mc.prepare(treated_long, fw)
    lost = [k for k in target if k not in treated.index]
    n = (replications // mc.BLOCK) * mc.BLOCK
    if lost:
        return (
            float("nan"),
            0,
            "named unit(s) not ranked here or lacking an indicator: " + ", ".join(lost),
        )
    pos = np.flatnonzero(treated.index.isin(target))
    hits = 0
    for b in range(replications // mc.BLOCK):
        ranks = mc.replicate_block(stack, block_of, nominal, seed + b)
        hits += int((ranks[:, pos] <= len(pos)).all(axis=1).sum())
    return hits / n, n, ""


def own_time_tables(
    cs_now: pd.DataFrame,
    clean: pd.DataFrame,
    regions: pd.DataFrame,
    named_kato: list[str],
    framework: dict[str, Any],
    own: dict[str, Any],
    sources: dict[str, dict[str, Any]],
    data_year: int,
    year: int,
    seed: int,
    replications: int,
) -> dict[str, pd.DataFrame]:
    """Every output of rule index_2019_own_time: the variants' scores (``scores``), their top fives
    (``top5``), the grid of data year x territory x indicator set with what was built, why not, and
    the Monte Carlo share (``grid``), and the cross-sections on the units of ``data_year``
    (``cross_sections``: the ``year`` cross-section recombined, the ``data_year`` common indicators)."""
    tables = {
        s: clean[clean["source"] == s]
        for s in dict.fromkeys(i["source"] for i in own["common_set"])
    }
    check_data_year(tables, own, regions, data_year, year)
    then = territory_label(data_year)
    every_unit, members = territory(regions, data_year)
    units, left_out = covered_units(every_unit, members, set(cs_now["kato"]))
    national = str(regions.loc[regions["kato"] == NATIONAL, "name_en"].iloc[0])
    recombined, long_now = recombine(cs_now, units, members, sources, own)
    cs_then, long_then, dropped = year_cross_section(
        clean, own, every_unit, members, data_year, national
    )
    cs_then = cs_then[~cs_then["kato"].isin(left_out)].reset_index(drop=True)
    long_then = long_then[~long_then["kato"].isin(left_out)].reset_index(drop=True)
    unit_name = every_unit.set_index("kato")["region"]
    left_note = (
        "left out: " + ", ".join(str(unit_name[k]) for k in left_out)
        + " (not every one of today's units inside is in the cross-section; config regions)"
        if left_out else ""
    )  # fmt: skip
    sets = {"framework": framework, "common": common_framework(framework, own)}
    inputs = {
        (data_year, then, "common"): cs_then,
        (year, then, "framework"): recombined,
        (year, then, "common"): recombined,
        (year, CURRENT, "framework"): cs_now,
        (year, CURRENT, "common"): cs_now,
    }
    scores, treated = build_variants(inputs, sets, own["variants"])
    unit_of = members.set_index("kato")["unit_kato"]
    named = {CURRENT: list(named_kato), then: list(dict.fromkeys(unit_of[k] for k in named_kato))}
    top = top_table(scores, named)

    later = members[members["kato"] != members["unit_kato"]]
    not_split = (
        f"the {data_year} series give the {len(every_unit)} units of {data_year}; today's "
        + ", ".join(f"{r.region} (in {r.unit_region})" for r in later.itertuples())
        + f" have no {data_year} value, and splitting an earlier unit's value among them would be a guess"
    )
    bulletins = (
        f"the framework's indicators (resources/index_framework.yaml, reference year "
        f"{framework['reference_year']}) come from the {year} cross-section, whose BNS bulletins are "
        f"published for {year} only; the common set stands in for them in {data_year}"
    )

    def pca_note(fw: dict[str, Any]) -> str:
        sizes = {b: sum(i["block"] == b for i in fw["indicators"]) for b in fw["blocks"]}
        small = [b for b, n in sizes.items() if n <= 2]
        if len(small) == len(sizes):
            return "pca weights equal the equal weights (every block has two indicators or fewer)"
        if small:
            return f"pca weights only in block(s) {', '.join(b for b in sizes if b not in small)}"
        return ""

    rows = []
    for dy, terr, name in itertools.product(
        [data_year, year], [then, CURRENT], ["framework", "common"]
    ):
        fw = sets[name]
        key = (dy, terr, name)
        row: dict[str, Any] = dict(data_year=dy, territory=terr, indicator_set=name,
                                   n_indicators=len(fw["indicators"]))  # fmt: skip
        if key not in inputs:
            why = []
            if dy == data_year and terr == CURRENT:
                why.append(not_split)
            if dy == data_year and name == "framework":
                why.append(bulletins)
            rows.append(dict(row, built=False, n_units=0, variants=0, variants_all_named=0,
                             mc_replications=0, mc_named_top5_share=float("nan"),
                             note="; ".join(why)))  # fmt: skip
            continue
        v = top[
            (top["data_year"] == dy) & (top["territory"] == terr) & (top["indicator_set"] == name)
        ]
        share, n, mc_note = mc_named_share(treated[key], fw, named[terr], seed, replications)
        notes = [pca_note(fw)]
        if key == (data_year, then, "common"):
            notes.append("; ".join(dropped) if dropped else "no row of a later unit dropped")
        if terr == then and dy == year:
            notes.append(f"the {year} cross-section recombined onto the units of {data_year}")
        if terr == then:
            notes.append(left_note)
        notes.append(mc_note)
        rows.append(dict(row, built=True, n_units=int(v["n_units"].iloc[0]), variants=len(v),
                         variants_all_named=int((v["named_in_top5"] == v["named_total"]).sum()),
                         mc_replications=n, mc_named_top5_share=share,
                         note="; ".join(s for s in notes if s)))  # fmt: skip
    grid = pd.DataFrame(rows)
    long_now.insert(0, "territory", then)
    long_now.insert(0, "data_year", year)
    long_then.insert(0, "territory", then)
    long_then.insert(0, "data_year", data_year)
    cross = pd.concat([long_then, long_now], ignore_index=True)[CROSS_SECTION_COLUMNS]
    cross = cross.sort_values(["data_year", "kato", "variable"]).reset_index(drop=True)
    return dict(scores=scores, top5=top, grid=grid, cross_sections=cross)
