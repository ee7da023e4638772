"""Reproducibility audit of the 2025 paper: its numbers against official statistics and against
themselves, concentration measures, and a verdict per claim. Pure functions; the numbers that
decide each verdict are carried in the verdict table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kzrd.regions import NATIONAL

VERDICTS = (
    "reproduced",
    "consistent",
    "not reproducible from published data",
    "inconsistent with official statistics",
)

# ------------------------------------------------------------------------------ concentration measures


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (mean absolute difference / twice the mean)."""
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    if len(v) == 0 or v.sum() == 0:
        return float("nan")
    return float(np.abs(v[:, None] - v[None, :]).sum() / (2 * len(v) ** 2 * v.mean()))


def theil_population_weighted(values: np.ndarray, population: np.ndarray) -> float:
    """Theil T of per-capita values with population weights: sum_i s_i ln(s_i / p_i),
    s_i the region's share of the total, p_i its share of the population."""
    v, p = np.asarray(values, float), np.asarray(population, float)
    ok = np.isfinite(v) & np.isfinite(p) & (p > 0)
    v, p = v[ok], p[ok]
    s, w = v / v.sum(), p / p.sum()
    pos = s > 0
    return float((s[pos] * np.log(s[pos] / w[pos])).sum())


def concentration_measures(
    values: pd.Series, population: pd.Series | None, national: float | None = None
) -> dict[str, float]:
    """CR2, CR3, HHI, normalised HHI, Gini; with a population for every unit also the
    population-weighted Theil and the CV of per-capita values (else those two stay missing)."""
    v = values.astype(float).dropna()
    pop = population.reindex(v.index).astype(float) if population is not None else None
    per_capita_ok = pop is not None and bool(pop.notna().all())
    total = float(national) if national is not None and np.isfinite(national) else float(v.sum())
    s = (v / total * 100).sort_values(ascending=False)
    n = len(s)
    hhi = float((s**2).sum())
    per_capita = v / pop if per_capita_ok else None
    return dict(
        n=n, cr2=float(s.iloc[:2].sum()), cr3=float(s.iloc[:3].sum()), hhi=hhi,
        hhi_normalised=float((hhi / 1e4 - 1 / n) / (1 - 1 / n)) if n > 1 else float("nan"),
        gini=gini(v.to_numpy()),
        theil=theil_population_weighted(v.to_numpy(), pop.to_numpy()) if per_capita_ok else float("nan"),
        cv_per_capita=float(per_capita.std(ddof=0) / per_capita.mean()) if per_capita is not None else float("nan"),
    )  # fmt: skip


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


POPULATION_BASIS = "average annual population implied by BNS: GRP / GRP per capita"


def implied_population(grp: pd.Series, grp_per_capita: pd.Series) -> pd.Series:
    """Average annual population implied by two BNS series, indexed like them by (kato, year).

    BNS divides GRP by the average annual population to publish GRP per capita, so
    GRP (million KZT) / GRP per capita (thousand KZT per inhabitant) x 1,000 gives that population
    back (to the rounding of the published per-capita value). Only where both are published."""
    both = pd.concat({"grp": grp, "pc": grp_per_capita}, axis=1).dropna()
    both = both[both["pc"] > 0]
    return (both["grp"] / both["pc"] * 1e3).rename("population")


def concentration_over_time(clean: pd.DataFrame, created: dict[str, int]) -> pd.DataFrame:
    """Concentration 2010-2023 from the SDG series, on the regional base each year gives.

    R&D expenditure is 9-5-1 x GRP (BNS); researchers are 9-5-2 x population, with the population
    implied by GRP / GRP per capita (:func:`implied_population`, published up to 2022), which also
    weights Theil and the per-capita CV. ``created`` maps a KATO code to the year its region was
    created: a value the SDG files give for an earlier year (Abai, Zhetisu and Ulytau carry 0 for
    2021) describes no territory of that year and is left out."""
    ok = clean[clean["status"] == "ok"]

    def series(ind: str) -> pd.Series:
        return (
            ok[ok["indicator"] == ind]
            .drop_duplicates(["kato", "year"])
            .set_index(["kato", "year"])["value"]
        )

    rd, grp, res = (
        series("rd_expenditure_pct_grp"),
        series("grp"),
        series("researchers_per_million"),
    )
    pop = implied_population(grp, series("grp_per_capita"))
    rows = []
    for year in range(2010, 2024):
        for var, rate, base, missing in (("rd_expenditure_sdg_x_grp", rd, grp, "no GRP by region for this year"),
                                         ("researchers_sdg_x_population", res, pop, "no population by region for this year")):  # fmt: skip
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
    out["base_change"] = out["year"] == 2022
    return out


# ------------------------------------------------------------------------------ paper against itself and official


def paper_value(cells: pd.DataFrame, table: str, indicator: str) -> pd.Series:
    t = cells[(cells["table"] == table) & (cells["indicator"] == indicator)]
    return t.set_index("kato")["value"]


def totals(
    cells: pd.DataFrame, cs: pd.DataFrame, clean: pd.DataFrame, references: pd.DataFrame
) -> pd.DataFrame:
    """Sums over the paper's regions against national totals of the same indicator."""
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    ok = clean[clean["status"] == "ok"]
    sdg_2023 = ok[
        (ok["indicator"] == "rd_expenditure_pct_grp")
        & (ok["year"] == 2023)
        & (ok["kato"] == NATIONAL)
    ]["value"]
    grp_2023 = ok[(ok["indicator"] == "grp") & (ok["year"] == 2023) & (ok["kato"] == NATIONAL)][
        "value"
    ]
    ref = references.set_index("id")
    rows = []
    for table in ("table1", "table2"):
        for ind, official, unit in (("researchers", nat["researchers"], "persons"),
                                    ("rd_expenditure", nat["rd_expenditure_bn_kzt"], "billion KZT"),
                                    ("universities", nat["universities"], "organisations")):  # fmt: skip
            v = paper_value(cells, table, ind).dropna()
            if v.empty:
                continue
            rows.append(dict(table=table, indicator=ind, unit=unit, paper_regions=len(v), paper_sum=float(v.sum()),
                             reference="national total, BNS 2022", reference_year=2022, reference_value=float(official)))  # fmt: skip
            if ind == "rd_expenditure":
                if "rd_internal_expenditure_2023" in ref.index:
                    r = ref.loc["rd_internal_expenditure_2023"]
                    rows.append(dict(table=table, indicator=ind, unit=unit, paper_regions=len(v), paper_sum=float(v.sum()),
                                     reference=f"national total 2023, {r['publisher']} ({r['url']})", reference_year=2023,
                                     reference_value=float(r["value"])))  # fmt: skip
                if len(sdg_2023) and len(grp_2023):
                    rows.append(dict(table=table, indicator=ind, unit=unit, paper_regions=len(v), paper_sum=float(v.sum()),
                                     reference="SDG 9-5-1 (2023) x GRP 2023 (BNS, preliminary)", reference_year=2023,
                                     reference_value=float(sdg_2023.iloc[0]) / 100 * float(grp_2023.iloc[0]) / 1e3))  # fmt: skip
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
            denominators.append((f"national total 2022 (BNS), {nat_col}", float(nat[nat_col])))
        for label, denom in denominators:
            sh = v.reindex(stated.index) / denom * 100
            rows.append(dict(table=table, indicator=ind, denominator=label,
                             astana=float(sh.get("710000000")), almaty=float(sh.get("750000000")),
                             karaganda=float(sh.get("350000000")),
                             mean_abs_diff=float((sh - stated).abs().mean())))  # fmt: skip
    out = pd.DataFrame(rows).sort_values("mean_abs_diff").reset_index(drop=True)
    out["closest"] = out.index == 0
    return out


def verdicts(cells: pd.DataFrame, shares_text: pd.DataFrame, cs: pd.DataFrame, tot: pd.DataFrame,
             fig1: pd.DataFrame, slopes: pd.DataFrame, trends: pd.DataFrame, corr: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """One row per claim of the paper: its verdict and the numbers that decide it (neutral wording)."""
    rows: list[dict[str, Any]] = []

    def add(claim: str, where: str, verdict: str, evidence: str) -> None:
        assert verdict in VERDICTS, verdict
        rows.append(dict(claim=claim, where=where, verdict=verdict, evidence=evidence))

    regions = cs[cs["kato"] != NATIONAL].set_index("kato")
    nat = cs[cs["kato"] == NATIONAL].iloc[0]
    # researchers and expenditure of Table 1 against the national totals
    for ind, unit in (("researchers", "researchers"), ("rd_expenditure", "billion KZT")):
        t = tot[(tot["table"] == "table1") & (tot["indicator"] == ind)]
        main = t.iloc[0]
        others = "; ".join(
            f"{r.reference}: {r.reference_value:,.1f} (ratio {r.ratio:.2f})"
            for r in t.iloc[1:].itertuples()
        )
        verdict = "inconsistent with official statistics" if main["ratio"] > 1 else "consistent"
        add(
            f"Table 1, {ind.replace('_', ' ')} of the {int(main['paper_regions'])} listed regions",
            "Table 1",
            verdict,
            f"sum of the paper's regions {main['paper_sum']:,.1f} {unit} against the national total "
            f"{main['reference_value']:,.1f} (BNS 2022), ratio {main['ratio']:.2f}"
            + (f"; {others}" if others else ""),
        )
    # Table 1 vs Table 2 researchers
    t1, t2 = (
        paper_value(cells, "table1", "researchers"),
        paper_value(cells, "table2", "researchers"),
    )
    common = t1.index.intersection(t2.index)
    same = bool((t1[common] == t2[common]).all())
    add(
        "Researchers in Table 1 equal those in Table 2",
        "Tables 1-2",
        "consistent" if same else "inconsistent with official statistics",
        f"{len(common)} regions in both tables; " + ("all equal" if same else "they differ"),
    )
    # Figure 1 shares
    best = fig1.iloc[0]
    stated = shares_text.set_index("kato")["value"]
    add(
        "Figure 1: Astana 28%, Almaty 24%, Karaganda 15% of research activity",
        "Results, Figure 1",
        "not reproducible from published data",
        f"closest share the tables allow: {best['indicator']} over the {best['denominator']} "
        f"(Astana {best['astana']:.1f}%, Almaty {best['almaty']:.1f}%, Karaganda {best['karaganda']:.1f}%; mean absolute "
        f"difference {best['mean_abs_diff']:.1f} points); the text ranks Astana ({stated['710000000']:g}%) above Almaty "
        f"({stated['750000000']:g}%), every table ranks Almaty first",
    )
    # publications
    pub = paper_value(cells, "table2", "publications_scopus").dropna()
    cap = pub[["750000000", "710000000"]].sum() / pub.sum() * 100
    add(
        "Almaty and Astana together account for more than half of all scientific publications",
        "Results, after Table 2",
        "not reproducible from published data",
        f"{cap:.1f}% of the {int(pub.sum()):,} publications of the {len(pub)} regions with a number in Table 2; the paper "
        "gives no national total and the shipped official data have no regional publication counts",
    )
    # less than 3% of enterprises
    low = regions["share_enterprises_rd_pct"]
    add(
        "In peripheral regions less than 3% of enterprises are involved in research",
        "Results, before Table 1",
        "inconsistent with official statistics" if low.min() >= 3 else "consistent",
        f"official share of enterprises doing R&D in 2022: lowest {low.min():.1f}% ({regions.loc[low.idxmin(), 'region']}), "
        f"{int((low < 3).sum())} of {low.notna().sum()} regions below 3%; the paper prints "
        f"{paper_value(cells, 'table1', 'share_enterprises_rd').min():.1f}% for Ulytau",
    )
    # key finding 1
    rs = regions.loc[["750000000", "710000000"], "researchers"].sum() / nat["researchers"] * 100
    es = (
        regions.loc[["750000000", "710000000"], "rd_internal_expenditure"].sum()
        / nat["rd_internal_expenditure"]
        * 100
    )
    add(
        "Key finding 1: Almaty and Astana accumulate the majority of research resources",
        "Key findings",
        "consistent" if min(rs, es) > 50 else "inconsistent with official statistics",
        f"official 2022: {rs:.1f}% of researchers and {es:.1f}% of internal R&D expenditure",
    )
    # key finding 2
    cur = trends[trends["territory"] == "current"]
    parts, growing = [], True
    for kato in ("630000000", "350000000"):
        for ind in ("rd_expenditure_pct_grp", "researchers_per_million"):
            s = cur[(cur["kato"] == kato) & (cur["indicator"] == ind)].set_index("year")["value"]
            sl = slopes[(slopes["kato"] == kato) & (slopes["indicator"] == ind)].iloc[0]
            change = s.get(2023) - s.get(2021)
            growing &= bool(change > 0)
            parts.append(f"{sl['region']} {ind}: 2021→2023 {s.get(2021):g}→{s.get(2023):g}; "
                         f"2010-2021 slope {sl['slope_per_year']:+.3g}/yr (p {sl['slope_p']:.2f})")  # fmt: skip
    add(
        "Key finding 2: growing scientific activity in East Kazakhstan and Karaganda",
        "Key findings",
        "consistent" if growing else "inconsistent with official statistics",
        "; ".join(parts) + " (current territories; 2022 base change in Table 8)",
    )
    # key finding 3
    net = regions["internet_users_pct"]
    add(
        "Key finding 3: significant digital differentiation across regions",
        "Key findings, Table 3",
        "not reproducible from published data",
        f"the paper's TVET series have no official regional source in the shipped data; the official share of Internet "
        f"users in 2022 ranges {net.min():.1f}-{net.max():.1f}% across {net.notna().sum()} regions "
        f"(coefficient of variation {net.std(ddof=0) / net.mean() * 100:.1f}%)",
    )
    # figure 2
    c = corr.iloc[0]
    add(
        "Figure 2: pronounced positive correlation of universities and technical-sector employment",
        "Results, Figure 2",
        "not reproducible from published data",
        f"the paper publishes no regional values; with the official y used here ({c['y']}), n = {int(c['n'])}: "
        f"Pearson r {c['pearson_r']:.2f} (BCa 95% {c['pearson_bca_low']:.2f} to {c['pearson_bca_high']:.2f}, permutation p "
        f"{c['pearson_perm_p']:.4f}), Spearman {c['spearman_rho']:.2f} (Holm p {c['spearman_p_holm']:.3f}), Kendall "
        f"{c['kendall_tau']:.2f}; without Almaty and Astana r = {c['pearson_r_without_capitals']:.2f} (n = {int(c['n_without_capitals'])})",
    )
    return pd.DataFrame(rows)


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
