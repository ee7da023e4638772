"""Features: the wide region x year panel, the cross-section of the analysis year, and derived variables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kzrd.core import contract
from kzrd.core.errors import InputError
from kzrd.reference.labels import ICT_AGES, ICT_SKILLS
from kzrd.reference.regions import NATIONAL, Registry

# SDG 4.4.1 indicator ids: ict_<skill code>_<age group> (codes and groups in kzrd.reference.labels).
ICT_INDICATORS = [f"ict_{k}_{a}" for k in ICT_SKILLS for a in ICT_AGES]

# Panel columns: indicator id in the clean tables -> column name (same names, listed for order).
PANEL_INDICATORS = [
    "rd_expenditure_pct_grp",
    "researchers_per_million",
    "internet_users_pct",
    "broadband_1a",
    "broadband_1b",
    "broadband_1c",
    "schools_internet_pct",
    *ICT_INDICATORS,
    "ict_skills_national_pct",
    "manufacturing_va_pct_grp",
    "manufacturing_va_per_capita_usd",
]
PANEL_RENAME = {f"broadband_{s}": f"broadband_{s}_thousand" for s in ("1a", "1b", "1c")}

PANEL_VARIABLES = [
    # variable, unit, formula, sources
    ("rd_expenditure_pct_grp", "% of GRP", "SDG 9-5-1 as published", "sdg_9_5_1"),
    (
        "researchers_per_million",
        "FTE per million inhabitants",
        "SDG 9-5-2 as published",
        "sdg_9_5_2",
    ),
    (
        "internet_users_pct",
        "% of population",
        "SDG 17-8-1 as published (total, both sexes, urban and rural)",
        "sdg_17_8_1",
    ),
    *[
        (
            f"broadband_{s}_thousand",
            "thousand subscriptions",
            f"SDG 17-6-2 series _L_KZ_170602_{s.upper()} as published",
            "sdg_17_6_2",
        )
        for s in ("1a", "1b", "1c")
    ],
    (
        "schools_internet_pct",
        "% of schools",
        "SDG 4.a.1 series SE_ACS_INTNT (schools with access to the Internet for pedagogical "
        "purposes), urban and rural together, as published",
        "sdg_4_a_1",
    ),
    *[
        (
            f"ict_{k}_{a}",
            f"% of {ICT_AGES[a][1]}",
            f"SDG 4.4.1, share of {ICT_AGES[a][1]} (AGE {ICT_AGES[a][0]}) with the ICT skill "
            f"SKILL_ICT{k.upper()} ({skill}), as published",
            "sdg_4_4_1",
        )
        for k, skill in ICT_SKILLS.items()
        for a in ICT_AGES
    ],
    (
        "ict_skills_national_pct",
        "% (national indicator 4.4.1.1; definition not in the shipped files)",
        "national SDG indicator 4.4.1.1 as published (the shipped files do not define it)",
        "sdg_4_4_1_1",
    ),
    (
        "manufacturing_va_pct_grp",
        "% of GRP, 2010 prices",
        "SDG 9.2.1 manufacturing value added as a share of GRP (UNIT_MEASURE PT_IN_2010_PRICE) as "
        "published; a 0 that stands for a value not published is missing",
        "sdg_9_2_1",
    ),
    (
        "manufacturing_va_per_capita_usd",
        "USD per inhabitant, 2010 prices",
        "SDG 9.2.1 manufacturing value added per inhabitant (UNIT_MEASURE USD_IN_2010_PRICE) as "
        "published; a 0 that stands for a value not published is missing",
        "sdg_9_2_1",
    ),
]

# Cross-section columns read as published for the analysis year: column -> (indicator id, unit, source).
INPUTS = {
    "population": ("population", "persons", "bns_population_2023"),
    "universities": ("universities", "organisations", "bns_higher_education_2022"),
    "researchers": ("researchers", "persons", "bns_rnd_2022_personnel"),
    "rd_personnel": ("rd_personnel", "persons", "bns_rnd_2022_personnel"),
    "enterprises_reporting": ("enterprises_reporting", "enterprises", "bns_rnd_2022_personnel"),
    "enterprises_rd": ("enterprises_rd", "enterprises", "bns_rnd_2022_personnel"),
    "researchers_fte_coefficient": (
        "researchers_fte_coefficient",
        "FTE coefficient",
        "bns_rnd_2022_fte",
    ),
    "rd_internal_expenditure": (
        "rd_internal_expenditure",
        "thousand KZT",
        "bns_rnd_2022_expenditure",
    ),
    "enterprises_surveyed": ("enterprises_surveyed", "enterprises", "bns_innovation_2022"),
    "enterprises_innovating": ("enterprises_innovating", "enterprises", "bns_innovation_2022"),
    "innovation_activity_pct": (
        "innovation_activity_pct",
        "% of enterprises",
        "bns_innovation_2022",
    ),
    "grp": ("grp", "million KZT", "bns_grp"),
    "grp_per_capita": ("grp_per_capita", "thousand KZT per inhabitant", "bns_grp_per_capita"),
}
REQUIRED_INPUTS = ("population", "universities")


@dataclass(frozen=True)
class Derived:
    name: str
    unit: str
    formula: str
    sources: str
    compute: Callable[[pd.DataFrame], pd.Series]


DERIVED = [
    Derived("universities_per_100k", "per 100,000 inhabitants", "universities / population x 100,000",
            "bns_higher_education_2022; bns_population_2023", lambda d: d["universities"] / d["population"] * 1e5),
    Derived("researchers_fte", "FTE researchers", "researchers_per_million (SDG 9-5-2) x population / 1,000,000",
            "sdg_9_5_2; bns_population_2023", lambda d: d["researchers_per_million"] * d["population"] / 1e6),
    Derived("researchers_fte_bns", "FTE researchers", "researchers x researchers_fte_coefficient",
            "bns_rnd_2022_personnel; bns_rnd_2022_fte", lambda d: d["researchers"] * d["researchers_fte_coefficient"]),
    Derived("researchers_per_10k", "per 10,000 inhabitants", "researchers / population x 10,000",
            "bns_rnd_2022_personnel; bns_population_2023", lambda d: d["researchers"] / d["population"] * 1e4),
    Derived("share_enterprises_rd_pct", "% of reporting enterprises", "enterprises_rd / enterprises_reporting x 100",
            "bns_rnd_2022_personnel", lambda d: d["enterprises_rd"] / d["enterprises_reporting"] * 100),
    Derived("rd_expenditure_bn_kzt", "billion KZT", "rd_internal_expenditure / 1,000,000",
            "bns_rnd_2022_expenditure", lambda d: d["rd_internal_expenditure"] / 1e6),
    Derived("rd_expenditure_pct_grp_bns", "% of GRP", "rd_internal_expenditure / 1,000 / grp x 100",
            "bns_rnd_2022_expenditure; bns_grp", lambda d: d["rd_internal_expenditure"] / 1e3 / d["grp"] * 100),
    Derived("rd_expenditure_per_capita", "KZT per inhabitant", "rd_internal_expenditure x 1,000 / population",
            "bns_rnd_2022_expenditure; bns_population_2023", lambda d: d["rd_internal_expenditure"] * 1e3 / d["population"]),
    *[
        Derived(f"broadband_{s}_per_100", "per 100 inhabitants", f"broadband_{s}_thousand x 1,000 / population x 100",
                "sdg_17_6_2; bns_population_2023", lambda d, s=s: d[f"broadband_{s}_thousand"] * 1e3 / d["population"] * 100)
        for s in ("1a", "1b", "1c")
    ],
]  # fmt: skip

# Shares of the national row of the same column.
SHARES = {
    "researchers_share_pct": "researchers",
    "researchers_fte_share_pct": "researchers_fte",
    "universities_share_pct": "universities",
    "rd_expenditure_share_pct": "rd_internal_expenditure",
}


def check_sources_present(source_ids: set[str], where: str = "resources/sources.yaml") -> None:
    """Every source the panel and the cross-section read is declared: one missing (its entry removed
    from ``where``) raises InputError naming it and the variables that need it."""
    from kzrd.data.derived import SERIES

    needs: dict[str, list[str]] = {}
    for variable, *_rest, src in PANEL_VARIABLES:
        needs.setdefault(src, []).append(variable)
    for variable, (_ind, _unit, src) in INPUTS.items():
        needs.setdefault(src, []).append(variable)
    for series, (*_rest, src) in SERIES.items():
        needs.setdefault(src, []).append(series)
    missing = sorted(set(needs) - source_ids)
    if missing:
        raise InputError(
            f"{where}: no source {missing[0]!r}, which the workflow reads for "
            f"{', '.join(sorted(set(needs[missing[0]])))}: restore its entry"
        )


def _units(registry: Registry, regions: list[str] | None) -> pd.DataFrame:
    r = registry.regions
    units = r[(r["status"] == "current")][["kato", "name_en", "kind"]].rename(
        columns={"name_en": "region"}
    )
    if regions:
        units = units[units["kato"].isin([NATIONAL, *regions])]
    return units.reset_index(drop=True)


def build_panel(
    clean: pd.DataFrame, registry: Registry, regions: list[str] | None = None
) -> pd.DataFrame:
    """Wide table: one row per current region (and the nation) and year, one column per indicator.

    Values with a status other than ok stay missing. Historical units (South Kazakhstan) are not
    current regions and are left out here; the clean tables keep them.
    """
    ok = clean[clean["indicator"].isin(PANEL_INDICATORS) & (clean["status"] == "ok")]
    wide = ok.pivot_table(
        index=["kato", "year"], columns="indicator", values="value", aggfunc="first"
    )
    wide = wide.reindex(columns=PANEL_INDICATORS).rename(columns=PANEL_RENAME).reset_index()
    wide.columns.name = None
    units = _units(registry, regions)
    out = units[["kato", "region"]].merge(wide, on="kato", how="inner")
    return out.sort_values(["kato", "year"]).reset_index(drop=True)


def build_cross_section(
    panel: pd.DataFrame,
    clean: pd.DataFrame,
    registry: Registry,
    year: int,
    regions: list[str] | None = None,
) -> pd.DataFrame:
    """One row per region (and the nation) for ``year``: published inputs, derived rates, shares.

    Inputs a source does not give for ``year`` stay missing; the population and the universities
    are required (an InputError names the config key ``year`` otherwise).
    """
    units = _units(registry, regions)
    base = units.assign(year=year).merge(
        panel[panel["year"] == year].drop(columns="region"), on=["kato", "year"], how="left"
    )
    ok = clean[clean["status"] == "ok"]
    for needed in REQUIRED_INPUTS:
        have = sorted(int(y) for y in ok.loc[ok["indicator"] == INPUTS[needed][0], "year"].unique())
        if year not in have:
            raise InputError(
                f"config key 'year': {year} has no {needed} in the sources (years available: {have})"
            )
    this_year = ok[ok["year"] == year].drop_duplicates(["kato", "indicator"])
    for column, (indicator, _unit, _source) in INPUTS.items():
        values = this_year[this_year["indicator"] == indicator].set_index("kato")["value"]
        base[column] = base["kato"].map(values).astype("float64")
    for d in DERIVED:
        base[d.name] = d.compute(base)
    base["technical_employment_share_pct"] = (
        base["kato"].map(technical_employment_share(clean, year)).astype("float64")
    )
    national = base[base["kato"] == NATIONAL]
    for share, column in SHARES.items():
        denom = float(national[column].iloc[0]) if len(national) else float("nan")
        base[share] = base[column] / denom * 100
    return base.sort_values("kato").reset_index(drop=True)


def technical_employment_share(clean: pd.DataFrame, year: int) -> pd.Series:
    """Share (%) of employment in the technical sections, by region, from Taldau (online mode).

    Indicators ``employment_<section>`` (the configured technical sections) over
    ``employment_total``. A region with any of them not published (e.g. 'x') gets no value.
    Empty where the data hold no employment by activity (snapshot mode).
    """
    e = clean[(clean["year"] == year) & clean["indicator"].str.startswith("employment_")]
    sections = sorted(set(e["indicator"]) - {"employment_total"})
    if e.empty or not sections:
        return pd.Series(dtype="float64")
    out = {}
    for kato, g in e.groupby("kato"):
        g = g.set_index("indicator")
        parts = [ind for ind in sections if ind in g.index and g.at[ind, "status"] == "ok"]
        total_ok = "employment_total" in g.index and g.at["employment_total", "status"] == "ok"
        if len(parts) == len(sections) and total_ok and g.at["employment_total", "value"]:
            out[kato] = (
                float(g.loc[parts, "value"].sum()) / float(g.at["employment_total", "value"]) * 100
            )
    return pd.Series(out, dtype="float64")


def variables_table() -> pd.DataFrame:
    rows = [(v, "panel", u, f, s) for v, u, f, s in PANEL_VARIABLES]
    rows += [(c, "cross_section", u, f"{i} as published", s) for c, (i, u, s) in INPUTS.items()]
    rows += [(d.name, "cross_section", d.unit, d.formula, d.sources) for d in DERIVED]
    rows += [(k, "cross_section", "% of national", f"{c} / {c} of the national row x 100", INPUTS.get(c, ("", "", "derived"))[2])
             for k, c in SHARES.items()]  # fmt: skip
    rows.append(("technical_employment_share_pct", "cross_section", "% of employed persons",
                 "employment in the sections of config figure2.technical_sections / all employment x 100 (online mode only)",
                 "taldau_employment"))  # fmt: skip
    return pd.DataFrame(rows, columns=["variable", "table", "unit", "formula", "sources"])


def usable_years(sources: dict[str, dict], root: Path) -> list[int]:
    """Years the shipped snapshots can serve as the cross-section year: those in which every
    required input (population, universities) is published (status ok), read from the snapshots."""
    years: set[int] | None = None
    for needed in REQUIRED_INPUTS:
        indicator, _unit, source = INPUTS[needed]
        snap = contract.read_table(root / sources[source]["snapshot"], "snapshot")
        ok = snap[(snap["indicator"] == indicator) & (snap["status"] == "ok")]
        have = {int(y) for y in ok["year"]}
        years = have if years is None else years & have
    return sorted(years or ())
