"""Reproducibility audit of the 2025 paper: its numbers against official statistics and against
themselves, concentration measures, and a verdict per claim. Pure functions; the numbers that
decide each verdict are carried in the verdict table."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

import numpy as np
import pandas as pd

from kzrd.core.errors import InputError
from kzrd.core.i18n import N_
from kzrd.data.clean import published_step
from kzrd.data.derived import POPULATION_BASIS, derived_levels, sdg_levels
from kzrd.reference.regions import NATIONAL
from kzrd.stats.concentration import concentration_measures


@dataclass(frozen=True)
class Calendar:
    """The years the audit works with, every one read from the data (none typed in here).

    ``cross_section``: the year of the cross-section (config ``year``, checked against the snapshots);
    ``border_change``: the year the newest regions were created (the region registry: 2022);
    ``sdg_years``: the years the SDG 9-5-1 and 9-5-2 regional series give;
    ``population_year``: the year of the shipped population count (1 January of the next year)."""

    cross_section: int
    border_change: int
    sdg_years: tuple[int, ...]
    population_year: int

    @property
    def last(self) -> int:
        """The last year the SDG series publish."""
        return self.sdg_years[-1]

    @property
    def before_change(self) -> int:
        """The last year before the border change: the last year of a consistent territory."""
        return self.border_change - 1


def calendar(cs: pd.DataFrame, clean: pd.DataFrame, created: dict[str, int]) -> Calendar:
    """The audit's years from the cross-section, the cleaned series and the registry's creation years."""
    ok = clean[clean["status"] == "ok"]
    sdg = ok[ok["indicator"].isin(["rd_expenditure_pct_grp", "researchers_per_million"])]
    population = ok.loc[ok["indicator"] == "population", "year"]
    return Calendar(
        cross_section=int(cs["year"].iloc[0]),
        border_change=max(created.values()),
        sdg_years=tuple(sorted(int(y) for y in sdg["year"].unique())),
        population_year=int(population.max()),
    )


CONCENTRATION_VARIABLES = {
    "researchers": "Researchers (persons), BNS R&D bulletin",
    "rd_internal_expenditure": "Internal R&D expenditure (thousand KZT), BNS R&D bulletin",
    "enterprises_rd": "Enterprises doing R&D, BNS R&D bulletin",
}


def concentration_2022(cs: pd.DataFrame) -> pd.DataFrame:
    regions = cs[cs["kato"] != NATIONAL].set_index("kato")
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    rows = []
    for var, label in CONCENTRATION_VARIABLES.items():
        m = concentration_measures(regions[var], regions["population"], nat[var])
        rows.append(
            dict(
                variable=var,
                label=label,
                year=int(cs["year"].iloc[0]),
                denominator="national row",
                **m,
            )
        )
    return pd.DataFrame(rows)


def location_quotients(cs: pd.DataFrame) -> pd.DataFrame:
    """LQ = region's share of the national total / region's share of the national population."""
    regions = cs[cs["kato"] != NATIONAL]
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    out = regions[["kato", "region"]].copy()
    for var in CONCENTRATION_VARIABLES:
        out[f"lq_{var}"] = (regions[var] / nat[var]) / (regions["population"] / nat["population"])
    return out.reset_index(drop=True)


# the bases of the official values, marked for the catalogue (the verdicts' words and the documents
# name them translated)
FTE_BASIS = N_("SDG 9-5-2 x population (FTE)")
FTE_1_JANUARY = N_("SDG 9-5-2 x population of 1 January (FTE)")
FTE_BASES = (FTE_BASIS, FTE_1_JANUARY)


def concentration_over_time(
    clean: pd.DataFrame,
    created: dict[str, int],
    cal: Calendar,
    split_from: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Concentration in every year of the SDG series, on the regional base each year gives.

    R&D expenditure is 9-5-1 x GRP (BNS); researchers are 9-5-2 x population, with the population
    implied by GRP / GRP per capita (:func:`kzrd.data.derived.implied_population`, published up to
    2022), which also weights Theil and the per-capita CV. ``created`` maps a KATO code to the year its region was
    created: a value the SDG files give for an earlier year (Abai, Zhetisu and Ulytau carry 0 for
    2021) describes no territory of that year and is left out."""
    rd, grp, res, pop = sdg_levels(clean[clean["status"] == "ok"], created, split_from)
    rows = []
    for year in cal.sdg_years:
        for var, rate, base, missing in (("rd_expenditure_sdg_x_grp", rd, grp, "no GRP by region for this year"),
                                         ("researchers_sdg_x_population", res, pop, "no population by region on this basis (GRP / GRP per capita, published up to 2022)")):  # fmt: skip
            vals, excluded = {}, []
            for (k, y), r in rate.items():
                if y != year or k == NATIONAL:
                    continue
                if year < created.get(k, 0):
                    excluded.append(k)
                elif (k, y) in base.index:
                    vals[k] = r * base[(k, y)]
            note = (
                f"left out, before the region was created: {', '.join(sorted(excluded))}"
                if excluded
                else ""
            )
            if len(vals) < 3:
                rows.append(dict(variable=var, year=year, n=len(vals), cr2=np.nan, cr3=np.nan, hhi=np.nan, hhi_normalised=np.nan,
                                 gini=np.nan, theil=np.nan, cv_per_capita=np.nan, status=missing, population_basis="", note=note))  # fmt: skip
                continue
            v = pd.Series(vals)
            year_pop = pd.Series(
                {k: pop[(k, year)] for k in v.index if (k, year) in pop.index}, dtype="float64"
            )
            rows.append(
                dict(
                    variable=var,
                    year=year,
                    **concentration_measures(v, year_pop if len(year_pop) else None),
                    status="ok",
                    population_basis=POPULATION_BASIS if len(year_pop) == len(v) else "",
                    note=note,
                )
            )
    out = pd.DataFrame(rows)
    out["base_change"] = out["year"] == cal.border_change
    return out


# ------------------------------------------------------------------------------ paper against itself and official


def paper_value(cells: pd.DataFrame, table: str, indicator: str) -> pd.Series:
    t = cells[(cells["table"] == table) & (cells["indicator"] == indicator)]
    return t.set_index("kato")["value"]


def totals(
    cells: pd.DataFrame,
    cs: pd.DataFrame,
    clean: pd.DataFrame,
    references: pd.DataFrame,
    cal: Calendar,
) -> pd.DataFrame:
    """Sums over the paper's regions against national totals of the same indicator: the
    cross-section year (BNS), the published national total and SDG 9-5-1 x GRP of the last SDG year."""
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    ok = clean[clean["status"] == "ok"]
    y, last = cal.cross_section, cal.last
    sdg_last = ok[
        (ok["indicator"] == "rd_expenditure_pct_grp")
        & (ok["year"] == last)
        & (ok["kato"] == NATIONAL)
    ]["value"]
    grp_last = ok[(ok["indicator"] == "grp") & (ok["year"] == last) & (ok["kato"] == NATIONAL)][
        "value"
    ]
    published = references[
        references["id"].str.startswith("rd_internal_expenditure_") & (references["year"] == last)
    ]
    rows = []
    for table in ("table1", "table2"):
        for ind, official, unit in (("researchers", nat["researchers"], "persons"),
                                    ("rd_expenditure", nat["rd_expenditure_bn_kzt"], "billion KZT"),
                                    ("universities", nat["universities"], "organisations")):  # fmt: skip
            v = paper_value(cells, table, ind).dropna()
            if v.empty:
                continue
            rows.append(dict(table=table, indicator=ind, unit=unit, paper_regions=len(v), paper_sum=float(v.sum()),
                             reference=f"national total, BNS {y}", reference_year=y, reference_value=float(official)))  # fmt: skip
            if ind == "rd_expenditure":
                for r in published.itertuples(index=False):
                    rows.append(dict(table=table, indicator=ind, unit=unit, paper_regions=len(v), paper_sum=float(v.sum()),
                                     reference=f"national total {last}, {r.publisher} ({r.url})", reference_year=last,
                                     reference_value=float(r.value)))  # fmt: skip
                if len(sdg_last) and len(grp_last):
                    rows.append(dict(table=table, indicator=ind, unit=unit, paper_regions=len(v), paper_sum=float(v.sum()),
                                     reference=f"SDG 9-5-1 ({last}) x GRP {last} (BNS, preliminary)", reference_year=last,
                                     reference_value=float(sdg_last.iloc[0]) / 100 * float(grp_last.iloc[0]) / 1e3))  # fmt: skip
    out = pd.DataFrame(rows)
    out["ratio"] = out["paper_sum"] / out["reference_value"]
    return out


FIGURE1_COLUMNS = {"researchers": "researchers", "rd_expenditure": "R&D expenditure",
                   "publications_scopus": "publications (Scopus)"}  # fmt: skip


def figure1_candidates(
    cells: pd.DataFrame, shares_text: pd.DataFrame, cs: pd.DataFrame
) -> pd.DataFrame:
    """Every share the paper's tables allow for the three regions of Figure 1's text, and its distance
    to the stated shares (mean absolute difference, percentage points)."""
    stated = shares_text.set_index("kato")["value"]
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    rows = []
    for table, ind, nat_col in (("table1", "researchers", "researchers"), ("table2", "researchers", "researchers"),
                                ("table1", "rd_expenditure", "rd_expenditure_bn_kzt"),
                                ("table2", "publications_scopus", None)):  # fmt: skip
        v = paper_value(cells, table, ind).dropna()
        printed = f"the paper's Table {table.removeprefix('table')}"
        denominators = [(f"sum of the {len(v)} regions listed in {printed}", float(v.sum()))]
        if nat_col:
            denominators.append(
                (f"national total {int(cs['year'].iloc[0])} (BNS), {nat_col}", float(nat[nat_col]))
            )
        for (label, denom), kind in zip(denominators, ("listed", "national"), strict=False):
            sh = v.reindex(stated.index) / denom * 100
            rows.append(dict(table=table, indicator=ind, column=f"{table}_{ind}",
                             column_label=f"Table {table[-1]}: {FIGURE1_COLUMNS[ind]}", denominator=label, denominator_kind=kind,
                             astana=float(sh.get("710000000")), almaty=float(sh.get("750000000")),
                             karaganda=float(sh.get("350000000")),
                             mean_abs_diff=float((sh - stated).abs().mean()),
                             max_abs_diff=float((sh - stated).abs().max())))  # fmt: skip
    out = pd.DataFrame(rows).sort_values("mean_abs_diff").reset_index(drop=True)
    out["closest"] = out.index == 0
    return out


# The regions the paper's enterprise claim names (its Table 1 shares are quoted in the verdict).
ALMATY_CITY, ASTANA, ULYTAU = "750000000", "710000000", "620000000"
OFFICIAL_VARIABLES = {
    "researchers": "Researchers",
    "rd_expenditure": "Internal R&D expenditure",
}


def official_by_year(
    cs: pd.DataFrame,
    clean: pd.DataFrame,
    created: dict[str, int],
    cal: Calendar,
    split_from: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Regional values of researchers and internal R&D expenditure in every year an official series
    gives them, each with its national total and the region's share of it.

    Bases: ``BNS head count`` and ``BNS bulletin`` (the cross-section year, the R&D bulletin);
    ``SDG 9-5-2 x population`` (FTE researchers in every SDG year: the rate x the population implied
    by GRP / GRP per capita, and for the year after the population count's year the count itself, of
    1 January); ``SDG 9-5-1 x GRP`` (expenditure in billion KZT, every SDG year). A region is left out
    of the years before it was created."""
    ok = clean[clean["status"] == "ok"]
    levels = derived_levels(ok, created, split_from)
    implied_years = set(sdg_levels(ok, created, split_from)[3].index.get_level_values("year"))
    names = dict(zip(cs["kato"], cs["region"], strict=True))
    rows = []
    for kato in cs["kato"]:
        for var, col, basis, scale in (("researchers", "researchers", N_("BNS head count"), 1.0),
                                       ("rd_expenditure", "rd_internal_expenditure", N_("BNS bulletin"), 1e-6)):  # fmt: skip
            v = cs.loc[cs["kato"] == kato, col].iloc[0]
            rows.append(
                dict(
                    variable=var,
                    basis=basis,
                    year=int(cs["year"].iloc[0]),
                    kato=kato,
                    value=float(v) * scale,
                )
            )
        for year in cal.sdg_years:
            if year < created.get(kato, 0):
                continue
            # one population basis per series: the average annual population implied by GRP / GRP per
            # capita; for the year after the population count (no GRP per capita published yet) the
            # count of 1 January, as a basis of its own
            basis = FTE_BASIS if year in implied_years else FTE_1_JANUARY
            rows.append(dict(variable="researchers", basis=basis, year=year, kato=kato,
                             value=levels.get(("researchers_sdg_x_population", kato, year), np.nan)))  # fmt: skip
            rows.append(dict(variable="rd_expenditure", basis=N_("SDG 9-5-1 x GRP"), year=year, kato=kato,
                             value=levels.get(("rd_expenditure_sdg_x_grp", kato, year), np.nan)))  # fmt: skip
    out = pd.DataFrame(rows).dropna(subset=["value"])
    nat = out[out["kato"] == NATIONAL].set_index(["variable", "basis", "year"])["value"]
    out = out[out["kato"] != NATIONAL].copy()
    out["national"] = [
        nat.get((a, b, y), np.nan)
        for a, b, y in zip(out["variable"], out["basis"], out["year"], strict=True)
    ]
    out["share_pct"] = out["value"] / out["national"] * 100
    out["region"] = out["kato"].map(names)
    out["label"] = out["variable"].map(OFFICIAL_VARIABLES) + ", " + out["basis"]
    out["unit"] = np.where(out["variable"] == "researchers", "persons", "billion KZT")
    return (
        out.dropna(subset=["national"])
        .sort_values(["variable", "basis", "year", "kato"])
        .reset_index(drop=True)
    )


def head_count_per_fte(cs: pd.DataFrame) -> float:
    """National researchers (persons) per full-time equivalent, both from the BNS R&D bulletin."""
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    return float(nat["researchers"] / nat["researchers_fte_bns"])


def magnitudes(
    cells: pd.DataFrame, by_year: pd.DataFrame, cs: pd.DataFrame, references: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The paper's Table 1-2 levels against official values in every year an official series gives.

    Returns (totals, regions). ``totals``: the sum over the paper's listed regions against the
    national total, with the ratio above which a year contradicts the paper (``threshold``: 1 for a
    like-for-like year; for FTE years the cross-section year's head-count/FTE factor, because FTE are fewer than
    persons). ``regions``: each listed region against its official value, per year and basis.

    The head-count/FTE factor is the BNS bulletin's own: national researchers (persons) over their
    full-time equivalent (persons x the bulletin's FTE coefficient), with no population in it."""
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    hc_per_fte = head_count_per_fte(cs)
    ref = references.set_index("id")
    tot_rows, reg_rows = [], []
    for claim, table, ind, var in (("table1_researchers", "table1", "researchers", "researchers"),
                                   ("table2_researchers", "table2", "researchers", "researchers"),
                                   ("table1_expenditure", "table1", "rd_expenditure", "rd_expenditure"),
                                   ("table2_universities", "table2", "universities", "universities")):  # fmt: skip
        paper = paper_value(cells, table, ind).dropna()
        if var == "universities":
            official = cs[cs["kato"] != NATIONAL][["kato", "region", "universities"]].rename(
                columns={"universities": "value"}
            )
            official = official.assign(
                year=int(cs["year"].iloc[0]),
                basis=N_("BNS higher education"),
                national=float(nat["universities"]),
            )
        else:
            official = by_year[by_year["variable"] == var]
        for (basis, year), g in official.groupby(["basis", "year"], sort=True):
            g = g.set_index("kato")
            threshold = hc_per_fte if basis in FTE_BASES else 1.0
            tot_rows.append(dict(claim_id=claim, year=int(year), basis=basis, paper_regions=len(paper),
                                 paper_sum=float(paper.sum()), official=float(g["national"].iloc[0]), threshold=threshold))  # fmt: skip
            for kato, v in paper.items():
                if kato in g.index and pd.notna(g.at[kato, "value"]):
                    reg_rows.append(dict(claim_id=claim, kato=kato, region=g.at[kato, "region"], year=int(year), basis=basis,
                                         paper=float(v), official=float(g.at[kato, "value"]), threshold=threshold))  # fmt: skip
        if var != "rd_expenditure":
            continue
        for _id, r in ref[ref.index.str.startswith("rd_internal_expenditure_")].iterrows():
            tot_rows.append(dict(claim_id=claim, year=int(r["year"]), basis=N_("published national total (reference)"),
                                 paper_regions=len(paper), paper_sum=float(paper.sum()), official=float(r["value"]), threshold=1.0))  # fmt: skip
    totals, regions = pd.DataFrame(tot_rows), pd.DataFrame(reg_rows)
    totals["ratio"] = totals["paper_sum"] / totals["official"]
    # an official zero (Ulytau's R&D intensity in the cross-section year) gives no ratio, not an infinite one
    regions["ratio"] = (regions["paper"] / regions["official"]).where(regions["official"] > 0)
    return totals, regions


GROWTH_LABELS = {  # marked for the catalogue (the verdicts' words name them translated)
    "rd_expenditure_pct_grp": N_("R&D intensity (% of GRP)"),
    "researchers_per_million": N_("researchers per million"),
}


def growth(
    trends: pd.DataFrame, regions: list[str], first: int, last: int, before_change: int
) -> pd.DataFrame:
    """Key finding 2 under every window, territory and noise measure of the claim (resources/claims.yaml).

    Base years: ``first`` to ``before_change`` (the last year before the 2022 border change), on the
    pre-2022 territory, which is the published one before 2022. Their year-to-year changes give the
    noise of a change over n years: their standard deviation (``sd``) or median absolute value
    (``median``) times sqrt(n). Windows: ``short``, ``before_change`` to ``last``; ``short_prior``, the
    year before it to ``last``; ``long``, the mean of
    the first three base years to ``last`` (n from the middle of those years); each on the same
    territory (``same``: from 2022 recombined) and as published (``published``). ``trend``: the
    Theil-Sen slope of the base years with its 95% interval (no territory or noise measure);
    ``trend_all``, the same over every year ``first`` to ``last`` on the same territory. A config
    whose base years are too few stops with one line naming the key."""
    from scipy.stats import theilslopes

    if before_change - first < 3:
        raise InputError(
            f"config key 'trend_years.first': {first} leaves fewer than four base years before "
            f"{before_change + 1}, the year of the border change (the growth rule needs at least three year-to-year changes)"
        )
    if last <= before_change:
        raise InputError(
            f"config key 'trend_years.last': {last} is not after {before_change}, the last year before the "
            "border change; the growth windows end after it"
        )
    rows = []
    for kato in regions:
        for ind, label in GROWTH_LABELS.items():
            t = trends[(trends["kato"] == kato) & (trends["indicator"] == ind)]
            by = {ter: t[t["territory"] == ter].set_index("year")["value"].sort_index()
                  for ter in ("pre2022", "current")}  # fmt: skip
            base = by["pre2022"][
                (by["pre2022"].index >= first) & (by["pre2022"].index <= before_change)
            ].dropna()
            d = base.diff().dropna()
            region = t["region"].iloc[0]
            common = dict(kato=kato, region=region, indicator=ind, label=label, resolution=published_step(base),
                          base_years=f"{int(base.index[0])}-{int(base.index[-1])}")  # fmt: skip
            early = base.iloc[:3]
            windows = {"short": (before_change, float(base.get(before_change, np.nan)), last - before_change),
                       "short_prior": (before_change - 1, float(base.get(before_change - 1, np.nan)), last - before_change + 1),
                       "long": (int(early.index[0]), float(early.mean()), last - (int(early.index[0]) + 1))}  # fmt: skip
            for window, (y0, v0, n) in windows.items():
                for territory, ter in (("same", "pre2022"), ("published", "current")):
                    v1 = float(by[ter].get(last, np.nan))
                    for measure, unit in (("sd", d.std(ddof=1)), ("median", d.abs().median())):
                        rows.append(dict(common, window=window, territory=territory, noise_measure=measure, year_from=y0,
                                         year_to=last, value_first=v0, value_last=v1, change=v1 - v0,
                                         noise=float(unit * np.sqrt(n)), slope=np.nan, slope_low=np.nan, slope_high=np.nan))  # fmt: skip
            every = by["pre2022"][
                (by["pre2022"].index >= first) & (by["pre2022"].index <= last)
            ].dropna()
            tsa = theilslopes(every.to_numpy(), every.index.to_numpy(dtype=float))
            rows.append(dict(common, window="trend_all", territory="", noise_measure="", year_from=int(every.index[0]),
                             year_to=int(every.index[-1]), value_first=float(every.iloc[0]), value_last=float(every.iloc[-1]),
                             change=np.nan, noise=np.nan, slope=float(tsa.slope), slope_low=float(tsa.low_slope),
                             slope_high=float(tsa.high_slope)))  # fmt: skip
            ts = theilslopes(base.to_numpy(), base.index.to_numpy(dtype=float))
            rows.append(dict(common, window="trend", territory="", noise_measure="", year_from=int(base.index[0]),
                             year_to=int(base.index[-1]), value_first=float(base.iloc[0]), value_last=float(base.iloc[-1]),
                             change=np.nan, noise=np.nan, slope=float(ts.slope), slope_low=float(ts.low_slope),
                             slope_high=float(ts.high_slope)))  # fmt: skip
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ regional values

# indicator -> (label, unit, how it is computed from the cross-section row d and the national row);
# the labels are marked for the catalogue (the documents print them translated)
CROSS_SECTION_VALUES = {
    "researchers": (N_("researchers (persons)"), "persons", lambda d: d["researchers"]),
    "universities": (N_("higher-education organisations"), "organisations", lambda d: d["universities"]),
    "researchers_fte_bns": (N_("researchers, full-time equivalent (BNS coefficient)"), "FTE", lambda d: d["researchers_fte_bns"]),
    "rd_internal_expenditure": (N_("internal R&D expenditure"), "thousand KZT", lambda d: d["rd_internal_expenditure"]),
    "rd_total_expenditure": (N_("internal + external R&D expenditure"), "thousand KZT",
                             lambda d: d["rd_internal_expenditure"] + d["rd_external_expenditure"]),
    "enterprises_rd": (N_("enterprises doing R&D"), "enterprises", lambda d: d["enterprises_rd"]),
    "share_enterprises_rd_pct": (N_("enterprises doing R&D, % of R&D-form respondents"), "%", lambda d: d["share_enterprises_rd_pct"]),
    "enterprises_rd_national_share_pct": (N_("enterprises doing R&D, % of the national count"), "%",
                                          lambda d: d["enterprises_rd"] / d["enterprises_rd_national"] * 100),
    "innovation_activity_pct": (N_("innovation activity level, % of surveyed enterprises"), "%", lambda d: d["innovation_activity_pct"]),
    "enterprises_rd_per_surveyed_pct": (N_("enterprises doing R&D, % of innovation-survey enterprises (two surveys)"), "%",
                                        lambda d: d["enterprises_rd"] / d["enterprises_surveyed"] * 100),
    "researchers_per_10k": (N_("researchers per 10,000 inhabitants"), "per 10,000", lambda d: d["researchers_per_10k"]),
    "rd_expenditure_pct_grp_bns": (N_("R&D expenditure, % of GRP (BNS)"), "% of GRP", lambda d: d["rd_expenditure_pct_grp_bns"]),
    "universities_per_100k": (N_("universities per 100,000 inhabitants"), "per 100,000", lambda d: d["universities_per_100k"]),
    "enterprises_rd_per_100k": (N_("organisations doing R&D per 100,000 inhabitants"), "per 100,000",
                                lambda d: d["enterprises_rd"] / d["population"] * 1e5),
    "internet_users_pct": (N_("Internet users, % of population (SDG 17-8-1)"), "%", lambda d: d["internet_users_pct"]),
    "broadband_1a_per_100": (N_("fixed broadband 1A per 100 (SDG 17-6-2)"), "per 100", lambda d: d["broadband_1a_per_100"]),
    "broadband_1b_per_100": (N_("fixed broadband 1B per 100 (SDG 17-6-2)"), "per 100", lambda d: d["broadband_1b_per_100"]),
    "broadband_1c_per_100": (N_("fixed broadband 1C per 100 (SDG 17-6-2)"), "per 100", lambda d: d["broadband_1c_per_100"]),
    "broadband_total_per_100": (N_("fixed broadband per 100, all series (SDG 17-6-2)"), "per 100", lambda d: d["broadband_total_per_100"]),
}  # fmt: skip
# panel series: the latest year up to the cross-section year in which regions publish them
LATEST_PANEL_VALUES = ("schools_internet_pct", "ict_skills_national_pct")
LATEST_PANEL_PREFIXES = ("ict_",)
# panel series in every year
YEARLY_PANEL_VALUES = ("manufacturing_va_pct_grp", "manufacturing_va_per_capita_usd")


def regional_values(
    cs: pd.DataFrame, clean: pd.DataFrame, panel: pd.DataFrame, labels: dict[str, str]
) -> pd.DataFrame:
    """Every regional value a claim compares across regions, with its year and the national value:
    the cross-section year's BNS counts and rates (and the SDG series in it), the latest year of the
    panel's other regional series, and every year of the manufacturing series. Rows indicator,
    label, unit, year, kato, region, value, national; a value the sources do not give is absent."""
    ok = clean[clean["status"] == "ok"]
    year = int(cs["year"].iloc[0])
    d = cs.copy()
    ext = ok[(ok["indicator"] == "rd_external_expenditure") & (ok["year"] == year)].set_index(
        "kato"
    )["value"]
    d["rd_external_expenditure"] = d["kato"].map(ext).astype("float64")
    nat_rd = float(cs.loc[cs["kato"] == NATIONAL, "enterprises_rd"].iloc[0])
    d["enterprises_rd_national"] = nat_rd
    rows = []
    for ind, (label, unit, f) in CROSS_SECTION_VALUES.items():
        try:
            v = f(d)
        except KeyError:  # a series this run's data do not hold
            continue
        rows.append(
            pd.DataFrame(
                dict(
                    indicator=ind,
                    label=label,
                    unit=unit,
                    year=year,
                    kato=d["kato"],
                    region=d["region"],
                    value=v,
                )
            )
        )
    latest = [
        c for c in panel.columns if c in LATEST_PANEL_VALUES or c.startswith(LATEST_PANEL_PREFIXES)
    ]
    for ind in [*latest, *YEARLY_PANEL_VALUES]:
        if ind not in panel.columns:
            continue
        p = panel[["kato", "region", "year", ind]].dropna(subset=[ind])
        p = p[p["kato"] != NATIONAL]
        if p.empty:
            continue
        keep = p[p["year"] <= year] if ind not in YEARLY_PANEL_VALUES else p
        if ind not in YEARLY_PANEL_VALUES:
            keep = keep[keep["year"] == keep["year"].max()]
        nat = panel[panel["kato"] == NATIONAL].set_index("year")[ind]
        rows.append(pd.DataFrame(dict(indicator=ind, label=labels.get(ind, ind), unit="", year=keep["year"], kato=keep["kato"],
                                      region=keep["region"], value=keep[ind])).assign(national_panel=keep["year"].map(nat)))  # fmt: skip
    out = pd.concat(rows, ignore_index=True)
    nat = out[out["kato"] == NATIONAL].set_index(["indicator", "year"])["value"]
    out["national"] = [
        nat.get((i, y), np.nan) for i, y in zip(out["indicator"], out["year"], strict=True)
    ]
    if "national_panel" in out:
        out["national"] = out["national"].fillna(out.pop("national_panel"))
    out = out[out["kato"] != NATIONAL].dropna(subset=["value"])
    out["year"] = out["year"].astype("int64")
    return out.sort_values(["indicator", "year", "kato"]).reset_index(drop=True)


def group_consecutive(years: list[int]) -> str:
    """2010, 2011, 2012, 2015 -> '2010-2012, 2015'."""
    out = []
    for _, g in groupby(enumerate(sorted(years)), key=lambda iy: iy[1] - iy[0]):
        ys = [y for _, y in g]
        out.append(f"{ys[0]}" if len(ys) == 1 else f"{ys[0]}-{ys[-1]}")
    return ", ".join(out)


def year_alignment(
    by_year: pd.DataFrame, cal: Calendar, growth: pd.DataFrame, values: pd.DataFrame
) -> pd.DataFrame:
    """For each compared quantity: the paper's year (as the paper states it), the official year(s)
    used, and why; every official year from the data."""
    y, last, before = cal.cross_section, cal.last, cal.before_change
    sdg = by_year[by_year["basis"] != "BNS head count"]["year"]
    span = f"{int(sdg.min())}-{int(sdg.max())}"
    short = growth[growth["window"] == "short"]
    trend = growth[growth["window"] == "trend"]
    g_to = int(short["year_to"].max()) if len(short) else last
    g_base = f"{int(trend['year_from'].min())}-{int(trend['year_to'].max())}" if len(trend) else ""
    digital = values[values["indicator"].str.match(r"(internet|broadband|schools|ict)_")]
    d_years = (
        group_consecutive(sorted(int(v) for v in digital["year"].unique()))
        if len(digital)
        else f"{y}"
    )
    industry = values[values["indicator"].str.startswith("manufacturing_")]
    i_years = (
        group_consecutive(sorted(int(v) for v in industry["year"].unique()))
        if len(industry)
        else "none shipped"
    )
    rows = [
        ("Table 1: share of enterprises engaged in R&D", "2023-2024", f"{y}", f"the {y} BNS R&D and innovation bulletins are the only regional counts shipped"),
        ("Tables 1-2: researchers", "2023-2024", f"{y} (head count); {span} (FTE)", f"{y}: BNS R&D bulletin; every year: SDG 9-5-2 x population, FTE (fewer than persons, so the ratio is judged against the head-count/FTE factor)"),
        ("Table 1: R&D expenditure", "2023-2024", f"{y}; {span}; {last} national", f"{y}: BNS R&D bulletin; every year: SDG 9-5-1 x GRP; {last}: the published national total"),
        ("Table 2: universities", "2023-2024", f"{y}/{y + 1} academic year", "the only edition of the higher-education publication shipped"),
        ("Figure 1: shares of research activity", "2023-2024", f"{y}; {span}", "every year of both official variables is tried"),
        ("Figure 2: universities and technical employment", "2024", f"{y}", f"universities {y}/{y + 1}; y in the same year"),
        ("Key finding 2: growth", "not stated", f"{before} → {g_to}; long run and trend from {g_base}", f"{before} is the last year before the {cal.border_change} border change, {g_to} the last of the configured window"),
        ("Key finding 2: industrially developed", "not stated", i_years, "every year the SDG 9-2-1 series gives on the pre-2022 territory"),
        ("Table 3 / key finding 3: digital infrastructure", "2024", d_years, "each official regional digital series in its latest year up to the cross-section year; no TVET series"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["quantity", "paper_year", "official_year", "why"])


# ------------------------------------------------------------------------------ official counterparts, all regions

OFFICIAL_TABLES = {
    "table1": [
        ("share_enterprises_rd_pct", "Share of enterprises engaged in R&D (%) [enterprises doing R&D / reporting enterprises, BNS R&D bulletin, sheet 36]"),
        ("innovation_activity_pct", "Innovation activity level (%) [BNS innovation bulletin, sheet 1]"),
        ("researchers", "Number of researchers [persons, BNS R&D bulletin, sheet 36]"),
        ("rd_expenditure_bn_kzt", "Internal R&D expenditure (billion KZT) [BNS R&D bulletin, sheet 1]"),
    ],
    "table2": [
        ("researchers", "Number of researchers [persons, BNS R&D bulletin, sheet 36]"),
        ("universities", "Number of universities [BNS higher-education publication, 2022]"),
        (None, "Publications (Scopus) [no official regional source in the shipped data]"),
        (None, "Share of online programmes (%) [no official regional source in the shipped data]"),
    ],
    "table3": [
        ("internet_users_pct", "Individuals using the Internet (%) [SDG 17-8-1; a different indicator from the paper's TVET series]"),
        ("broadband_1a_per_100", "Fixed broadband subscriptions per 100 inhabitants, series 1A [SDG 17-6-2; different indicator]"),
        ("broadband_1b_per_100", "Fixed broadband subscriptions per 100 inhabitants, series 1B [SDG 17-6-2; different indicator]"),
        ("broadband_1c_per_100", "Fixed broadband subscriptions per 100 inhabitants, series 1C [SDG 17-6-2; different indicator]"),
    ],
}  # fmt: skip


def official_tables(cs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Official counterparts of the paper's Tables 1-3 for all regions (and the nation), in the
    paper's column order; a column with no official source is present and empty, its heading says why."""
    base = cs.sort_values("kato")
    out = {}
    for name, columns in OFFICIAL_TABLES.items():
        t = pd.DataFrame({"KATO": base["kato"].to_numpy(), "Region": base["region"].to_numpy()})
        for column, heading in columns:
            t[heading] = base[column].to_numpy() if column else np.nan
        out[name] = t
    return out
