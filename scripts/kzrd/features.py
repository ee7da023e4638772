"""Features: the wide region x year panel, the cross-section of the analysis year, and derived variables."""

from __future__ import annotations

import pandas as pd

from kzrd.errors import InputError
from kzrd.regions import NATIONAL, Registry

# Panel columns: indicator id in the clean tables -> column name (same names, listed for order).
PANEL_INDICATORS = [
    "rd_expenditure_pct_grp",
    "researchers_per_million",
    "internet_users_pct",
    "broadband_1a",
    "broadband_1b",
    "broadband_1c",
]
PANEL_RENAME = {f"broadband_{s}": f"broadband_{s}_thousand" for s in ("1a", "1b", "1c")}

VARIABLES = [
    # variable, table, unit, formula, sources
    ("rd_expenditure_pct_grp", "panel", "% of GRP", "SDG 9-5-1 as published", "sdg_9_5_1"),
    (
        "researchers_per_million",
        "panel",
        "FTE per million inhabitants",
        "SDG 9-5-2 as published",
        "sdg_9_5_2",
    ),
    (
        "internet_users_pct",
        "panel",
        "% of population",
        "SDG 17-8-1 as published (total, both sexes, urban and rural)",
        "sdg_17_8_1",
    ),
    (
        "broadband_1a_thousand",
        "panel",
        "thousand subscriptions",
        "SDG 17-6-2 series _L_KZ_170602_1A as published",
        "sdg_17_6_2",
    ),
    (
        "broadband_1b_thousand",
        "panel",
        "thousand subscriptions",
        "SDG 17-6-2 series _L_KZ_170602_1B as published",
        "sdg_17_6_2",
    ),
    (
        "broadband_1c_thousand",
        "panel",
        "thousand subscriptions",
        "SDG 17-6-2 series _L_KZ_170602_1C as published",
        "sdg_17_6_2",
    ),
    (
        "population",
        "cross_section",
        "persons",
        "BNS population on 1 January of year+1",
        "bns_population_2023",
    ),
    (
        "universities",
        "cross_section",
        "organisations",
        "BNS higher-education organisations by region",
        "bns_higher_education_2022",
    ),
    (
        "universities_per_100k",
        "cross_section",
        "per 100,000 inhabitants",
        "universities / population x 100,000",
        "bns_higher_education_2022; bns_population_2023",
    ),
    (
        "researchers_fte",
        "cross_section",
        "FTE researchers",
        "researchers_per_million x population / 1,000,000",
        "sdg_9_5_2; bns_population_2023",
    ),
    (
        "researchers_share_pct",
        "cross_section",
        "% of national",
        "researchers_fte / researchers_fte of the national row x 100",
        "sdg_9_5_2; bns_population_2023",
    ),
    (
        "universities_share_pct",
        "cross_section",
        "% of national",
        "universities / national universities x 100 (national = total stated by the publication)",
        "bns_higher_education_2022",
    ),
    (
        "broadband_1a_per_100",
        "cross_section",
        "per 100 inhabitants",
        "broadband_1a_thousand x 1,000 / population x 100",
        "sdg_17_6_2; bns_population_2023",
    ),
    (
        "broadband_1b_per_100",
        "cross_section",
        "per 100 inhabitants",
        "broadband_1b_thousand x 1,000 / population x 100",
        "sdg_17_6_2; bns_population_2023",
    ),
    (
        "broadband_1c_per_100",
        "cross_section",
        "per 100 inhabitants",
        "broadband_1c_thousand x 1,000 / population x 100",
        "sdg_17_6_2; bns_population_2023",
    ),
]


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
    """One row per region for ``year`` with derived per-capita rates and shares of the national total."""
    units = _units(registry, regions)
    base = units.assign(year=year).merge(
        panel[panel["year"] == year].drop(columns="region"), on=["kato", "year"], how="left"
    )

    def single(indicator: str) -> pd.Series:
        sub = clean[
            (clean["indicator"] == indicator) & (clean["year"] == year) & (clean["status"] == "ok")
        ]
        return sub.drop_duplicates("kato").set_index("kato")["value"]

    for needed in ("population", "universities"):
        ok = clean[(clean["indicator"] == needed) & (clean["status"] == "ok")]
        have = sorted(int(y) for y in ok["year"].unique())
        if year not in have:
            raise InputError(
                f"config key 'year': {year} has no {needed} in the sources (years available: {have})"
            )
    base["population"] = base["kato"].map(single("population"))
    base["universities"] = base["kato"].map(single("universities"))
    base["universities_per_100k"] = base["universities"] / base["population"] * 1e5
    base["researchers_fte"] = base["researchers_per_million"] * base["population"] / 1e6
    national = base.set_index("kato").loc[NATIONAL] if NATIONAL in set(base["kato"]) else None
    for col, share in [
        ("researchers_fte", "researchers_share_pct"),
        ("universities", "universities_share_pct"),
    ]:
        denom = national[col] if national is not None else float("nan")
        base[share] = base[col] / denom * 100
    for s in ("1a", "1b", "1c"):
        base[f"broadband_{s}_per_100"] = (
            base[f"broadband_{s}_thousand"] * 1000 / base["population"] * 100
        )
    return base.sort_values("kato").reset_index(drop=True)


def variables_table() -> pd.DataFrame:
    return pd.DataFrame(VARIABLES, columns=["variable", "table", "unit", "formula", "sources"])
