"""Verdicts on the claims of the 2025 paper: the taxonomy, every claim the paper makes that a reader
could check, and one decision function per claim.

Each decision function takes small tables of already computed evidence and returns a
:class:`Verdict`: the verdict (one of :data:`TAXONOMY`), the deciding numbers in words, what could
flip it, and the numbers it quotes (they go into the report's numbers registry). The rule each
function applies is written once, in :data:`CLAIMS`, and printed in the report's methods section;
the tests exercise every rule on both sides of its threshold. Pure functions, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

# ------------------------------------------------------------------------------ taxonomy

TAXONOMY: dict[str, str] = {
    "reproduced": "Internal check: the paper's statement follows from the paper's own tables.",
    "not reproduced": "Internal check: no combination of the paper's own numbers gives the statement "
    "within the stated tolerance.",
    "consistent": "Official statistics satisfy the claim under its decision rule.",
    "partly consistent": "The claim holds for some of its parts (regions, indicators, years) and not for others.",
    "inconsistent with official statistics": "Official statistics contradict the claim under its decision rule.",
    "depends on a choice the paper does not state": "The claim is true under one reasonable reading "
    "(denominator, indicator) and false under another, and the paper does not say which it used.",
    "not checkable with published data": "No official regional series in the project's data measures "
    "what the claim is about (the reason is given).",
    "not checked offline: proxy only": "The official series that measures the claim is fetched only in online "
    "mode; offline a proxy stands in, whose bias is stated, and the verdict waits for the true variable.",
}
INTERNAL = ("reproduced", "not reproduced")

# thresholds of the decision rules (one place; the rules' text below quotes them)
MAJORITY_PCT = 50.0
ENTERPRISE_PCT = 3.0
FIGURE1_TOLERANCE_PP = 3.0
LEVEL_TOLERANCE = 0.20
DIGITAL_CV_HIGH = 25.0
DIGITAL_CV_LOW = 10.0
R_WITHOUT_CAPITALS_MIN = 0.30
ALPHA = 0.05


@dataclass(frozen=True)
class Claim:
    id: str
    kind: str  # "official" (against official statistics) or "internal" (paper against itself)
    title: str  # a short name for tables
    quote: str  # verbatim from the paper
    where: str
    rule: str


@dataclass(frozen=True)
class Number:
    id: str
    value: float
    unit: str
    text: str


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    verdict: str
    deciding: str
    flip: str
    numbers: tuple[Number, ...] = field(default=())
    headline: str = ""  # the deciding number in a few words (page 1)

    def __post_init__(self) -> None:
        if self.verdict not in TAXONOMY:
            raise ValueError(f"claim {self.claim_id}: unknown verdict {self.verdict!r}")


def rule_numbers() -> tuple[Number, ...]:
    """The thresholds of the decision rules, as registry numbers (the report quotes them)."""
    return (_n("rule_majority_pct", MAJORITY_PCT, "%", "g"), _n("rule_enterprise_pct", ENTERPRISE_PCT, "%", "g"),
            _n("rule_figure1_pp", FIGURE1_TOLERANCE_PP, "percentage points", "g"),
            _n("rule_level_tolerance_pct", LEVEL_TOLERANCE * 100, "%", "g"), _n("rule_digital_high_pct", DIGITAL_CV_HIGH, "%", "g"),
            _n("rule_digital_low_pct", DIGITAL_CV_LOW, "%", "g"), _n("rule_r_without_min", R_WITHOUT_CAPITALS_MIN, "", ".2f"),
            _n("rule_alpha", ALPHA, "", "g"))  # fmt: skip


def _n(id_: str, value: float, unit: str, fmt: str) -> Number:
    return Number(id_, float(value), unit, format(value, fmt))


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "concentration",
        "official",
        "Research concentrated in Almaty and Astana",
        "A strong territorial concentration of scientific potential, where Almaty and Astana accumulate "
        "the majority of the country's research resources.",
        "Key finding 1",
        f"Consistent if Almaty city and Astana together hold more than {MAJORITY_PCT:g}% of the national "
        "number of researchers and of internal R&D expenditure in every year the official series cover; "
        "partly consistent if in some of these (variable, year) pairs; inconsistent if in none.",
    ),
    Claim(
        "leadership",
        "official",
        "The two cities lead on researchers, enterprises, funding",
        "These regions [Astana and Almaty] lead in the number of researchers, the share of enterprises "
        "engaged in R&D, and the volume of funding allocated to scientific activities.",
        "Results, first paragraph",
        "Consistent if Almaty city and Astana are the two highest regions on every indicator named "
        "(2022, BNS; the enterprise share under both denominators); partly consistent if on some; "
        "inconsistent if on none.",
    ),
    Claim(
        "table1_researchers",
        "official",
        "Researchers by region (paper's Table 1)",
        "Number of researchers (Almaty city 10,450; Astana 8,130; Karaganda 5,420; "
        "East Kazakhstan 4,870; Ulytau 740).",
        "the paper's Table 1, also its Table 2",
        "Inconsistent if the sum over the paper's listed regions exceeds the official national total "
        "in every year the official series cover (in years known only as full-time equivalents, by more "
        "than the 2022 ratio of head count to FTE, so that the FTE basis cannot produce the verdict); "
        f"otherwise consistent if every listed region is within ±{LEVEL_TOLERANCE:.0%} of its official "
        "value in some year, partly consistent if some are.",
    ),
    Claim(
        "table1_expenditure",
        "official",
        "R&D expenditure by region (paper's Table 1)",
        "R&D expenditures, billion KZT (Almaty city 210.3; Astana 182.7; Karaganda 97.1; "
        "East Kazakhstan 84.5; Ulytau 9.2).",
        "the paper's Table 1",
        "The same rule as for researchers, on internal R&D expenditure (BNS 2022; SDG 9-5-1 × GRP "
        "2010-2023; the published national total for 2023).",
    ),
    Claim(
        "table2_universities",
        "official",
        "Universities by region (paper's Table 2)",
        "Number of universities (Almaty city 38; Astana 23; Karaganda 10; East Kazakhstan 7; "
        "Aktobe 6; Kostanay 5; Zhambyl 4; Ulytau 2).",
        "the paper's Table 2",
        "The same rule as for researchers, on higher-education organisations (BNS, start of the "
        "2022/2023 academic year, the only year shipped).",
    ),
    Claim(
        "enterprises_below_3pct",
        "official",
        "Under 3% of enterprises in research in the periphery",
        "The data illustrate a significant gap between the leading scientific centers and the "
        "peripheral regions, where less than 3% of enterprises are involved in research activities.",
        "Results, before the paper's Table 1, which gives Almaty city 22.5%, Ulytau 2.8%",
        f"Under each denominator the claim holds if at least half of the regions other than Almaty city "
        f"and Astana are below {ENTERPRISE_PCT:g}%. Consistent if it holds under every denominator, "
        "inconsistent if under none, depends on a choice the paper does not state if the denominators "
        "disagree.",
    ),
    Claim(
        "figure1_shares",
        "official",
        "Shares of research activity (text on the paper's Figure 1)",
        "Graphical analysis (Figure 1) illustrates the territorial concentration of research activity: "
        "Astana accounts for 28%, Almaty for 24%, and Karaganda for 15%.",
        "Results, text on the paper's Figure 1",
        f"Consistent if, for some official variable (researchers, internal R&D expenditure) and year, "
        f"each of the three stated shares is within {FIGURE1_TOLERANCE_PP:g} percentage points of the "
        "official share of the national total; inconsistent otherwise.",
    ),
    Claim(
        "finding2_growth",
        "official",
        "Growth in East Kazakhstan and Karaganda",
        "Growing scientific activity in certain industrially developed regions, such as East Kazakhstan "
        "and Karaganda.",
        "Key finding 2; also Abstract, Discussion",
        "On the same territory (the pre-2022 region: from 2022 the region recombined with the region "
        "split off from it), an indicator rises if its change from 2021 to 2023 is larger than the "
        "noise of a two-year change: the standard deviation of its year-to-year changes 2010-2021 "
        "times the square root of 2 (two annual changes), and falls if smaller than minus that. A region grows if at least one of R&D intensity (SDG 9-5-1) and researchers per "
        "million (SDG 9-5-2) rises and neither falls. Consistent if both regions grow, partly "
        "consistent if one does, inconsistent if neither.",
    ),
    Claim(
        "figure2_correlation",
        "official",
        "Universities and technical employment (paper's Figure 2)",
        "The correlation between the number of universities in a region and the share of employment "
        "in technical sectors (Figure 2) reveals a pronounced positive relationship.",
        'Results, the paper\'s Figure 2, whose printed caption reads "Figure 1 ... 2024"',
        "With the true variable (online mode): consistent if all three robust statements hold - "
        f"Spearman ρ > 0 with Holm-adjusted p < {ALPHA:g}; Pearson r without Almaty city and Astana "
        f"≥ {R_WITHOUT_CAPITALS_MIN:.2f}; the BCa 95% interval of r above 0 - partly consistent if "
        "Pearson r > 0 with permutation p below the level but a robust statement fails, inconsistent "
        "otherwise. With the offline proxy (researchers per million: researchers are in large part "
        "university staff, and x counts universities, so the proxy is biased towards the claim): not "
        "checked offline: proxy only, "
        "and the robust statements are reported.",
    ),
    Claim(
        "finding3_digital",
        "official",
        "Digital differentiation across regions",
        "Significant digital differentiation across regions, which directly affects the quality of "
        "specialist training and the ability of institutions to participate in R&D activities.",
        "Key finding 3, the paper's Table 3",
        f"Consistent if the coefficient of variation across regions of at least one official regional "
        f"digital-access series is at least {DIGITAL_CV_HIGH:g}%; inconsistent if every series is below "
        f"{DIGITAL_CV_LOW:g}%; partly consistent otherwise. The causal part (effect on training) is not "
        "checkable.",
    ),
    Claim(
        "publications_half",
        "official",
        "Two cities, more than half of publications",
        "Almaty and Astana together account for more than half of all scientific publications in the country.",
        "Results, after the paper's Table 2",
        "Not checkable: the project's official data have no regional publication counts (Scopus counts "
        "are not official statistics); the internal check is made on the paper's Table 2.",
    ),
    Claim(
        "no_publications",
        "official",
        "No publications in Ulytau, Zhambyl, Kostanay",
        "Ulytau, Zhambyl, and Kostanay regions demonstrate no measurable publication activity.",
        "Results, after the paper's Table 2",
        "Not checkable: no regional publication counts in official statistics; the paper prints a dash, "
        "which is not a zero.",
    ),
    Claim(
        "graduate_employment",
        "official",
        "Graduates' employment in high-tech industries",
        "Regions with a more developed university network show higher employment rates of graduates in "
        "high-tech industries.",
        "Results, the paper's Figure 2",
        "Not checkable: no official regional series of graduates' employment by industry.",
    ),
    Claim(
        "online_programmes",
        "official",
        "Share of online programmes (paper's Table 2)",
        "Share of online programmes (%) (Almaty city 78; Astana 82; Karaganda 64; "
        "East Kazakhstan 58; Aktobe 49).",
        "the paper's Table 2",
        "Not checkable: no official regional series of online programmes.",
    ),
    Claim(
        "table3_tvet",
        "official",
        "TVET digital infrastructure (paper's Table 3)",
        "Colleges with high-speed internet, use of LMS, digital competencies of teachers, by region (2024).",
        "the paper's Table 3",
        "Not checkable: no official regional TVET series of these three indicators; official regional "
        "digital-access series are shown in a table of their own, never paired with the paper's columns.",
    ),
    Claim(
        "t1_equals_t2",
        "internal",
        "Researchers in the paper's Table 1 = its Table 2",
        "Number of researchers, Table 1 and Table 2.",
        "the paper's Tables 1-2",
        "Reproduced if every region listed in both tables has the same number of researchers in each.",
    ),
    Claim(
        "figure1_from_tables",
        "internal",
        "Figure 1 shares from the paper's tables",
        "Astana 28%, Almaty 24%, Karaganda 15% (text on Figure 1).",
        "Results, text on the paper's Figure 1",
        f"Reproduced if some column of the paper's Tables 1-2, over some denominator the paper offers "
        f"(the sum of its listed regions) or the official national total, gives each share within "
        f"{FIGURE1_TOLERANCE_PP:g} percentage points.",
    ),
    Claim(
        "publications_from_table2",
        "internal",
        "Publications share from the paper's Table 2",
        "Almaty and Astana together account for more than half of all scientific publications.",
        "Results, after the paper's Table 2",
        f"Reproduced if the two cities hold more than {MAJORITY_PCT:g}% of the publications of the regions "
        "with a number in Table 2 (the only total the paper gives).",
    ),
)
CLAIM = {c.id: c for c in CLAIMS}
# Claims whose "quote" restates a table of the paper rather than quoting a sentence of it.
PARAPHRASED = frozenset({"table1_researchers", "table1_expenditure", "table2_universities", "online_programmes",
                         "table3_tvet", "t1_equals_t2", "figure1_from_tables"})  # fmt: skip

# ------------------------------------------------------------------------------ decision functions


def _all_some_none(k: int, n: int) -> str:
    """The verdict of a claim that holds for k of its n parts."""
    if k == n:
        return "consistent"
    return "partly consistent" if k else "inconsistent with official statistics"


def decide_concentration(shares: pd.DataFrame) -> Verdict:
    """``shares``: rows variable, label, year, share_pct (Almaty city + Astana, % of national)."""
    above = shares["share_pct"] > MAJORITY_PCT
    n, k = len(shares), int(above.sum())
    verdict = _all_some_none(k, n)
    nums, parts = [], []
    for var, g in shares.groupby("variable", sort=True):
        lo = g.loc[g["share_pct"].idxmin()]
        nums.append(_n(f"concentration_min_{var}", lo["share_pct"], "%", ".1f"))
        nums.append(_n(f"concentration_min_year_{var}", lo["year"], "year", ".0f"))
        parts.append(f"{lo['label']}: lowest {lo['share_pct']:.1f}% ({int(lo['year'])}; "
                     f"{len(g)} values, {int(g['year'].min())}-{int(g['year'].max())})")  # fmt: skip
    nums.append(_n("concentration_years_above", k, "(variable, year) pairs", ".0f"))
    nums.append(_n("concentration_pairs", n, "(variable, year) pairs", ".0f"))
    return Verdict("concentration", verdict,
                   f"Almaty city + Astana above {MAJORITY_PCT:g}% in {k} of {n} (variable, year) pairs; " + "; ".join(parts),
                   f"a share of {MAJORITY_PCT:g}% or less in any year would make it partly consistent",
                   tuple(nums), headline=f"above {MAJORITY_PCT:g}% in {k} of {n} (variable, year) pairs; lowest "
                   f"{shares['share_pct'].min():.1f}%")  # fmt: skip


def decide_leadership(leaders: pd.DataFrame) -> Verdict:
    """``leaders``: rows indicator, label, first, second (region names), cities_top2 (bool)."""
    k, n = int(leaders["cities_top2"].sum()), len(leaders)
    verdict = _all_some_none(k, n)
    misses = leaders[~leaders["cities_top2"]]
    deciding = f"the two cities are the top two on {k} of {n} indicators" + (
        "; not on " + "; ".join(f"{r.label} (first {r.first}, second {r.second})" for r in misses.itertuples())
        if len(misses) else "")  # fmt: skip
    return Verdict("leadership", verdict, deciding,
                   "the cities leading the enterprise share under some denominator",
                   (_n("leadership_indicators_led", k, "indicators", ".0f"), _n("leadership_indicators", n, "indicators", ".0f")),
                   headline=f"top two on {k} of {n} indicators (not the enterprise share)" if k < n else f"top two on all {n} indicators")  # fmt: skip


def decide_magnitude(
    claim_id: str, totals: pd.DataFrame, regions: pd.DataFrame, unit: str
) -> Verdict:
    """Paper values against official ones in every year the official series cover.

    ``totals``: rows year, basis, paper_sum, official (national), ratio, threshold (the ratio above
    which that year's comparison contradicts the paper: 1 for like-for-like, the head-count/FTE
    factor for FTE years). ``regions``: rows kato, region, year, paper, official, ratio."""
    nums: list[Number] = []
    if len(totals):
        beyond = totals["ratio"] > totals["threshold"]
        lo = totals.loc[totals["ratio"].idxmin()]
        nums += [_n(f"{claim_id}_paper_regions", totals["paper_regions"].iloc[0], "regions", ".0f"),
                 _n(f"{claim_id}_min_ratio", lo["ratio"], "paper / official", ".2f"),
                 _n(f"{claim_id}_min_ratio_year", lo["year"], "year", ".0f"),
                 _n(f"{claim_id}_max_ratio", totals["ratio"].max(), "paper / official", ".2f"),
                 _n(f"{claim_id}_years", totals["year"].nunique(), "years", ".0f")]  # fmt: skip
        if bool(beyond.all()):
            return Verdict(claim_id, "inconsistent with official statistics",
                           f"the paper's sum over its {int(totals['paper_regions'].iloc[0])} listed regions is "
                           f"{lo['ratio']:.2f} to {totals['ratio'].max():.2f} times the official national total "
                           f"of all regions in each of {totals['year'].nunique()} years "
                           f"{int(totals['year'].min())}-{int(totals['year'].max())} (lowest {lo['ratio']:.2f}, "
                           f"{int(lo['year'])}, {lo['basis']})",
                           "none found: no year or basis reaches the paper's sum", tuple(nums),
                           headline=f"{int(totals['paper_regions'].iloc[0])} regions' sum / national total, every year: " + _by_basis(totals))  # fmt: skip
    best = (
        regions.assign(dev=(regions["ratio"] - 1).abs()).sort_values("dev").drop_duplicates("kato")
    )
    within = best["dev"] <= LEVEL_TOLERANCE
    k, n = int(within.sum()), len(best)
    nums += [
        _n(f"{claim_id}_regions_within", k, "regions", ".0f"),
        _n(f"{claim_id}_regions", n, "regions", ".0f"),
    ]
    verdict = _all_some_none(k, n)
    far = best[~within].sort_values("dev", ascending=False)
    deciding = (f"{k} of {n} listed regions within ±{LEVEL_TOLERANCE:.0%} of the official value ({unit}) in their closest year"
                + ("; furthest: " + ", ".join(f"{r.region} {r.ratio:.2f}" for r in far.head(4).itertuples()) if len(far) else ""))  # fmt: skip
    return Verdict(claim_id, verdict, deciding,
                   f"a wider tolerance than ±{LEVEL_TOLERANCE:.0%}, or counting branches of universities",
                   tuple(nums), headline=f"{k} of {n} regions within ±{LEVEL_TOLERANCE:.0%} of the official value")  # fmt: skip


BASIS_SHORT = {"BNS head count": "head count", "SDG 9-5-2 x population (FTE)": "FTE", "BNS bulletin": "bulletin",
               "SDG 9-5-1 x GRP": "9-5-1 × GRP", "published national total (reference)": "published total",
               "BNS higher education": "BNS"}  # fmt: skip


def _by_basis(totals: pd.DataFrame) -> str:
    """Ratio ranges per official basis, e.g. 'head count 2022: 1.64; FTE 2010-2023: 2.13-2.89 (factor 1.36)'."""
    parts = []
    for basis_long, g in totals.groupby("basis", sort=False):
        basis = BASIS_SHORT.get(basis_long, basis_long)
        years = (
            f"{g['year'].min()}"
            if g["year"].nunique() == 1
            else f"{g['year'].min()}-{g['year'].max()}"
        )
        lo, hi = g["ratio"].min(), g["ratio"].max()
        parts.append(f"{basis} {years}: {lo:.2f}" + (f"-{hi:.2f}" if round(hi, 2) != round(lo, 2) else "")
                     + (f" (factor {g['threshold'].iloc[0]:.2f})" if g["threshold"].iloc[0] != 1 else ""))  # fmt: skip
    return "; ".join(parts)


def decide_enterprise_share(bases: pd.DataFrame) -> Verdict:
    """``bases``: rows basis, label, n_periphery, n_below (regions other than the two cities below
    the threshold), periphery_max, almaty, ulytau (shares, %)."""
    holds = bases["n_below"] >= bases["n_periphery"] / 2
    verdict = ("consistent" if holds.all() else "inconsistent with official statistics" if not holds.any()
               else "depends on a choice the paper does not state")  # fmt: skip
    nums, parts = [], []
    for r in bases.itertuples():
        nums += [_n(f"enterprises_{r.basis}_below", r.n_below, "regions", ".0f"),
                 _n(f"enterprises_{r.basis}_periphery", r.n_periphery, "regions", ".0f"),
                 _n(f"enterprises_{r.basis}_almaty", r.almaty, "%", ".1f"),
                 _n(f"enterprises_{r.basis}_ulytau", r.ulytau, "%", ".1f")]  # fmt: skip
        parts.append(f"{r.label}: {r.n_below} of {r.n_periphery} regions below {ENTERPRISE_PCT:g}% "
                     f"(Almaty city {r.almaty:.1f}%, Ulytau {r.ulytau:.1f}%)")  # fmt: skip
    return Verdict("enterprises_below_3pct", verdict, "; ".join(parts),
                   "the paper stating its denominator", tuple(nums),
                   headline="; ".join(f"{'R&D-form' if r.basis == 'rd_form' else 'innovation-survey'} basis: {r.n_below} of "
                                      f"{r.n_periphery} regions below {ENTERPRISE_PCT:g}%" for r in bases.itertuples()))  # fmt: skip


def decide_figure1(official: pd.DataFrame, stated: pd.Series) -> Verdict:
    """``official``: rows variable, label, year, kato, share_pct (% of the national total);
    ``stated``: the text's shares by KATO code."""
    rows = []
    for (var, label, year), g in official.groupby(["variable", "label", "year"], sort=True):
        s = g.set_index("kato")["share_pct"].reindex(stated.index)
        diff = (s - stated).abs()
        top = g.sort_values("share_pct", ascending=False)["region"].iloc[0]
        rows.append(
            dict(variable=var, label=label, year=year, max_diff=diff.max(), top=top, shares=s)
        )
    t = pd.DataFrame(rows).sort_values("max_diff")
    best = t.iloc[0]
    ok = bool(best["max_diff"] <= FIGURE1_TOLERANCE_PP)
    sh = best["shares"]
    nums = (_n("figure1_best_max_diff", best["max_diff"], "percentage points", ".1f"),
            *(_n(f"figure1_best_share_{k}", sh[k], "%", ".1f") for k in stated.index),
            _n("figure1_best_year", best["year"], "year", ".0f"),
            _n("figure1_combinations", len(t), "(variable, year) pairs", ".0f"))  # fmt: skip
    return Verdict("figure1_shares", "consistent" if ok else "inconsistent with official statistics",
                   f"closest of {len(t)} (variable, year) pairs: {best['label']} {int(best['year'])}, a stated share off by "
                   f"{best['max_diff']:.1f} points at most; the largest region there is {best['top']}",
                   "an official variable in which the three shares fit (none of those tried)", nums,
                   headline=f"official: {best['top']} first; closest of {len(t)} (variable, year) pairs off by {best['max_diff']:.1f} points")  # fmt: skip


def series_status(change: float, noise: float) -> str:
    if change > noise:
        return "rises"
    if change < -noise:
        return "falls"
    return "no change beyond noise"


def _with_status(growth: pd.DataFrame, noise: str) -> pd.DataFrame:
    """``growth`` with each series' status against the noise column ``noise``."""
    return growth.assign(
        status=[series_status(c, s) for c, s in zip(growth["change"], growth[noise], strict=True)]
    )


def _growing(g: pd.DataFrame) -> list[tuple[str, bool]]:
    """(region, grows) from the statuses of ``g``: a region grows if at least one indicator rises
    beyond the noise and none falls beyond it."""
    return [
        (region, bool((r["status"] == "rises").any() and not (r["status"] == "falls").any()))
        for (_kato, region), r in g.groupby(["kato", "region"], sort=False)
    ]


def decide_growth(growth: pd.DataFrame) -> Verdict:
    """``growth``: rows kato, region, indicator, label, value_first, value_last, change, noise
    (standard deviation of year-to-year changes x sqrt(years)), noise_median (median absolute
    year-to-year change x sqrt(years)) and, if given, resolution (the published rounding step).
    What could flip it: the verdict under the other noise measure, with the series whose status
    changes in the regions whose growth changes, and that noise in rounding steps of the series."""
    g = _with_status(growth, "noise")
    regions = _growing(g)
    k = sum(gr for _, gr in regions)
    verdict = _all_some_none(k, len(regions))
    nums, parts = [], []
    for r in g.itertuples():
        key = f"growth_{r.kato}_{r.indicator}"
        digits = ".3f" if r.indicator == "rd_expenditure_pct_grp" else ".0f"
        nums += [_n(f"{key}_first", r.value_first, "", digits), _n(f"{key}_last", r.value_last, "", digits),
                 _n(f"{key}_change", r.change, "", "+" + digits), _n(f"{key}_noise", r.noise, "", digits)]  # fmt: skip
        if "early_mean" in g.columns:
            nums += [
                _n(f"{key}_early", r.early_mean, "", digits),
                _n(f"{key}_slope", r.theil_sen_slope, "per year", "+" + digits),
            ]
        parts.append(
            f"{r.region}, {r.label}: {r.change:+{digits}} against ±{r.noise:{digits}} ({r.status})"
        )
    alt = _with_status(growth, "noise_median")
    alt_regions = _growing(alt)
    alt_verdict = _all_some_none(sum(gr for _, gr in alt_regions), len(alt_regions))
    changed = {rg for (rg, gr), (_, a) in zip(regions, alt_regions, strict=True) if gr != a}
    moves = []
    for r, a in zip(g.itertuples(), alt["status"], strict=True):
        digits = ".3f" if r.indicator == "rd_expenditure_pct_grp" else ".0f"
        if r.region in changed and a != r.status:
            step = getattr(r, "resolution", math.nan)
            grid = (
                f" ({r.noise_median / step:.1f} rounding steps of the published {step:g})"
                if not math.isnan(step) and step > 0
                else ""
            )
            moves.append(f"{r.region}, {r.label}: {a} against ±{r.noise_median:{digits}}{grid}")
    flip = (
        f"{alt_verdict} with the median absolute year-to-year change (× √2) as the noise: "
        + "; ".join(moves)
        if alt_verdict != verdict
        else "the median absolute year-to-year change as the noise changes no region's growth"
    )
    return Verdict("finding2_growth", verdict,
                   "same territory 2021→2023: " + "; ".join(parts) + "; growing: " +
                   (", ".join(rg for rg, gr in regions if gr) or "none"),
                   flip, tuple(nums),
                   headline="same territory, 2021→2023, against year-to-year noise: "
                   + "; ".join(f"{rg} {'grows' if gr else 'does not grow'}" for rg, gr in regions))  # fmt: skip


def decide_correlation(c: dict, y_is_proxy: bool) -> Verdict:
    """``c``: one row of the correlation suite (Figure 2 as drawn)."""
    robust = {
        "Spearman": bool(c["spearman_rho"] > 0 and c["spearman_p_holm"] < ALPHA),
        "without the two cities": bool(c["pearson_r_without_capitals"] >= R_WITHOUT_CAPITALS_MIN),
        "BCa": bool(c["pearson_bca_low"] > 0),
    }
    nums = (_n("fig2_spearman", c["spearman_rho"], "", ".2f"), _n("fig2_spearman_p_holm", c["spearman_p_holm"], "", ".3f"),
            _n("fig2_r_without", c["pearson_r_without_capitals"], "", ".2f"),
            _n("fig2_n_without", c["n_without_capitals"], "regions", ".0f"),
            _n("fig2_bca_low", c["pearson_bca_low"], "", ".2f"), _n("fig2_bca_high", c["pearson_bca_high"], "", ".2f"),
            _n("fig2_pearson", c["pearson_r"], "", ".2f"), _n("fig2_n", c["n"], "regions", ".0f"))  # fmt: skip
    held = [k for k, v in robust.items() if v]
    deciding = (f"Spearman ρ {c['spearman_rho']:.2f} (Holm p {c['spearman_p_holm']:.3f}); r without Almaty city and "
                f"Astana {c['pearson_r_without_capitals']:.2f} (n = {int(c['n_without_capitals'])}); BCa 95% "
                f"{c['pearson_bca_low']:.2f} to {c['pearson_bca_high']:.2f}; robust statements that hold: "
                f"{', '.join(held) or 'none'}")  # fmt: skip
    if y_is_proxy:
        return Verdict("figure2_correlation", "not checked offline: proxy only",
                       "offline proxy (researchers per million), biased towards the claim; " + deciding,
                       "the true variable (online mode, BNS Taldau) would decide it under the written rule", nums,
                       headline=f"biased proxy: Spearman ρ {c['spearman_rho']:.2f} (Holm p {c['spearman_p_holm']:.3f}); "
                       f"r = {c['pearson_r_without_capitals']:.2f} without the two cities")  # fmt: skip
    if all(robust.values()):
        verdict = "consistent"
    elif c["pearson_r"] > 0 and c["pearson_perm_p"] < ALPHA:
        verdict = "partly consistent"
    else:
        verdict = "inconsistent with official statistics"
    return Verdict(
        "figure2_correlation",
        verdict,
        deciding,
        "the robust statements that fail",
        nums,
        headline=f"robust statements that hold: {', '.join(held) or 'none'}",
    )


def decide_digital(cv: pd.DataFrame, paper_cv: float) -> Verdict:
    """``cv``: rows series, label, cv_pct, min, max (across regions)."""
    verdict = ("consistent" if (cv["cv_pct"] >= DIGITAL_CV_HIGH).any()
               else "inconsistent with official statistics" if (cv["cv_pct"] < DIGITAL_CV_LOW).all()
               else "partly consistent")  # fmt: skip
    nums = [_n(f"digital_cv_{r.series}", r.cv_pct, "%", ".0f") for r in cv.itertuples()]
    nums.append(_n("digital_cv_paper", paper_cv, "%", ".0f"))
    return Verdict("finding3_digital", verdict,
                   "coefficient of variation across regions: " + "; ".join(f"{r.label} {r.cv_pct:.0f}%" for r in cv.itertuples())
                   + f" (the paper's college-internet column: {paper_cv:.0f}%)",
                   f"Internet use alone (CV {cv['cv_pct'].min():.0f}%) would make it inconsistent", tuple(nums),
                   headline=f"CV across regions: Internet use {cv['cv_pct'].iloc[0]:.0f}%; fixed broadband series "
                   + ", ".join(f"{r.label.split(' per ')[0].replace('fixed broadband ', '')} {r.cv_pct:.0f}%" for r in cv.iloc[1:].itertuples()))  # fmt: skip


def decide_not_checkable(claim_id: str, why: str) -> Verdict:
    return Verdict(
        claim_id,
        "not checkable with published data",
        why,
        "an official regional series of it",
        headline="no official regional series",
    )


def decide_t1_equals_t2(t1: pd.Series, t2: pd.Series) -> Verdict:
    common = t1.index.intersection(t2.index)
    same = bool(len(common)) and bool((t1[common] == t2[common]).all())
    return Verdict("t1_equals_t2", "reproduced" if same else "not reproduced",
                   f"{len(common)} regions in both tables; " + ("all equal" if same else "they differ"),
                   "—", (_n("t1_t2_common", len(common), "regions", ".0f"),),
                   headline=f"{len(common)} common regions, " + ("all equal" if same else "they differ"))  # fmt: skip


def decide_figure1_internal(candidates: pd.DataFrame, stated: pd.Series) -> Verdict:
    """``candidates``: rows table, indicator, denominator, astana, almaty, karaganda (shares, %)."""
    cols = {"710000000": "astana", "750000000": "almaty", "350000000": "karaganda"}
    diffs = pd.concat([(candidates[c] - stated[k]).abs() for k, c in cols.items()], axis=1).max(
        axis=1
    )
    i = diffs.idxmin()
    best = candidates.loc[i]
    ok = bool(diffs[i] <= FIGURE1_TOLERANCE_PP)
    return Verdict("figure1_from_tables", "reproduced" if ok else "not reproduced",
                   f"closest of {len(candidates)} combinations: {best['indicator']} over the {best['denominator']} "
                   f"(Astana {best['astana']:.1f}%, Almaty {best['almaty']:.1f}%, Karaganda {best['karaganda']:.1f}%), "
                   f"off by up to {diffs[i]:.1f} points",
                   "a denominator the paper does not print",
                   (_n("figure1_internal_max_diff", diffs[i], "percentage points", ".1f"),),
                   headline=f"closest of {len(candidates)} combinations off by {diffs[i]:.1f} points")  # fmt: skip


def decide_publications_internal(pub: pd.Series) -> Verdict:
    share = pub[["750000000", "710000000"]].sum() / pub.sum() * 100
    ok = bool(share > MAJORITY_PCT)
    return Verdict("publications_from_table2", "reproduced" if ok else "not reproduced",
                   f"{share:.1f}% of the {pub.sum():,.0f} publications of the {len(pub)} regions with a number in Table 2",
                   "a national total of publications (the paper gives none)",
                   (_n("publications_capitals_share", share, "%", ".1f"),),
                   headline=f"{share:.1f}% of the listed regions' publications")  # fmt: skip
