"""Analysis: territorial concentration (Figure 1), correlation (Figure 2), trends (finding 2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kzrd.core.i18n import N_
from kzrd.reference.regions import NATIONAL, Registry
from kzrd.stats.concentration import concentration, shares
from kzrd.stats.correlation import correlate

# ---------------------------------------------------------------- concentration (Figure 1)


def concentration_tables(
    paper: dict[str, pd.DataFrame], cross_section: pd.DataFrame, registry: Registry
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shares of researchers by region under four bases, and CR2/CR3/HHI for each.

    - paper_table1 / paper_table2: the researchers column of the paper's tables, as shares of the
      sum over the regions the table lists (the paper gives no national total);
    - paper_text: the shares the text states for Figure 1 (Astana 28%, Almaty 24%, Karaganda 15%);
    - official: researchers (persons) of the BNS R&D bulletin, as shares of the national total.
    """
    rows, idx = [], []
    for basis, table in [("paper_table1", "table1"), ("paper_table2", "table2")]:
        t = paper[table]
        t = t[(t["indicator"] == "researchers") & (t["status"] == "ok")]
        s = shares(t["value"])
        rows += [
            dict(basis=basis, kato=k, value=v, share_pct=p)
            for k, v, p in zip(t["kato"], t["value"], s, strict=True)
        ]
        idx.append(
            dict(
                basis=basis,
                label=f"Paper, Table {table[-1]}: researchers",
                n_regions=len(t),
                denominator=f"sum of the {len(t)} regions listed in the paper's Table {table[-1]}",
                complete=False,
                **concentration(s),
            )
        )
    text = paper["figure1_shares"]
    rows += [
        dict(basis="paper_text", kato=k, value=np.nan, share_pct=v)
        for k, v in zip(text["kato"], text["value"], strict=True)
    ]
    idx.append(
        dict(
            basis="paper_text",
            label="Paper, text on Figure 1: stated shares",
            n_regions=len(text),
            denominator="not stated (research activity)",
            complete=False,
            **concentration(text["value"]),
        )
    )
    cs = cross_section[(cross_section["kato"] != NATIONAL) & cross_section["researchers"].notna()]
    national = cross_section.loc[cross_section["kato"] == NATIONAL, "researchers"]
    s = shares(cs["researchers"], national.iloc[0] if len(national) else None)
    rows += [
        dict(basis="official", kato=k, value=v, share_pct=p)
        for k, v, p in zip(cs["kato"], cs["researchers"], s, strict=True)
    ]
    idx.append(
        dict(
            basis="official",
            label="Official: researchers (persons), BNS R&D bulletin",
            n_regions=len(cs),
            denominator="national researchers (persons), BNS R&D bulletin, sheet 36",
            complete=len(cs) == 20,
            **concentration(s),
        )
    )
    sh = pd.DataFrame(rows)
    sh["region"] = sh["kato"].map(registry.name)
    return sh, pd.DataFrame(idx)


# ---------------------------------------------------------------- correlation (Figure 2)


def figure2(
    cross_section: pd.DataFrame, x: str, y: str, y_is_proxy: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    regions = cross_section[cross_section["kato"] != NATIONAL]
    pts = regions[["kato", "region", x, y]].rename(columns={x: "x", y: "y"}).dropna()
    res = dict(x=x, y=y, y_is_proxy=y_is_proxy, **correlate(pts["x"], pts["y"]))
    return pd.DataFrame([res]), pts.reset_index(drop=True)


# ---------------------------------------------------------------- trends (finding 2)

INDICATORS = ["rd_expenditure_pct_grp", "researchers_per_million"]


def trends(
    clean: pd.DataFrame,
    registry: Registry,
    trend_regions: list[str],
    first_year: int,
    last_year: int,
) -> pd.DataFrame:
    """Series for the trend regions and the nation, on two territories.

    ``current``: as published (from 2022 the region without its split-off part).
    ``pre2022``: the region's pre-2022 territory, i.e. before 2022 as published and from 2022 the
    region recombined with the region split off from it. A rate is recombined as a mean weighted by
    its denominator: R&D expenditure % of GRP by the year's GRP (BNS), researchers per million by
    population (BNS, 1 January 2023, the only population in the shipped data, used for 2022 and 2023).
    Where a weight is missing the value stays missing with the reason.
    """
    regs = registry.regions
    children = {p: regs.loc[regs["predecessor_kato"] == p, "kato"].tolist() for p in trend_regions}
    ok = clean[(clean["status"] == "ok") & clean["indicator"].isin(INDICATORS)]
    good = clean[clean["status"] == "ok"]
    grp = good[good["indicator"] == "grp"].set_index(["kato", "year"])["value"]
    pop = good[good["indicator"] == "population"].set_index("kato")["value"]
    pop_by_year = pd.Series(
        {(k, y): v for k, v in pop.items() for y in range(first_year, last_year + 1)},
        dtype="float64",
    )
    weights_by = {"rd_expenditure_pct_grp": grp, "researchers_per_million": pop_by_year}
    rows = []
    for ind in INDICATORS:
        series = ok[ok["indicator"] == ind].set_index(["kato", "year"])["value"]
        for kato in [NATIONAL, *trend_regions]:
            for year in range(first_year, last_year + 1):
                v = series.get((kato, year), np.nan)
                published = (v, "ok" if pd.notna(v) else "not published")
                territories = {"current": published}
                if kato != NATIONAL:
                    kids = children.get(kato, [])
                    territories["pre2022"] = (
                        published
                        if year < 2022 or not kids
                        else _recombined(ind, [kato, *kids], year, series, weights_by)
                    )
                for territory, (value, status) in territories.items():
                    rows.append(
                        dict(
                            indicator=ind,
                            kato=kato,
                            territory=territory,
                            year=year,
                            value=value,
                            status=status,
                        )
                    )
    out = pd.DataFrame(rows)
    out["region"] = out["kato"].map(registry.name)
    return out


def _recombined(
    ind: str, members: list[str], year: int, series: pd.Series, weights_by: dict[str, pd.Series]
) -> tuple[float, str]:
    """Value of a rate on the pre-2022 territory made of ``members`` (the region and its split-off):
    the mean of the members' rates weighted by the rate's denominator (GRP for 9-5-1, population for 9-5-2)."""
    vals = np.array([series.get((k, year), np.nan) for k in members])
    weights = np.array([weights_by[ind].get((k, year), np.nan) for k in members])
    if not np.isfinite(vals).all():
        return np.nan, "not published for every part of the territory"
    if not np.isfinite(weights).all():
        return np.nan, "no weights (GRP or population) for every part"
    return float((vals * weights).sum() / weights.sum()), "ok"


def trend_slopes(tr: pd.DataFrame, last_consistent_year: int = 2021) -> pd.DataFrame:
    """OLS slope per year (HC3 p-value) of each 'current' series up to the last year before 2022."""
    from statsmodels.regression.linear_model import OLS  # a model is fitted here
    from statsmodels.tools.tools import add_constant

    rows = []
    cur = tr[
        (tr["territory"] == "current") & (tr["year"] <= last_consistent_year) & tr["value"].notna()
    ]
    for (ind, kato, region), g in cur.groupby(["indicator", "kato", "region"], sort=True):
        g = g.sort_values("year")
        fit = OLS(g["value"].to_numpy(), add_constant(g["year"].to_numpy(dtype=float))).fit(
            cov_type="HC3"
        )
        rows.append(
            dict(
                indicator=ind,
                kato=kato,
                region=region,
                first_year=int(g["year"].iloc[0]),
                last_year=int(g["year"].iloc[-1]),
                n=len(g),
                slope_per_year=float(fit.params[1]),
                slope_p=float(fit.pvalues[1]),
                first_value=float(g["value"].iloc[0]),
                last_value=float(g["value"].iloc[-1]),
            )
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- official counterparts of Tables 1-3

# paper indicator -> (official variable, unit, same measure?, note); the notes are marked for the
# catalogue (the translated supplement prints them translated)
COUNTERPARTS: dict[str, tuple[str, str, bool, str]] = {
    "share_enterprises_rd": ("share_enterprises_rd_pct", "% of reporting enterprises", False,
                             N_("Official: enterprises doing R&D / enterprises reporting, BNS R&D bulletin 2022, sheet 36; "
                             "no ratio: the paper does not state its denominator")),
    "researchers": ("researchers", "persons", True,
                    N_("Official: researchers (persons), BNS R&D bulletin 2022, sheet 36")),
    "rd_expenditure": ("rd_expenditure_bn_kzt", "billion KZT", True,
                       N_("Official: internal R&D expenditure, BNS R&D bulletin 2022, sheet 1, converted from thousand to billion KZT")),
    "universities": ("universities", "organisations", True,
                     N_("Official: BNS, higher-education organisations by region (publication of 15.12.2022)")),
    "publications_scopus": ("", "", False, N_("No official regional source of Scopus publications in the shipped data")),
    "online_programmes_share": ("", "", False, N_("No official regional source of online programmes in the shipped data")),
    "colleges_high_speed_internet": ("internet_users_pct", "% of population", False,
                                     N_("Different indicator: SDG 17-8-1 individuals using the Internet (no official TVET series is shipped)")),
    "lms_use": ("", "", False, N_("No official regional series of LMS use in the shipped data")),
    "teacher_digital_competence": ("", "", False, N_("No official regional series of teachers' digital competence in the shipped data")),
}  # fmt: skip


def counterparts(
    cells: pd.DataFrame, cross_section: pd.DataFrame, registry: Registry
) -> pd.DataFrame:
    """Each paper cell beside the official value for the same region (analysis year), with the ratio."""
    cs = cross_section.set_index("kato")
    year = int(cross_section["year"].iloc[0]) if len(cross_section) else -1
    rows = []
    for c in cells.itertuples():
        var, unit, same, note = COUNTERPARTS[c.indicator]
        off = (
            float(cs.at[c.kato, var])
            if var and c.kato in cs.index and pd.notna(cs.at[c.kato, var])
            else np.nan
        )
        ratio = c.value / off if same and pd.notna(c.value) and pd.notna(off) and off else np.nan
        rows.append(
            dict(
                table=c.table,
                kato=c.kato,
                region=registry.name(c.kato),
                indicator=c.indicator,
                paper_value=c.value,
                official_variable=var,
                official_value=off,
                official_unit=unit,
                official_year=year if pd.notna(off) else -1,
                ratio=ratio,
                note=note,
            )
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- national series (SDG beside World Bank)

NATIONAL_SERIES = {
    "sdg_rd_expenditure_pct_grp": "rd_expenditure_pct_grp",
    "wb_rd_expenditure_pct_gdp": "wb_rd_expenditure_pct_gdp",
    "sdg_researchers_per_million": "researchers_per_million",
    "wb_researchers_per_million": "wb_researchers_per_million",
}


def national_series(clean: pd.DataFrame) -> pd.DataFrame:
    """One row per year: the national SDG series and, where fetched, the World Bank's."""
    nat = clean[(clean["kato"] == NATIONAL) & (clean["status"] == "ok")]
    cols = {}
    for column, indicator in NATIONAL_SERIES.items():
        cols[column] = (
            nat[nat["indicator"] == indicator].drop_duplicates("year").set_index("year")["value"]
        )
    out = pd.DataFrame(cols)
    out.index.name = "year"
    return out.reset_index().sort_values("year").reset_index(drop=True).astype({"year": "int64"})
