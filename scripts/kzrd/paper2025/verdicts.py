"""Verdicts on the claims of the 2025 paper (and the 2019 study's conclusion): the taxonomy, and one
decision function per claim.

The claims themselves, their thresholds and their analysis choices are declared data
(``resources/claims.yaml``, :mod:`kzrd.paper2025.claims`); the multiverse (:mod:`kzrd.paper2025.multiverse`)
calls the claim's function once per specification. Each function reads the computed evidence
(:class:`Evidence`), applies its rule under the specification's reading and thresholds, and returns an
:class:`~kzrd.paper2025.multiverse.Outcome`: the verdict, its deciding number, the deciding numbers in
words (every number in them is recorded, so the report's prose can quote them) and a headline. The
words are composed from the catalogue's messages (``_()``), in English unless a language is active
(rule verdicts_translated, for the Russian and Kazakh documents). The tests exercise every rule on
both sides of its thresholds. Pure functions, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from kzrd.core.i18n import N_, and_join
from kzrd.core.i18n import gettext as _
from kzrd.paper2025.multiverse import Number, Outcome, Spec

# ------------------------------------------------------------------------------ taxonomy

TAXONOMY: dict[str, str] = {  # the meanings marked for the catalogue (N_), translated where shown
    "reproduced": N_("Internal check: the paper's statement follows from the paper's own tables."),
    "not reproduced": N_("Internal check: no combination of the paper's own numbers gives the statement "
                         "within the stated tolerance."),
    "consistent": N_("Official statistics satisfy the claim under its decision rule."),
    "partly consistent": N_("The claim holds for some of its parts (regions, indicators) and not for others."),
    "inconsistent with official statistics": N_("Official statistics contradict the claim under its decision rule."),
    "depends on a choice the paper does not state": N_("The verdict differs between defensible readings "
        "(denominator, indicator, year, territory, window, noise measure, a threshold within its band) and the "
        "paper does not say which it meant; the choices that move it are named."),
    "not checkable with published data": N_("No official regional series in the project's data measures "
                                            "what the claim is about (the reason is given)."),
    "not checked offline: proxy only": N_("The official series that measures the claim is fetched only in online "
        "mode; offline a proxy stands in, whose bias is stated, and the verdict waits for the true variable."),
}  # fmt: skip
INTERNAL = ("reproduced", "not reproduced")
CONSISTENT, PARTLY, INCONSISTENT = (
    "consistent",
    "partly consistent",
    "inconsistent with official statistics",
)
NOT_CHECKABLE, PROXY_ONLY = "not checkable with published data", "not checked offline: proxy only"


def all_some_none(k: int, n: int) -> str:
    """The verdict of a claim that holds for k of its n parts."""
    if n and k == n:
        return CONSISTENT
    return PARTLY if k else INCONSISTENT


class Quote:
    """Formats numbers for a verdict's words and records each (id, value, unit, text), so that every
    number the words quote can enter the numbers registry."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.numbers: list[Number] = []
        self._seen: dict[str, str] = {}

    def __call__(self, key: str, value: float, fmt: str, unit: str = "") -> str:
        if isinstance(value, float) and math.isnan(value):
            text = "n/a"
        else:
            text = format(int(value), fmt) if fmt.endswith("d") else format(float(value), fmt)
        nid = f"{self.prefix}_{key}"
        if self._seen.setdefault(nid, text) != text:
            raise ValueError(f"number {nid} quoted twice with different texts")
        if nid not in {n.id for n in self.numbers}:
            self.numbers.append(Number(nid, float(value), unit, text))
        return text

    def outcome(self, verdict: str, value: float, deciding: str, headline: str = "") -> Outcome:
        return Outcome(verdict, float(value), deciding, headline or deciding, tuple(self.numbers))


# ------------------------------------------------------------------------------ evidence


@dataclass(frozen=True)
class Evidence:
    """What the decision functions read, all computed by the audit (results/audit/*.parquet).

    ``values``: rows indicator, label, year, kato, region, value, national (regional_values);
    ``by_year``: official researchers and R&D expenditure by basis and year (official_by_year);
    ``totals``/``levels``: the paper's levels against official ones (magnitude_totals/regions);
    ``growth``: the growth readings; ``correlations``: the Figure 2 family; ``cells``: the paper's
    tables; ``stated``: the shares the text states for its Figure 1, by KATO code;
    ``own_time``: the 2019 study's index variants (top five per variant), if built."""

    values: pd.DataFrame
    by_year: pd.DataFrame
    totals: pd.DataFrame
    levels: pd.DataFrame
    growth: pd.DataFrame
    correlations: pd.DataFrame
    cells: pd.DataFrame
    stated: pd.Series
    cities: tuple[str, ...]
    trend_regions: tuple[str, ...]
    names: dict[str, str]
    figure1_candidates: pd.DataFrame
    own_time: pd.DataFrame | None = None
    period: tuple[int, int] = (0, 9999)  # the paper's period (resources/claims.yaml)
    extra: dict = field(default_factory=dict)

    def in_period(self, years) -> list[int]:
        """The years of the paper's period among ``years``; if none, the latest year before it."""
        ys = sorted({int(y) for y in years})
        inside = [y for y in ys if self.period[0] <= y <= self.period[1]]
        before = [y for y in ys if y < self.period[0]]
        return inside or before[-1:]

    def series(self, indicator: str) -> pd.DataFrame:
        """Regional rows of one indicator of ``values`` (the national row left out)."""
        groups = self.memo(
            ("series",), lambda: dict(list(self.values.groupby("indicator", sort=False)))
        )
        return groups.get(indicator, self.values.iloc[0:0])

    def year_rows(self, variable: str, bases: tuple[str, ...], year: int) -> pd.DataFrame:
        """Rows of ``by_year`` of one variable, one of ``bases`` and one year."""
        groups = self.memo(
            ("by_year",),
            lambda: dict(list(self.by_year.groupby(["variable", "basis", "year"], sort=False))),
        )
        got = [groups.get((variable, b, year)) for b in bases]
        parts = [g for g in got if g is not None]
        return pd.concat(parts) if len(parts) > 1 else parts[0] if parts else self.by_year.iloc[0:0]

    def memo(self, key: tuple, compute: Callable[[], object]):
        """``compute()`` once per ``key`` (specifications that differ only in a threshold share their
        evidence)."""
        cache = self.extra.setdefault("memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def paper(self, table: str, indicator: str) -> pd.Series:
        t = self.cells[(self.cells["table"] == table) & (self.cells["indicator"] == indicator)]
        return t.set_index("kato")["value"].dropna()

    def name(self, kato: str) -> str:
        return self.names.get(kato, kato)


def _names(ev: Evidence, katos) -> str:
    return ", ".join(ev.name(k) for k in katos) or _("none")


# ------------------------------------------------------------------------------ concentration and shares

SOURCE_BASES = {
    "bns": ("BNS head count", "BNS bulletin"),
    "sdg": (
        "SDG 9-5-2 x population (FTE)",
        "SDG 9-5-2 x population of 1 January (FTE)",
        "SDG 9-5-1 x GRP",
    ),
}
RESOURCES = {"researchers": N_("researchers"), "rd_expenditure": N_("internal R&D expenditure")}
# the further resources of the reading "with institutions" (regional_values, the cross-section year)
INSTITUTIONS = {"universities": N_("universities"), "enterprises_rd": N_("organisations doing R&D")}


def _year_rows(ev: Evidence, variable: str, source: str, year: int) -> pd.DataFrame:
    return ev.year_rows(variable, SOURCE_BASES[source], year)


def _share(rows: pd.DataFrame, katos, denominator: str) -> float:
    """The share (%) of ``katos`` in ``rows`` (kato, value, national) over the national row or the
    sum of the regions."""
    if rows.empty:
        return math.nan
    denom = (
        float(rows["national"].iloc[0]) if denominator == "national" else float(rows["value"].sum())
    )
    return float(rows[rows["kato"].isin(katos)]["value"].sum() / denom * 100)


def decide_concentration(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("concentration")
    year, source, denom = int(s.choice("year")), s.choice("source"), s.choice("denominator")
    thr = s.t("majority_pct")
    resources = [
        (var, label, _year_rows(ev, var, source, year)) for var, label in RESOURCES.items()
    ]
    if s.choice("resources") == "institutions":
        for ind, label in INSTITUTIONS.items():
            rows = ev.series(ind)
            resources.append((ind, label, rows[rows["year"] == year]))
    parts, k, n, low = [], 0, 0, math.inf
    for key, label, rows in resources:
        if rows.empty or not set(ev.cities) <= set(rows["kato"]):
            continue
        share = _share(rows, ev.cities, denom)
        n += 1
        k += share > thr
        low = min(low, share)
        parts.append(f"{_(label)} {q(f'{key}_share', share, '.1f', '%')}%")
    if n == 0:
        return Outcome(
            NOT_CHECKABLE,
            deciding=_("no official values of both cities in {year}").format(year=year),
        )
    where = (
        _("{year}, national row") if denom == "national" else _("{year}, sum of the regions")
    ).format(year=year)
    return q.outcome(all_some_none(k, n), low,
                     _("Almaty city + Astana: {parts} ({where}); {k} of {n} above {threshold}%").format(
                         parts="; ".join(parts), where=where, k=k, n=n, threshold=f"{thr:g}"),
                     _("{parts} ({year}); {k} of {n} above {threshold}%").format(
                         parts="; ".join(parts), year=year, k=k, n=n, threshold=f"{thr:g}"))  # fmt: skip


def concentration_years(ev: Evidence, choice: str, r: dict[str, str]) -> list[tuple[str, str]]:
    b = ev.by_year[ev.by_year["basis"].isin(SOURCE_BASES[r["source"]])]
    return [(str(y), str(y)) for y in ev.in_period(b["year"].unique())]


STATED_KEYS = {"710000000": "astana", "750000000": "almaty", "350000000": "karaganda"}


def _figure1_rows(ev: Evidence, s: Spec) -> pd.DataFrame:
    var = s.choice("variable")
    if var == "enterprises_rd":
        return ev.series("enterprises_rd")
    return _year_rows(ev, var, s.choice("source"), int(s.choice("year")))


def _stated(ev: Evidence, s: Spec) -> pd.Series:
    """The shares the text states for its Figure 1, the two cities' exchanged under the reading 'swapped'."""
    if s.choice("labels") != "swapped":
        return ev.stated
    a, b = ev.cities
    return ev.stated.rename({a: b, b: a})


def decide_figure1(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("figure1")
    tol = s.t("tolerance_pp")

    def compute() -> pd.Series:
        rows = _figure1_rows(ev, s)
        national = s.choice("denominator") == "national"
        denom = float(rows["national"].iloc[0]) if national else float(rows["value"].sum())
        return rows.set_index("kato")["value"] / denom * 100

    shares = ev.memo(("figure1", *s.reading.values()), compute)
    stated = _stated(ev, s)
    diffs = {k: abs(float(shares.get(k, math.nan)) - float(v)) for k, v in stated.items()}
    k = sum(d <= tol for d in diffs.values())
    top = shares.sort_values(ascending=False).index[0]
    parts = [_("{region} {share}% (stated {stated}%)").format(
                 region=ev.name(kato), share=q(f"share_{STATED_KEYS.get(kato, kato)}", shares.get(kato, math.nan), ".1f", "%"),
                 stated=f"{stated[kato]:g}") for kato in stated.index]  # fmt: skip
    worst = max(diffs.values())
    return q.outcome(all_some_none(k, len(diffs)), worst,
                     _("official shares: {parts}; {k} of {n} within {tolerance} points; largest region {region}").format(
                         parts="; ".join(parts), k=k, n=len(diffs), tolerance=f"{tol:g}", region=ev.name(top)),
                     _("{k} of {n} stated shares within {tolerance} points; off by up to {worst}; largest region {region}").format(
                         k=k, n=len(diffs), tolerance=f"{tol:g}", worst=q("max_diff", worst, ".1f", "percentage points"),
                         region=ev.name(top)))  # fmt: skip


def figure1_years(ev: Evidence, choice: str, r: dict[str, str]) -> list[tuple[str, str]]:
    if r["variable"] == "enterprises_rd":
        ys = sorted(ev.series("enterprises_rd")["year"].unique())
    else:
        b = ev.by_year[
            (ev.by_year["variable"] == r["variable"])
            & ev.by_year["basis"].isin(SOURCE_BASES[r["source"]])
        ]
        ys = sorted(b["year"].unique())
    return [(str(y), str(y)) for y in ev.in_period(ys)]


# ------------------------------------------------------------------------------ leadership and enterprise shares

READING_INDICATOR = {  # claims.yaml reading of the enterprise share -> regional_values indicator
    "rd_form_rate": "share_enterprises_rd_pct",
    "national_share": "enterprises_rd_national_share_pct",
    "innovation_rate": "innovation_activity_pct",
    "hybrid_rate": "enterprises_rd_per_surveyed_pct",
}
LEAD_WORDS = {
    "researchers": N_("researchers"),
    "enterprises": N_("enterprises"),
    "funding": N_("funding"),
}
LEAD_PARTS = {
    "researchers": ("researchers", {"head_count": "researchers", "fte": "researchers_fte_bns"}),
    "enterprises": ("reading", READING_INDICATOR),
    "funding": (
        "funding",
        {"internal": "rd_internal_expenditure", "total": "rd_total_expenditure"},
    ),
}


def _top(ev: Evidence, indicator: str, n: int) -> list[str]:
    def compute() -> list[str]:
        v = ev.series(indicator).dropna(subset=["value"])
        return list(v.sort_values(["value", "kato"], ascending=[False, True])["kato"].head(n))

    return ev.memo(("top", indicator, n), compute)


def decide_leadership(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("leadership")
    parts, k = [], 0
    for part, (choice, indicators) in LEAD_PARTS.items():
        top = _top(ev, indicators[s.choice(choice)], len(ev.cities))
        lead = set(top) == set(ev.cities)
        k += lead
        words = _("{part}: {regions}") if lead else _("{part}: {regions} (not the two cities)")
        parts.append(words.format(part=_(LEAD_WORDS[part]), regions=_names(ev, top)))
    n = len(LEAD_PARTS)
    return q.outcome(all_some_none(k, n), k,
                     _("top two by indicator: {parts}").format(parts="; ".join(parts)),
                     _("the two cities lead on {k} of {n} indicators").format(
                         k=q("led", k, "d", "indicators"), n=q("indicators", n, "d", "indicators")))  # fmt: skip


def _within(paper: pd.Series, official: pd.Series, tol_pct: float) -> tuple[int, int, pd.Series]:
    both = pd.concat({"paper": paper, "official": official}, axis=1).dropna()
    ratio = (both["paper"] / both["official"]).where(both["official"] > 0)
    ok = (ratio - 1).abs() <= tol_pct / 100
    return int(ok.sum()), int(ratio.notna().sum()), ratio


def decide_enterprise_levels(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("t1_enterprise_share")
    paper = ev.paper("table1", "share_enterprises_rd")
    rows = ev.series(READING_INDICATOR[s.choice("reading")]).set_index("kato")["value"]
    tol = s.t("tolerance_pct")
    if s.choice("reading") == "national_share" and paper.sum() > 100:
        return q.outcome(
            INCONSISTENT,
            paper.sum(),
            _("the listed shares add up to {total}%, more than 100%").format(
                total=f"{paper.sum():.1f}"
            ),
        )
    k, n, ratio = _within(paper, rows, tol)
    detail = "; ".join(f"{ev.name(kato)} {r:.2f}" for kato, r in ratio.items())
    return q.outcome(all_some_none(k, n), k,
                     _("{k} of {n} listed regions within ±{tolerance}% (paper / official: {detail})").format(
                         k=k, n=n, tolerance=f"{tol:g}", detail=detail),
                     _("{k} of {n} regions within ±{tolerance}% of the official share").format(
                         k=q("within", k, "d", "regions"), n=q("listed", n, "d", "regions"), tolerance=f"{tol:g}"))  # fmt: skip


def decide_enterprises_below(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("enterprises_below")
    rows = ev.series(READING_INDICATOR[s.choice("reading")]).dropna(subset=["value"])
    periphery = rows[~rows["kato"].isin(ev.cities)]
    below_pct, need = s.t("below_pct"), s.t("share_of_regions_pct")
    k, n = int((periphery["value"] < below_pct).sum()), len(periphery)
    share = k / n * 100 if n else math.nan
    holds = n and share >= need
    return q.outcome(CONSISTENT if holds else INCONSISTENT, share,
                     _("{k} of {n} regions outside the two cities below {line}% ({share}%; needed: at least {need}%)").format(
                         k=k, n=n, line=f"{below_pct:g}", share=f"{share:.0f}", need=f"{need:g}"),
                     _("{k} of {n} regions below {line}%").format(
                         k=q("below", k, "d", "regions"), n=q("periphery", n, "d", "regions"), line=f"{below_pct:g}"))  # fmt: skip


# ------------------------------------------------------------------------------ the paper's levels


LEVEL_CLAIMS = {  # claim -> the paper's (table, indicator), the unit of its words
    "table1_researchers": ("table1", "researchers", N_("persons"), ",.0f"),
    "table2_researchers": ("table2", "researchers", N_("persons"), ",.0f"),
    "table1_expenditure": ("table1", "rd_expenditure", N_("billion KZT"), ",.1f"),
    "table2_universities": ("table2", "universities", N_("organisations"), ",.0f"),
}


def decide_level(ev: Evidence, s: Spec) -> Outcome:
    """The paper's regional levels against official values, on one basis and year."""
    cid = s.claim.id
    q = Quote(cid)
    _table, _ind, unit, fmt = LEVEL_CLAIMS[cid]
    basis, year, tol = s.choice("basis"), int(s.choice("year")), s.t("tolerance_pct")
    tot = ev.totals[
        (ev.totals["claim_id"] == cid) & (ev.totals["basis"] == basis) & (ev.totals["year"] == year)
    ].iloc[0]
    ratio, factor = float(tot["ratio"]), float(tot["threshold"])
    total = _("the paper's {n} regions sum to {sum} = {ratio} × the national total {official} {unit} ({basis}, {year})").format(
        n=int(tot["paper_regions"]), sum=f"{tot['paper_sum']:{fmt}}", ratio=f"{ratio:.2f}", official=f"{tot['official']:{fmt}}",
        unit=_(unit), basis=_(basis), year=year)  # fmt: skip
    if ratio > factor:
        words = (_("{total}, beyond the head-count/FTE factor {factor}").format(total=total, factor=f"{factor:.2f}")
                 if factor != 1 else total)  # fmt: skip
        return q.outcome(INCONSISTENT, ratio, words,
                         _("sum of the listed regions = {ratio} × the national total ({basis}, {year})").format(
                             ratio=f"{ratio:.2f}", basis=_(basis), year=year))  # fmt: skip
    reg = ev.levels[
        (ev.levels["claim_id"] == cid) & (ev.levels["basis"] == basis) & (ev.levels["year"] == year)
    ]
    if reg.empty:
        return Outcome(
            NOT_CHECKABLE, ratio, _("{total}; no regional values on this basis").format(total=total)
        )
    k, n, r = _within(reg.set_index("kato")["paper"], reg.set_index("kato")["official"], tol)
    far = (r - 1).abs().sort_values(ascending=False)
    detail = ", ".join(
        f"{ev.name(kato)} {r[kato]:.2f}" for kato in far.index[:4] if abs(r[kato] - 1) > tol / 100
    )
    words = _("{total}; {k} of {n} regions within ±{tolerance}%").format(
        total=total, k=k, n=n, tolerance=f"{tol:g}"
    )
    if detail:
        words = _("{words} (furthest, paper / official: {detail})").format(
            words=words, detail=detail
        )
    return q.outcome(all_some_none(k, n), k, words,
                     _("{k} of {n} regions within ±{tolerance}% ({basis}, {year})").format(
                         k=k, n=n, tolerance=f"{tol:g}", basis=_(basis), year=year))  # fmt: skip


def level_options(ev: Evidence, cid: str) -> Callable[[str, dict[str, str]], list[tuple[str, str]]]:
    t = ev.totals[ev.totals["claim_id"] == cid]

    def of(choice: str, r: dict[str, str]) -> list[tuple[str, str]]:
        if choice == "basis":
            return [(b, b) for b in t["basis"].drop_duplicates()]
        return [
            (str(y), str(y)) for y in ev.in_period(t.loc[t["basis"] == r["basis"], "year"].unique())
        ]

    return of


# ------------------------------------------------------------------------------ growth (key finding 2)


# The statuses of a series' change, marked for the catalogue (translated where shown)
STATUSES = {
    "rises": N_("rises"),
    "falls": N_("falls"),
    "no change beyond noise": N_("no change beyond noise"),
}


def series_status(change: float, noise: float) -> str:
    if change > noise:
        return "rises"
    if change < -noise:
        return "falls"
    return "no change beyond noise"


TREND_WINDOWS = ("trend", "trend_all")


def _status(row, window: str, k: float) -> str:
    if window in TREND_WINDOWS:
        if row.slope_low > 0:
            return "rises"
        return "falls" if row.slope_high < 0 else "no change beyond noise"
    return series_status(row.change, k * row.noise)


def decide_growth(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("growth")
    window = s.choice("window")
    g = ev.growth[(ev.growth["window"] == window) & (ev.growth["territory"] == s.choice("territory"))
                  & (ev.growth["noise_measure"] == s.choice("noise"))]  # fmt: skip
    k_noise = s.thresholds.get("noise_multiple", 1.0)
    parts, grows = [], []
    for kato in ev.trend_regions:
        r = g[g["kato"] == kato]
        statuses = []
        for row in r.itertuples():
            st = _status(row, window, k_noise)
            statuses.append(st)
            d = ".3f" if row.indicator == "rd_expenditure_pct_grp" else ".0f"
            key = f"{kato}_{row.indicator}"
            if window in TREND_WINDOWS:
                parts.append(_("{region}, {series}: slope {slope} per year (95% {low} to {high}; {status})").format(
                    region=ev.name(kato), series=_(row.label), slope=q(f"{key}_slope", row.slope, "+" + d),
                    low=f"{row.slope_low:+{d}}", high=f"{row.slope_high:+{d}}", status=_(st)))  # fmt: skip
            else:
                parts.append(_("{region}, {series}: {first} → {last}, {change} against ±{noise} ({status})").format(
                    region=ev.name(kato), series=_(row.label), first=q(f"{key}_first", row.value_first, d),
                    last=q(f"{key}_last", row.value_last, d), change=q(f"{key}_change", row.change, "+" + d),
                    noise=q(f"{key}_noise", k_noise * row.noise, d), status=_(st)))  # fmt: skip
        grows.append("rises" in statuses and "falls" not in statuses)
    k = sum(grows)
    span = f"{int(g['year_from'].min())}→{int(g['year_to'].max())}" if len(g) else ""
    head = "; ".join(
        (_("{region} grows") if gr else _("{region} does not grow")).format(region=ev.name(kato))
        for kato, gr in zip(ev.trend_regions, grows, strict=True)
    )
    growing = _names(ev, [r for r, gr in zip(ev.trend_regions, grows, strict=True) if gr])
    return q.outcome(all_some_none(k, len(grows)), k,
                     _("{parts}; growing: {regions}").format(parts="; ".join(parts), regions=growing),
                     f"{span}: {head}")  # fmt: skip


# ------------------------------------------------------------------------------ industrial regions


def _comparator(rows: pd.DataFrame, comparator: str, cities: tuple[str, ...] = ()) -> float:
    """The value a region is compared with: the national row's, half of it, the median region's, or
    the lower of the two cities'."""
    if comparator == "national":
        return float(rows["national"].iloc[0])
    if comparator == "half_national":
        return float(rows["national"].iloc[0]) / 2
    if comparator == "median":
        return float(rows["value"].median())
    if comparator == "cities":
        return float(rows[rows["kato"].isin(cities)]["value"].min())
    raise ValueError(f"unknown comparator {comparator!r}")


COMPARATOR_WORDS = {"national": N_("the national value"), "half_national": N_("half the national value"),
                    "median": N_("the median region"), "cities": N_("the lower of the two cities")}  # fmt: skip


def _comparator_words(s: Spec) -> str:
    return _(COMPARATOR_WORDS[s.choice("comparator")])


def decide_industrial(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("industrial")
    ind, year = s.choice("indicator"), int(s.choice("year"))
    rows = ev.values[(ev.values["indicator"] == ind) & (ev.values["year"] == year)].dropna(
        subset=["value"]
    )
    bar = _comparator(rows, s.choice("comparator"))
    v = rows.set_index("kato")["value"]
    above = [kato for kato in ev.trend_regions if kato in v.index and v[kato] > bar]
    n = sum(kato in v.index for kato in ev.trend_regions)
    if n == 0:
        return Outcome(
            NOT_CHECKABLE,
            deciding=_("no value for the configured regions in {year}").format(year=year),
        )
    parts = "; ".join(
        f"{ev.name(kato)} {v[kato]:.1f}" for kato in ev.trend_regions if kato in v.index
    )
    return q.outcome(all_some_none(len(above), n), len(above),
                     _("{values} against {comparator} {bar} ({year})").format(
                         values=parts, comparator=_comparator_words(s), bar=f"{bar:.1f}", year=year),
                     _("{k} of {n} above {comparator} ({year})").format(
                         k=len(above), n=n, comparator=_comparator_words(s), year=year))  # fmt: skip


def value_years(ev: Evidence):
    """The years of the paper's period in which the chosen indicator has every configured region."""

    def of(choice: str, r: dict[str, str]) -> list[tuple[str, str]]:
        rows = ev.series(r["indicator"]).dropna(subset=["value"])
        have = rows[rows["kato"].isin(ev.trend_regions)].groupby("year")["kato"].nunique()
        ys = [int(y) for y, c in have.items() if c == len(ev.trend_regions)]
        return [(str(y), str(y)) for y in ev.in_period(ys)]

    return of


# ------------------------------------------------------------------------------ correlation (the paper's Figure 2)

PROXIES = ("researchers_per_million", "researchers_per_10k")


def decide_correlation(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("fig2")
    c = ev.correlations[
        (ev.correlations["x"] == s.choice("x")) & (ev.correlations["y"] == s.choice("y"))
    ].iloc[0]
    alpha, rmin = s.t("alpha"), s.t("r_without_min")
    robust = {
        N_("Spearman"): bool(c["spearman_rho"] > 0 and c["spearman_p_holm"] < alpha),
        N_("without the two cities"): bool(c["pearson_r_without_capitals"] >= rmin),
        N_("BCa"): bool(c["pearson_bca_low"] > 0),
    }
    held = ", ".join(_(k) for k, v in robust.items() if v) or _("none")
    deciding = _("Spearman ρ {rho} (Holm p {p}); r without {cities} {r} (n = {n}); BCa 95% {low} to {high}; "
                 "robust statements that hold: {held}").format(
        rho=q("spearman", c["spearman_rho"], ".2f"), p=q("spearman_p_holm", c["spearman_p_holm"], ".3f"),
        cities=and_join([ev.name(k) for k in ev.cities]), r=q("r_without", c["pearson_r_without_capitals"], ".2f"),
        n=q("n_without", c["n_without_capitals"], "d", "regions"), low=q("bca_low", c["pearson_bca_low"], ".2f"),
        high=q("bca_high", c["pearson_bca_high"], ".2f"), held=held)  # fmt: skip
    q("pearson", c["pearson_r"], ".2f")
    q("n", c["n"], "d", "regions")
    if s.choice("y") in PROXIES:
        return q.outcome(PROXY_ONLY, c["spearman_rho"], _("offline proxy, biased towards the claim; {words}").format(words=deciding),
                         _("biased proxy: Spearman ρ {rho}; r = {r} without the two cities").format(
                             rho=f"{c['spearman_rho']:.2f}", r=f"{c['pearson_r_without_capitals']:.2f}"))  # fmt: skip
    if all(robust.values()):
        verdict = CONSISTENT
    elif c["pearson_r"] > 0 and c["pearson_perm_p"] < alpha:
        verdict = PARTLY
    else:
        verdict = INCONSISTENT
    return q.outcome(
        verdict,
        c["spearman_rho"],
        deciding,
        _("robust statements that hold: {held}").format(held=held),
    )


def correlation_ys(ev: Evidence, choice: str, r: dict[str, str]) -> list[tuple[str, str]]:
    ys = list(dict.fromkeys(ev.correlations["y"]))
    true = [y for y in ys if y not in PROXIES]
    labels = {"researchers_per_million": N_("researchers (FTE) per million (proxy)"),
              "researchers_per_10k": N_("researchers (persons) per 10,000 (proxy)"),
              "technical_employment_share_pct": N_("share of employment in technical sectors")}  # fmt: skip
    return [(y, labels.get(y, y)) for y in (true or ys)]


# ------------------------------------------------------------------------------ spreads (key finding 3, institutions)


def cv_pct(values: pd.Series) -> float:
    """Coefficient of variation across regions, % (population standard deviation / mean)."""
    v = values.dropna()
    return float(v.std(ddof=0) / v.mean() * 100)


def _scaled(values: pd.Series, scale: str) -> pd.Series:
    """A percentage as published (``level``) or as the share without it (``shortfall``: 100 - it)."""
    return 100 - values if scale == "shortfall" else values


def _spread_indicator(s: Spec) -> str:
    ind = s.choice("indicator")
    return f"{ind}_{s.choice('age')}" if s.choice("age") else ind


def decide_spread(ev: Evidence, s: Spec) -> Outcome:
    q = Quote(s.claim.id)
    ind = _spread_indicator(s)
    scale = s.choice("scale")

    def compute() -> tuple | None:
        rows = ev.series(ind).dropna(subset=["value"])
        if rows.empty:
            return None
        v = _scaled(rows["value"], scale)
        return cv_pct(v), len(rows), int(rows["year"].iloc[0]), float(v.min()), float(v.max())

    got = ev.memo(("spread", ind, scale), compute)
    if got is None:
        return _absent(ind)
    cv, n, year, low, high = got
    hi, lo = s.t("cv_high"), s.t("cv_low")
    verdict = CONSISTENT if cv >= hi else INCONSISTENT if cv < lo else PARTLY
    short = scale == "shortfall"
    deciding = (_("CV {cv}% across {n} regions (shortfall, {year}; lowest {low}, highest {high})") if short
                else _("CV {cv}% across {n} regions ({year}; lowest {low}, highest {high})"))  # fmt: skip
    headline = (
        _("CV {cv}% of {series} (shortfall, {year})")
        if short
        else _("CV {cv}% of {series} ({year})")
    )
    return q.outcome(verdict, cv, deciding.format(cv=f"{cv:.1f}", n=n, year=year, low=f"{low:.3g}", high=f"{high:.3g}"),
                     headline.format(cv=q(f"cv_{ind}_{scale}", cv, ".1f", "%"), series=_(s.reading_short("indicator")), year=year))  # fmt: skip


def paper_cv(cells: pd.DataFrame) -> float:
    v = cells[
        (cells["table"] == "table3") & (cells["indicator"] == "colleges_high_speed_internet")
    ]["value"].dropna()
    return cv_pct(v)


# ------------------------------------------------------------------------------ regions below a comparator


def _absent(indicator: str) -> Outcome:
    return Outcome(
        NOT_CHECKABLE,
        deciding=_("series {indicator} not in the data").format(indicator=indicator),
        headline=_("series not in the data"),
    )


def decide_tvet(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("tvet")
    rows = ev.series(s.choice("indicator")).dropna(subset=["value"])
    if rows.empty:
        return _absent(s.choice("indicator"))
    bar = _comparator(rows, s.choice("comparator"))
    v = rows.set_index("kato")["value"]
    west = s.claim.groups["western"]["regions"]
    need = s.t("several_min")
    named = {k: v[k] < bar for k in ("310000000", "610000000") if k in v.index}
    west_lag = [k for k in west if k in v.index and v[k] < bar]
    parts = [*(bool(x) for x in named.values()), len(west_lag) >= need]
    k = sum(parts)
    year = int(rows["year"].iloc[0])
    words = "; ".join(
        (_("{region} {value} lags") if lag else "{region} {value}").format(region=ev.name(kato), value=f"{v[kato]:.1f}")
        for kato, lag in named.items()
    )  # fmt: skip
    return q.outcome(all_some_none(k, len(parts)), k,
                     _("{values}; western regions lagging: {k} of {n} ({regions}); {comparator} {bar} ({year})").format(
                         values=words, k=len(west_lag), n=len(west), regions=_names(ev, west_lag), comparator=_comparator_words(s),
                         bar=f"{bar:.1f}", year=year),
                     _("{k} of {n} parts lag on {series}, below {comparator} ({year})").format(
                         k=k, n=len(parts), series=_(s.reading_short("indicator")), comparator=_comparator_words(s), year=year))  # fmt: skip


def decide_most_below(ev: Evidence, s: Spec) -> Outcome:
    q = Quote(s.claim.id)
    ind = s.choice("indicator") or "innovation_activity_pct"
    rows = ev.series(ind).dropna(subset=["value"])
    if rows.empty:
        return _absent(ind)
    bar = _comparator(rows, s.choice("comparator"), ev.cities)
    periphery = rows[~rows["kato"].isin(ev.cities)]
    k, n = int((periphery["value"] < bar).sum()), len(periphery)
    share = k / n * 100 if n else math.nan
    most = s.t("most_pct")
    return q.outcome(CONSISTENT if share > most else INCONSISTENT, share,
                     _("{k} of {n} regions outside the two cities below {comparator} {bar} ({share}%; needed: more than {most}%)").format(
                         k=k, n=n, comparator=_comparator_words(s), bar=f"{bar:.3g}", share=f"{share:.0f}", most=f"{most:g}"),
                     _("{k} of {n} regions below {comparator} on {series}").format(
                         k=q("below", k, "d", "regions"), n=q("regions", n, "d", "regions"), comparator=_comparator_words(s),
                         series=_(s.reading_short("indicator") or N_("innovation activity"))))  # fmt: skip


# ------------------------------------------------------------------------------ not checkable, internal checks


def decide_not_checkable(ev: Evidence, s: Spec) -> Outcome:
    return Outcome(
        NOT_CHECKABLE, deciding=_(s.claim.not_checkable), headline=_("no official regional series")
    )


def decide_t1_equals_t2(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("t1_t2")
    t1, t2 = ev.paper("table1", "researchers"), ev.paper("table2", "researchers")
    common = t1.index.intersection(t2.index)
    same = bool(len(common)) and bool((t1[common] == t2[common]).all())
    n = q("common", len(common), "d", "regions")
    return q.outcome("reproduced" if same else "not reproduced", len(common),
                     (_("{n} regions in both tables; all equal") if same else _("{n} regions in both tables; they differ")).format(n=n))  # fmt: skip


def decide_figure1_internal(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("figure1_internal")
    c = ev.figure1_candidates
    row = c[
        (c["column"] == s.choice("column")) & (c["denominator_kind"] == s.choice("denominator"))
    ]
    if row.empty:
        return Outcome(
            NOT_CHECKABLE, deciding=_("the paper gives no national total for this column")
        )
    r = row.iloc[0]
    tol = s.t("tolerance_pp")
    stated = _stated(ev, s)
    worst = max(abs(float(r[STATED_KEYS[k]]) - float(v)) for k, v in stated.items())
    ok = bool(worst <= tol)
    return q.outcome("reproduced" if ok else "not reproduced", worst,
                     _("{column} over the {denominator}: Astana {astana}%, Almaty {almaty}%, Karaganda {karaganda}%; "
                       "off by up to {worst} points").format(
                         column=r["column_label"], denominator=r["denominator"],  # (English: labels the audit composes)
                         astana=f"{r['astana']:.1f}", almaty=f"{r['almaty']:.1f}", karaganda=f"{r['karaganda']:.1f}", worst=f"{worst:.1f}"),
                     _("off by up to {worst} points").format(worst=q("max_diff", worst, ".1f", "percentage points")))  # fmt: skip


def figure1_columns(ev: Evidence, choice: str, r: dict[str, str]) -> list[tuple[str, str]]:
    c = ev.figure1_candidates.drop_duplicates("column")
    return [(x, lab) for x, lab in zip(c["column"], c["column_label"], strict=True)]


def decide_publications_internal(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("publications")
    pub = ev.paper("table2", "publications_scopus")
    share = pub[list(ev.cities)].sum() / pub.sum() * 100
    ok = bool(share > s.t("majority_pct"))
    return q.outcome("reproduced" if ok else "not reproduced", share,
                     _("{share}% of the {total} publications of the {n} regions with a number in Table 2").format(
                         share=q("capitals_share", share, ".1f", "%"), total=f"{pub.sum():,.0f}", n=len(pub)))  # fmt: skip


# ------------------------------------------------------------------------------ the 2019 study


def decide_study2019(ev: Evidence, s: Spec) -> Outcome:
    q = Quote("study2019")
    # a choice not made here (weights of a set without PCA) matches any row: the first
    r = _own_time_rows(ev).get(tuple(s.choice(k) for k in OWN_TIME_CHOICES))
    k, n = int(r["named_in_top5"]), int(r["named_total"])
    need = s.t("partly_min")
    verdict = CONSISTENT if k == n else PARTLY if k >= need else INCONSISTENT
    top5 = "; ".join(
        ev.name(x) for x in str(r["top5"]).split("; ")
    )  # (names in English, or KATO codes)
    return q.outcome(verdict, k, _("top five: {regions}; {k} of {n} named regions among them").format(regions=top5, k=k, n=n),
                     _("{k} of {n} named regions in the top five").format(k=q("named_in_top5", k, "d", "regions"), n=n))  # fmt: skip


OWN_TIME_CHOICES = (
    "data_year",
    "territory",
    "indicator_set",
    "normalisation",
    "aggregation",
    "weights",
)


def _own_time_rows(ev: Evidence) -> dict[tuple[str, ...], dict]:
    """Each variant's row by its choices; also under '' for a choice not made (weights of the common set)."""

    def compute() -> dict:
        out: dict[tuple[str, ...], dict] = {}
        for r in ev.own_time.to_dict("records"):
            key = tuple(str(r[k]) for k in OWN_TIME_CHOICES)
            out.setdefault(key, r)
            out.setdefault((*key[:-1], ""), r)
        return out

    return ev.memo(("own_time",), compute)


def own_time_options(ev: Evidence, choice: str, r: dict[str, str]) -> list[tuple[str, str]]:
    def compute() -> list[tuple[str, str]]:
        o = ev.memo(("own_time_text",), lambda: ev.own_time[list(OWN_TIME_CHOICES)].astype(str))
        for k, v in r.items():
            o = o[o[k] == v]
        return [(x, x) for x in dict.fromkeys(o[choice])]

    return ev.memo(("own_time_options", choice, *r.items()), compute)


# ------------------------------------------------------------------------------ registry of the rules

DECIDE: dict[str, Callable[[Evidence, Spec], Outcome]] = {
    "concentration": decide_concentration,
    "leadership": decide_leadership,
    **dict.fromkeys(LEVEL_CLAIMS, decide_level),
    "table1_enterprise_share": decide_enterprise_levels,
    "enterprises_below_3pct": decide_enterprises_below,
    "figure1_shares": decide_figure1,
    "finding2_growth": decide_growth,
    "industrial_regions": decide_industrial,
    "figure2_correlation": decide_correlation,
    "finding3_digital": decide_spread,
    "institutional_asymmetry": decide_spread,
    "tvet_laggards": decide_tvet,
    "periphery_low": decide_most_below,
    "commercialization_low": decide_most_below,
    **dict.fromkeys(["publications_half", "no_publications", "graduate_employment", "online_programmes", "table3_tvet"],
                    decide_not_checkable),
    "t1_equals_t2": decide_t1_equals_t2,
    "figure1_from_tables": decide_figure1_internal,
    "publications_from_table2": decide_publications_internal,
    "study2019_top5": decide_study2019,
}  # fmt: skip


def options_from_data(
    ev: Evidence,
) -> dict[str, Callable[[str, dict[str, str]], list[tuple[str, str]]]]:
    """For every claim with a choice whose options come from the data, the function giving them."""

    def bind(f):
        return lambda choice, r: f(ev, choice, r)

    out = {
        "concentration": bind(concentration_years),
        "figure1_shares": bind(figure1_years),
        "industrial_regions": value_years(ev),
        "figure2_correlation": bind(correlation_ys),
        "figure1_from_tables": bind(figure1_columns),
        **{cid: level_options(ev, cid) for cid in LEVEL_CLAIMS},
    }
    if ev.own_time is not None:
        out["study2019_top5"] = bind(own_time_options)
    return out


# ------------------------------------------------------------------------------ every claim, every specification

NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?")


def numbers_in(texts, known: set[str]) -> list[tuple[str, float]]:
    """Every number written in ``texts`` that ``known`` does not hold already, once each, with its
    value (the words of a verdict are data: each number in them enters the numbers registry)."""
    out, seen = [], set(known)
    for text in texts:
        for t in NUMBER.findall(text or ""):
            if t not in seen:
                seen.add(t)
                out.append((t, float(t.replace(",", "").lstrip("+"))))
    return out


def verdict_tables(claims, ev: Evidence, words: dict[str, str], columns: list[str]):
    """Every claim of ``claims`` (:class:`~kzrd.paper2025.claims.Claims`) decided under every
    specification. Returns (verdicts, numbers, multiverse): the published verdict of each claim by
    the meta-rule with its reference specification's words; every number those words quote, the
    multiverse counts and each threshold's centre; one row per specification."""
    from kzrd.paper2025 import multiverse as M

    missing = [c.id for c in claims.claims if c.id not in DECIDE]
    if missing:
        raise ValueError(f"no decision function for claim(s) {', '.join(missing)}")
    decide = {c.id: (lambda f: lambda s: f(ev, s))(DECIDE[c.id]) for c in claims.claims}
    mv, refs, labels = M.run(claims, decide, options_from_data(ev), words, columns)
    meta = M.meta_rule(mv, claims, columns, labels).set_index("claim_id")
    rows, nums = [], []
    for c in claims.claims:
        m, o = meta.loc[c.id], refs[c.id]
        rows.append(dict(claim_id=c.id, kind=c.kind, section=c.section, title=c.title, claim=c.quote, where=c.where,
                         paraphrased=c.paraphrased, proxy=c.proxy, **c.scope_columns(), verdict=m["verdict"], reference_verdict=m["reference_verdict"],
                         robust=bool(m["robust"]), n_specs=int(m["n_specs"]), n_decided=int(m["n_decided"]), n_agree=int(m["n_agree"]),
                         robustness=m["robustness"], moved_by=m["moved_by"], headline=o.headline, deciding=o.deciding,
                         flip=m["flip"], rule=c.worded(_(c.rule_template))))  # fmt: skip
        nums += [
            dict(claim_id=c.id, id=n.id, value=n.value, unit=n.unit, text=n.text) for n in o.numbers
        ]
        known = {n.text for n in o.numbers}
        words = (o.deciding, o.headline, m["robustness"], m["flip"])
        nums += [dict(claim_id=c.id, id=f"{c.id}_words_{k}", value=v, unit="as in the verdict's words", text=t)
                 for k, (t, v) in enumerate(numbers_in(words, known))]  # fmt: skip
        nums += [dict(claim_id=c.id, id=f"mv_{c.id}_specs", value=float(m["n_decided"]), unit="specifications", text=f"{int(m['n_decided'])}"),
                 dict(claim_id=c.id, id=f"mv_{c.id}_agree", value=float(m["n_agree"]), unit="specifications", text=f"{int(m['n_agree'])}")]  # fmt: skip
        for name, t in c.thresholds.items():
            nums.append(
                dict(
                    claim_id=c.id,
                    id=f"rule_{c.id}_{name}",
                    value=t.value,
                    unit=t.unit,
                    text=f"{t.value:g}",
                )
            )
    verdicts = pd.DataFrame(rows)
    off = verdicts[verdicts["kind"] == "official"]
    checkable = off[off["verdict"] != NOT_CHECKABLE]
    waiting = checkable["verdict"] == PROXY_ONLY
    decided = checkable[~waiting]
    specs = int(mv[mv["claim_id"].isin(checkable["claim_id"])].shape[0])
    for nid, value, unit in (("mv_total_specs", specs, "specifications"), ("claims_checkable", len(checkable), "claims"),
                             ("claims_robust", int(decided["robust"].sum()), "claims"),
                             ("claims_depend", int((~decided["robust"]).sum()), "claims"),
                             ("claims_waiting", int(waiting.sum()), "claims"),
                             ("claims_not_checkable", len(off) - len(checkable), "claims")):  # fmt: skip
        nums.append(dict(claim_id="all", id=nid, value=float(value), unit=unit, text=f"{value:,}"))
    numbers = pd.DataFrame(nums).drop_duplicates("id").reset_index(drop=True)
    return verdicts, numbers, mv
