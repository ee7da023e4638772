"""Reproducibility audit of the 2025 paper: its numbers against official statistics and against
themselves, concentration measures, and a verdict per claim. Pure functions; the numbers that
decide each verdict are carried in the verdict table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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


def concentration_over_time(
    clean: pd.DataFrame, created: dict[str, int], cal: Calendar
) -> pd.DataFrame:
    """Concentration in every year of the SDG series, on the regional base each year gives.

    R&D expenditure is 9-5-1 x GRP (BNS); researchers are 9-5-2 x population, with the population
    implied by GRP / GRP per capita (:func:`kzrd.data.derived.implied_population`, published up to
    2022), which also weights Theil and the per-capita CV. ``created`` maps a KATO code to the year its region was
    created: a value the SDG files give for an earlier year (Abai, Zhetisu and Ulytau carry 0 for
    2021) describes no territory of that year and is left out."""
    rd, grp, res, pop = sdg_levels(clean[clean["status"] == "ok"])
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
        denominators = [(f"sum of the {len(v)} regions listed in {table}", float(v.sum()))]
        if nat_col:
            denominators.append(
                (f"national total {int(cs['year'].iloc[0])} (BNS), {nat_col}", float(nat[nat_col]))
            )
        for label, denom in denominators:
            sh = v.reindex(stated.index) / denom * 100
            rows.append(dict(table=table, indicator=ind, denominator=label,
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
    cs: pd.DataFrame, clean: pd.DataFrame, created: dict[str, int], cal: Calendar
) -> pd.DataFrame:
    """Regional values of researchers and internal R&D expenditure in every year an official series
    gives them, each with its national total and the region's share of it.

    Bases: ``BNS head count`` and ``BNS bulletin`` (the cross-section year, the R&D bulletin);
    ``SDG 9-5-2 x population`` (FTE researchers in every SDG year: the rate x the population implied
    by GRP / GRP per capita, and for the year after the population count's year the count itself, of
    1 January); ``SDG 9-5-1 x GRP`` (expenditure in billion KZT, every SDG year). A region is left out
    of the years before it was created."""
    levels = derived_levels(clean[clean["status"] == "ok"])
    names = dict(zip(cs["kato"], cs["region"], strict=True))
    rows = []
    for kato in cs["kato"]:
        for var, col, basis, scale in (("researchers", "researchers", "BNS head count", 1.0),
                                       ("rd_expenditure", "rd_internal_expenditure", "BNS bulletin", 1e-6)):  # fmt: skip
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
            rows.append(dict(variable="researchers", basis="SDG 9-5-2 x population (FTE)", year=year, kato=kato,
                             value=levels.get(("researchers_sdg_x_population", kato, year), np.nan)))  # fmt: skip
            rows.append(dict(variable="rd_expenditure", basis="SDG 9-5-1 x GRP", year=year, kato=kato,
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


def capital_shares(by_year: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """The cities together (config audit.cities: Almaty city and Astana) as a share of the national
    total, per variable, basis and year (years in which all of them have a value)."""
    c = by_year[by_year["kato"].isin(cities)]
    g = c.groupby(["variable", "basis", "label", "year"], as_index=False).agg(
        share_pct=("share_pct", "sum"), n=("kato", "size")
    )
    return g[g["n"] == len(cities)].drop(columns="n").reset_index(drop=True)


def enterprise_bases(cs: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """Enterprises doing R&D (BNS R&D bulletin, sheet 36) as a share of two populations of enterprises:
    those answering the R&D form, and those of the innovation survey (BNS innovation bulletin)."""
    regions = cs[cs["kato"] != NATIONAL].set_index("kato")
    rows = []
    for basis, label, denom in (("rd_form", "over enterprises answering the R&D form (BNS R&D bulletin)", "enterprises_reporting"),
                                ("innovation_survey", "over enterprises of the innovation survey (BNS innovation bulletin)", "enterprises_surveyed")):  # fmt: skip
        share = regions["enterprises_rd"] / regions[denom] * 100
        periphery = share.drop(list(cities))
        nat = cs[cs["kato"] == NATIONAL].iloc[0]
        rows.append(dict(basis=basis, label=label, denominator_national=float(nat[denom]),
                         national_pct=float(nat["enterprises_rd"] / nat[denom] * 100),
                         n_periphery=int(periphery.notna().sum()), n_below=int((periphery < 3).sum()),
                         periphery_min=float(periphery.min()), periphery_max=float(periphery.max()),
                         almaty=float(share[ALMATY_CITY]), astana=float(share[ASTANA]), ulytau=float(share[ULYTAU])))  # fmt: skip
    return pd.DataFrame(rows)


def leaders(cs: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """The highest regions (cross-section year, BNS) on each indicator the paper says the two cities
    lead, as many as there are ``cities`` (config audit.cities)."""
    regions = cs[cs["kato"] != NATIONAL].set_index("kato")
    rows = []
    for ind, label, values in (("researchers", "researchers (persons)", regions["researchers"]),
                               ("rd_expenditure", "internal R&D expenditure", regions["rd_internal_expenditure"]),
                               ("enterprises_rd_form", "share of enterprises doing R&D, over R&D-form respondents",
                                regions["enterprises_rd"] / regions["enterprises_reporting"]),
                               ("enterprises_innovation_survey", "share of enterprises doing R&D, over innovation-survey enterprises",
                                regions["enterprises_rd"] / regions["enterprises_surveyed"])):  # fmt: skip
        top = values.sort_values(ascending=False).index[: len(cities)]
        rows.append(dict(indicator=ind, label=label, first=regions.at[top[0], "region"], second=regions.at[top[1], "region"],
                         cities_top2=set(top) == set(cities)))  # fmt: skip
    return pd.DataFrame(rows)


FTE_BASIS = "SDG 9-5-2 x population (FTE)"


def magnitudes(
    cells: pd.DataFrame, by_year: pd.DataFrame, cs: pd.DataFrame, references: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The paper's Table 1-2 levels against official values in every year an official series gives.

    Returns (totals, regions). ``totals``: the sum over the paper's listed regions against the
    national total, with the ratio above which a year contradicts the paper (``threshold``: 1 for a
    like-for-like year; for FTE years the cross-section year's head-count/FTE factor, because FTE are fewer than
    persons). ``regions``: each listed region against its official value, per year and basis."""
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    hc_per_fte = float(nat["researchers"] / nat["researchers_fte"])
    ref = references.set_index("id")
    tot_rows, reg_rows = [], []
    for claim, table, ind, var in (("table1_researchers", "table1", "researchers", "researchers"),
                                   ("table1_expenditure", "table1", "rd_expenditure", "rd_expenditure"),
                                   ("table2_universities", "table2", "universities", "universities")):  # fmt: skip
        paper = paper_value(cells, table, ind).dropna()
        if var == "universities":
            official = cs[cs["kato"] != NATIONAL][["kato", "region", "universities"]].rename(
                columns={"universities": "value"}
            )
            official = official.assign(
                year=int(cs["year"].iloc[0]),
                basis="BNS higher education",
                national=float(nat["universities"]),
            )
        else:
            official = by_year[by_year["variable"] == var]
        for (basis, year), g in official.groupby(["basis", "year"], sort=True):
            g = g.set_index("kato")
            threshold = hc_per_fte if basis == FTE_BASIS else 1.0
            tot_rows.append(dict(claim_id=claim, year=int(year), basis=basis, paper_regions=len(paper),
                                 paper_sum=float(paper.sum()), official=float(g["national"].iloc[0]), threshold=threshold))  # fmt: skip
            for kato, v in paper.items():
                if kato in g.index and pd.notna(g.at[kato, "value"]):
                    reg_rows.append(dict(claim_id=claim, kato=kato, region=g.at[kato, "region"], year=int(year), basis=basis,
                                         paper=float(v), official=float(g.at[kato, "value"]), threshold=threshold))  # fmt: skip
        if var != "rd_expenditure":
            continue
        for _id, r in ref[ref.index.str.startswith("rd_internal_expenditure_")].iterrows():
            tot_rows.append(dict(claim_id=claim, year=int(r["year"]), basis="published national total (reference)",
                                 paper_regions=len(paper), paper_sum=float(paper.sum()), official=float(r["value"]), threshold=1.0))  # fmt: skip
    totals, regions = pd.DataFrame(tot_rows), pd.DataFrame(reg_rows)
    totals["ratio"] = totals["paper_sum"] / totals["official"]
    # an official zero (Ulytau's R&D intensity in the cross-section year) gives no ratio, not an infinite one
    regions["ratio"] = (regions["paper"] / regions["official"]).where(regions["official"] > 0)
    return totals, regions


def growth(
    trends: pd.DataFrame, regions: list[str], first: int, last: int, base_end: int
) -> pd.DataFrame:
    """Finding 2 on the same territory (``pre2022``): the change from ``first`` to ``last`` against the
    noise of a change over that many years (the standard deviation of the year-to-year changes up to
    ``base_end`` times the square root of the number of years; ``noise_median`` the same with the
    median absolute change), with the long-run context: the Theil-Sen slope up to ``base_end`` and
    the level of the first three years."""
    from scipy.stats import theilslopes

    rows = []
    t = trends[trends["territory"] == "pre2022"]
    for kato in regions:
        for ind in ("rd_expenditure_pct_grp", "researchers_per_million"):
            s = (
                t[(t["kato"] == kato) & (t["indicator"] == ind)]
                .set_index("year")["value"]
                .dropna()
                .sort_index()
            )
            base = s[s.index <= base_end]
            d = base.diff().dropna()
            slope = theilslopes(base.to_numpy(), base.index.to_numpy(dtype=float))
            rows.append(dict(kato=kato, region=t.loc[t["kato"] == kato, "region"].iloc[0], indicator=ind,
                             label={"rd_expenditure_pct_grp": "R&D intensity (% of GRP)",
                                    "researchers_per_million": "researchers per million"}[ind],
                             year_first=first, year_last=last, value_first=float(s.get(first, np.nan)),
                             value_last=float(s.get(last, np.nan)), change=float(s.get(last, np.nan) - s.get(first, np.nan)),
                             noise=float(d.std(ddof=1) * np.sqrt(last - first)),
                             noise_median=float(d.abs().median() * np.sqrt(last - first)),
                             resolution=published_step(base),
                             theil_sen_slope=float(slope.slope), early_mean=float(base.iloc[:3].mean()),
                             early_years=f"{int(base.index[0])}-{int(base.index[2])}", base_years=f"{int(base.index[0])}-{base_end}"))  # fmt: skip
    return pd.DataFrame(rows)


DIGITAL_SERIES = {
    "internet_users_pct": "Internet users, % of population (SDG 17-8-1)",
    "broadband_1a_per_100": "fixed broadband 1A per 100 (SDG 17-6-2)",
    "broadband_1b_per_100": "fixed broadband 1B per 100 (SDG 17-6-2)",
    "broadband_1c_per_100": "fixed broadband 1C per 100 (SDG 17-6-2)",
}


def digital_spread(cs: pd.DataFrame) -> pd.DataFrame:
    """Spread across regions of each official regional digital series (coefficient of variation, %)."""
    regions = cs[cs["kato"] != NATIONAL]
    rows = []
    for col, label in DIGITAL_SERIES.items():
        v = regions[col].dropna()
        rows.append(dict(series=col, label=label, n=len(v), min=float(v.min()), max=float(v.max()),
                         cv_pct=float(v.std(ddof=0) / v.mean() * 100)))  # fmt: skip
    return pd.DataFrame(rows)


def paper_cv(cells: pd.DataFrame) -> float:
    v = paper_value(cells, "table3", "colleges_high_speed_internet").dropna()
    return float(v.std(ddof=0) / v.mean() * 100)


def year_alignment(by_year: pd.DataFrame, cal: Calendar) -> pd.DataFrame:
    """For each compared quantity: the paper's year (as the paper states it), the official year(s)
    used, and why."""
    y, last, before = cal.cross_section, cal.last, cal.before_change
    sdg = by_year[by_year["basis"] != "BNS head count"]["year"]
    span = f"{int(sdg.min())}-{int(sdg.max())}"
    rows = [
        ("Table 1: share of enterprises engaged in R&D", "2023-2024", f"{y}", f"the {y} BNS R&D and innovation bulletins are the only regional counts shipped"),
        ("Tables 1-2: researchers", "2023-2024", f"{y} (head count); {span} (FTE)", f"{y}: BNS R&D bulletin; every year: SDG 9-5-2 x population, FTE (fewer than persons, so the ratio is judged against the head-count/FTE factor)"),
        ("Table 1: R&D expenditure", "2023-2024", f"{y}; {span}; {last} national", f"{y}: BNS R&D bulletin; every year: SDG 9-5-1 x GRP; {last}: the published national total"),
        ("Table 2: universities", "2023-2024", f"{y}/{y + 1} academic year", "the only edition of the higher-education publication shipped"),
        ("Figure 1: shares of research activity", "2023-2024", f"{y}; {span}", "every year of both official variables is tried"),
        ("Figure 2: universities and technical employment", "2024", f"{y}", f"universities {y}/{y + 1}; y in the same year"),
        ("Key finding 2: growth", "not stated", f"{before} → {last}, context {span}", f"{before} is the last year before the {cal.border_change} border change, {last} the last published"),
        ("Table 3 / key finding 3: digital infrastructure", "2024", f"{y}", "SDG 17-8-1 and 17-6-2 regional series; no TVET series"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["quantity", "paper_year", "official_year", "why"])


def verdicts(cells: pd.DataFrame, shares_text: pd.DataFrame, cs: pd.DataFrame, by_year: pd.DataFrame,
             mags: tuple[pd.DataFrame, pd.DataFrame], fig1: pd.DataFrame, growth_table: pd.DataFrame,
             corr: pd.DataFrame, cities: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Every claim's verdict (one decision function per claim, :mod:`kzrd.paper2025.verdicts`) and the numbers
    each quotes. Returns (verdicts, numbers)."""
    from kzrd.paper2025 import verdicts as V

    totals, regions = mags
    stated = shares_text.set_index("kato")["value"]
    c = corr.iloc[0].to_dict()
    # fmt: off
    decided = [
        V.decide_concentration(capital_shares(by_year, cities)),
        V.decide_leadership(leaders(cs, cities)),
        *(V.decide_magnitude(cid, totals[totals["claim_id"] == cid], regions[regions["claim_id"] == cid], unit)
          for cid, unit in (("table1_researchers", "persons"), ("table1_expenditure", "billion KZT"),
                            ("table2_universities", "organisations"))),
        V.decide_enterprise_share(enterprise_bases(cs, cities)),
        V.decide_figure1(by_year, stated),
        V.decide_growth(growth_table),
        V.decide_correlation(c, bool(c.get("y", "") == "researchers_per_million")),
        V.decide_digital(digital_spread(cs), paper_cv(cells)),
        V.decide_not_checkable("publications_half", "no official regional publication counts; over the regions the paper lists, see the internal check"),
        V.decide_not_checkable("no_publications", "no official regional publication counts; the paper prints a dash for these regions, not a zero"),
        V.decide_not_checkable("graduate_employment", "no official regional series of graduates' employment by industry"),
        V.decide_not_checkable("online_programmes", "no official regional series of online programmes"),
        V.decide_not_checkable("table3_tvet", "no official regional TVET series of college internet, LMS use or teachers' digital competence"),
        V.decide_t1_equals_t2(paper_value(cells, "table1", "researchers"), paper_value(cells, "table2", "researchers")),
        V.decide_figure1_internal(fig1, stated),
        V.decide_publications_internal(paper_value(cells, "table2", "publications_scopus").dropna()),
    ]
    # fmt: on
    rows, nums = [], []
    for d in decided:
        claim = V.CLAIM[d.claim_id]
        rows.append(dict(claim_id=d.claim_id, kind=claim.kind, title=claim.title, claim=claim.quote, where=claim.where,
                         verdict=d.verdict, headline=d.headline, deciding=d.deciding, flip=d.flip, rule=claim.rule))  # fmt: skip
        nums += [
            dict(claim_id=d.claim_id, id=n.id, value=n.value, unit=n.unit, text=n.text)
            for n in d.numbers
        ]
    nums += [
        dict(claim_id="rules", id=n.id, value=n.value, unit=n.unit, text=n.text)
        for n in V.rule_numbers()
    ]
    fte = totals.loc[totals["basis"] == FTE_BASIS, "threshold"]
    if len(fte):
        nums.append(
            dict(
                claim_id="table1_researchers",
                id="head_count_per_fte",
                value=float(fte.iloc[0]),
                unit="persons per FTE",
                text=f"{fte.iloc[0]:.2f}",
            )
        )
    t1 = paper_value(cells, "table1", "share_enterprises_rd")
    for kato, key in ((ALMATY_CITY, "almaty"), (ULYTAU, "ulytau")):
        nums.append(
            dict(
                claim_id="paper",
                id=f"paper_enterprise_share_{key}",
                value=float(t1[kato]),
                unit="%",
                text=f"{t1[kato]:g}",
            )
        )
    return pd.DataFrame(rows), pd.DataFrame(nums)


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
