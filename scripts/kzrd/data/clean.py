"""Clean: raw observations to the validated tidy table, and the validation checks."""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from kzrd.reference.regions import NATIONAL, Registry

VALIDATION_COLUMNS = ["source", "check", "severity", "kato", "indicator", "year", "message"]
# Regional sums may differ from the national row by rounding; above this relative gap it is reported.
SUM_TOLERANCE = 0.005
# Plausibility (unit slips): a value this many times above or below its yardstick (the national row,
# the same series' other years) is an error, not a finding. A slip of thousands (persons vs thousand
# persons, KZT vs thousand KZT) is a factor of 1,000. In the shipped files a rate or share stays within
# 80 times its national value (the widest: researchers per million) and every value within 50 times
# the median of its series' other years (broadband subscriptions of small regions).
SLIP_FACTOR = 200.0
# An additive count of one region above the national total by more than this is an error.
REGION_OVER_NATIONAL = 1.05
# A published 0 stands for 'not published' (status not_published in the clean table, finding
# zero_not_published) when the same region's series never comes near zero otherwise: its smallest
# non-zero value is at least this many of the series' published rounding steps, so the 0 cannot be a
# small value rounded down (0.0 after 27.1 in a one-decimal series is 271 steps away). The rounded-down
# zeros of the shipped files lie within 4 steps of their region's other values (Atyrau's R&D intensity,
# 0.04-0.10 before 0.00). A value before its region was created has its own check (before_creation).
ZERO_STEPS = 10
# Year-to-year jumps (finding year_jump, a warning): a region's value this many times above or below
# its value of the previous published year, both values at least ZERO_STEPS rounding steps from zero
# (so that the rounding of values near zero makes no jump). The shipped files' largest steady moves
# stay below it; it flags e.g. Astana's manufacturing share 4.1 -> 22.9 (SDG 9-2-1, 2018-2019).
JUMP_FACTOR = 3.0
# Statuses the clean table gives a published value that must not be used, by the check whose warning
# says why (the snapshot keeps the value as printed). A check listed in a source's `accept`
# (resources/sources.yaml) is a warning with its reason instead of an error.
UNUSABLE = {
    "zero_not_published": "not_published",
    "percent_range": "out_of_range",
    "negative_count": "out_of_range",
    "negative_rate": "out_of_range",
}


def _n(value: float, sign: bool = False) -> str:
    """A value as a reader reads it in a message: 1,836,040 or 0.12, never 1.83604e+06."""
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.6g}"
    return ("+" + text) if sign and value >= 0 else text


def _finding(
    source: str,
    check: str,
    severity: str,
    message: str,
    kato: str = "",
    indicator: str = "",
    year: int = -1,
) -> dict[str, Any]:
    return dict(
        source=source,
        check=check,
        severity=severity,
        kato=kato,
        indicator=indicator,
        year=int(year),
        message=message,
    )


def validation_frame(findings: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(findings, columns=VALIDATION_COLUMNS)
    for col in VALIDATION_COLUMNS:
        df[col] = df[col].astype("int64" if col == "year" else "string")
    return df.sort_values(
        ["severity", "source", "check", "indicator", "kato", "year"], kind="stable"
    ).reset_index(drop=True)


def published_step(values: pd.Series) -> float:
    """The rounding step of a published series: 10^-d for the most decimals any value shows
    (0.05 and 0.1 -> 0.01; 487.0 -> 1)."""
    decimals = 0
    for v in values:
        text = repr(float(v))
        if "e" in text:  # a tiny or huge value: no decimal grid to read
            return float("nan")
        frac = text.split(".")[1].rstrip("0")
        decimals = max(decimals, len(frac))
    return 10.0**-decimals


def validate(
    df: pd.DataFrame,
    source: str,
    indicators: dict[str, dict[str, Any]],
    registry: Registry,
    accept: dict[str, str] | None = None,
) -> pd.DataFrame:
    """All validation findings for one source's observations.

    ``indicators`` is the source's declaration in sources.yaml: per indicator its unit, kind
    (count, percent, rate) and whether regional values add up to the national one. ``accept`` (the
    source's ``accept``) maps a check on one value (percent_range, negative_count, negative_rate) to the reason its
    findings are known upstream defects: they are then warnings quoting it, not errors.
    """
    accept = accept or {}

    def severity(check: str) -> tuple[str, str]:
        if check in accept:
            return "warning", f"; not used (accepted in resources/sources.yaml: {accept[check]})"
        return "error", ""

    f: list[dict[str, Any]] = []
    regions = registry.regions.set_index("kato")
    # unknown regions and undeclared indicators
    for kato in sorted(set(df["kato"]) - set(regions.index)):
        f.append(
            _finding(
                source,
                "unknown_region",
                "error",
                f"region code {kato} is not in the registry",
                kato,
            )
        )
    for ind in sorted(set(df["indicator"]) - set(indicators)):
        f.append(
            _finding(
                source,
                "unknown_indicator",
                "error",
                f"indicator {ind} is not declared in sources.yaml",
                indicator=ind,
            )
        )
    # duplicate keys
    key = ["kato", "indicator", "year"]
    dups = df[df.duplicated(key, keep=False)]
    for (kato, ind, year), grp in dups.groupby(key, sort=True):
        values = ", ".join(
            f"{_n(v)} (row {r})" for v, r in zip(grp["value"], grp["row"], strict=True)
        )
        f.append(
            _finding(
                source,
                "duplicate_key",
                "error",
                f"{len(grp)} rows for {kato} {ind} {year}: {values}",
                kato,
                ind,
                year,
            )
        )
    ok = df[df["status"] == "ok"]
    successors = {k: v.split(";") for k, v in regions["successor_kato"].items() if v}
    for ind, spec in indicators.items():
        sub = ok[ok["indicator"] == ind]
        if spec.get("kind") in ("count", "rate"):  # neither a count nor a rate per head is negative
            check = f"negative_{spec['kind']}"
            level, note = severity(check)
            for r in sub[sub["value"] < 0].itertuples():
                f.append(
                    _finding(
                        source,
                        check,
                        level,
                        f"negative {spec['kind']} {_n(r.value)} ({_where(r)}){note}",
                        r.kato,
                        ind,
                        r.year,
                    )
                )
        if spec.get("kind") == "percent":
            level, note = severity("percent_range")
            for r in sub[(sub["value"] < 0) | (sub["value"] > 100)].itertuples():
                f.append(
                    _finding(
                        source,
                        "percent_range",
                        level,
                        f"percentage {_n(r.value)} outside 0-100 ({_where(r)}){note}",
                        r.kato,
                        ind,
                        r.year,
                    )
                )
        if spec.get("additive"):
            f += _regions_vs_national(sub, df[df["indicator"] == ind], source, ind, successors)
    created = registry.created
    f += _unpublished_zeros(ok, source, indicators, created)
    # the plausibility checks read only the values the clean table keeps
    usable = ok.drop(index=_named(ok, [x for x in f if x["check"] in UNUSABLE]))
    f += _plausibility(usable, source, indicators)
    f += _jumps(usable, source, indicators)
    # values for a region before it existed (e.g. Abai, Zhetisu, Ulytau before 2022)
    for r in ok.itertuples():
        y0 = created.get(r.kato)
        if y0 is not None and r.year < y0 and r.kato != NATIONAL:
            f.append(
                _finding(
                    source,
                    "before_creation",
                    "warning",
                    f"value {_n(r.value)} for {r.year}, before the region was created in {y0} (row {r.row})",
                    r.kato,
                    r.indicator,
                    r.year,
                )
            )
    return validation_frame(f)


def _named(df: pd.DataFrame, findings: list[dict[str, Any]]) -> pd.Index:
    """Index labels of the rows of ``df`` that the findings name by (kato, indicator, year)."""
    keys = {(x["kato"], x["indicator"], x["year"]) for x in findings}
    hit = [
        (k, i, int(y)) in keys
        for k, i, y in zip(df["kato"], df["indicator"], df["year"], strict=True)
    ]
    return df.index[hit]


def usable_table(df: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The clean table: the observations with every value a (non-error) finding of a check in
    :data:`UNUSABLE` names set missing, its status saying why (the finding gives the reason)."""
    out = df.copy()
    for check, status in UNUSABLE.items():
        hits = findings[(findings["check"] == check) & (findings["severity"] != "error")]
        idx = _named(out, hits.to_dict("records"))
        out.loc[idx, "value"] = float("nan")
        out.loc[idx, "status"] = status
    return out


def _unpublished_zeros(
    ok: pd.DataFrame, source: str, indicators: dict[str, dict[str, Any]], created: dict[str, int]
) -> list[dict[str, Any]]:
    """A published 0 that cannot be a rounded value (:data:`ZERO_STEPS`): not published, not used."""
    out = []
    for ind in indicators:
        sub = ok[(ok["indicator"] == ind) & ok["value"].notna()]
        if not (sub["value"] == 0).any():
            continue
        step = published_step(sub["value"])
        for kato, series in sub.groupby("kato", sort=True):
            nonzero = series.loc[series["value"] != 0, "value"].abs()
            if nonzero.empty or not float(nonzero.min()) >= ZERO_STEPS * step:
                continue
            low = float(nonzero.min())
            for r in series[series["value"] == 0].sort_values("year").itertuples():
                if r.year < created.get(kato, 0):
                    continue
                out.append(
                    _finding(
                        source,
                        "zero_not_published",
                        "warning",
                        f"value 0 ({_where(r)}) where the region's other years never come near zero "
                        f"(the smallest is {_n(low)}, {low / step:,.0f} rounding steps of {step:g}): "
                        "read as not published on this territory, not as a value",
                        kato,
                        ind,
                        r.year,
                    )
                )
    return out


def _jumps(ok: pd.DataFrame, source: str, indicators: dict[str, dict[str, Any]]) -> list:
    """Year-to-year jumps of :data:`JUMP_FACTOR` or more between a region's consecutive published
    values (warnings naming both years and the cell)."""
    out = []
    for ind in indicators:
        sub = ok[(ok["indicator"] == ind) & ok["value"].notna()]
        if sub.empty:
            continue
        step = published_step(sub["value"])
        floor = ZERO_STEPS * step if step == step else 0.0  # no decimal grid: no floor
        for kato, series in sub.groupby("kato", sort=True):
            for prev, r in itertools.pairwise(series.sort_values("year").itertuples()):
                low, high = sorted((prev.value, r.value))
                if not low >= floor or low <= 0 or high / low < JUMP_FACTOR:
                    continue
                ratio = r.value / prev.value
                out.append(
                    _finding(
                        source,
                        "year_jump",
                        "warning",
                        f"value {_n(r.value)} ({_where(r)}) is {ratio:.3g} times the value "
                        f"{_n(prev.value)} of {prev.year}; a change of {JUMP_FACTOR:g} times or more "
                        "from one published year to the next is suspect",
                        kato,
                        ind,
                        r.year,
                    )
                )
    return out


def _where(r: Any) -> str:
    """The upstream cell of an observation, as a reader finds it (the row alone if untraced)."""
    if not hasattr(r, "file"):
        return f"row {r.row}"
    sheet = f", sheet {r.sheet}" if getattr(r, "sheet", "") else ""
    return f"{r.file}{sheet}, row {r.row}, column {r.column}"


def _plausibility(ok: pd.DataFrame, source: str, indicators: dict[str, dict[str, Any]]) -> list:
    """Unit slips: each value against the national row of its year and against the same series'
    other years (median); a factor of :data:`SLIP_FACTOR` or more is an error naming the cell."""
    out = []
    for ind, spec in indicators.items():
        sub = ok[(ok["indicator"] == ind) & ok["value"].notna()]
        if sub.empty:
            continue
        national = sub[sub["kato"] == NATIONAL].set_index("year")["value"]
        for r in sub[sub["kato"] != NATIONAL].itertuples():
            nat = national.get(r.year)
            if nat is None or pd.isna(nat) or nat <= 0 or r.value <= 0:
                continue
            where = f" ({_where(r)})"
            if spec.get("additive") and r.value > nat * REGION_OVER_NATIONAL:
                out.append(
                    _finding(
                        source,
                        "unit_slip",
                        "error",
                        f"value {_n(r.value)}{where} exceeds the national total {_n(nat)}; "
                        "expected at most the national total (a unit slip?)",
                        r.kato,
                        ind,
                        r.year,
                    )
                )
            elif not spec.get("additive") and not 1 / SLIP_FACTOR < r.value / nat < SLIP_FACTOR:
                out.append(
                    _finding(
                        source,
                        "unit_slip",
                        "error",
                        f"value {_n(r.value)}{where} is {r.value / nat:.3g} times the national "
                        f"value {_n(nat)}; expected between {_n(nat / SLIP_FACTOR)} and "
                        f"{_n(nat * SLIP_FACTOR)} (a unit slip?)",
                        r.kato,
                        ind,
                        r.year,
                    )
                )
        for kato, series in sub.groupby("kato", sort=True):
            if len(series) < 3:
                continue
            for r in series.itertuples():
                others = series.loc[series.index != r.Index, "value"]
                median = float(others.median())
                if median <= 0 or r.value <= 0:
                    continue
                if not 1 / SLIP_FACTOR < r.value / median < SLIP_FACTOR:
                    where = f" ({_where(r)})"
                    out.append(
                        _finding(
                            source,
                            "unit_slip",
                            "error",
                            f"value {_n(r.value)}{where} is {r.value / median:.3g} times the "
                            f"median {_n(median)} of the series' other years; expected between "
                            f"{_n(median / SLIP_FACTOR)} and {_n(median * SLIP_FACTOR)} "
                            "(a unit slip?)",
                            kato,
                            ind,
                            r.year,
                        )
                    )
    return out


def _regions_vs_national(
    ok: pd.DataFrame, every: pd.DataFrame, source: str, ind: str, successors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Regional sums against the national row, year by year, on the regional base the file gives.

    Where a file gives a historical unit (South Kazakhstan) and, recomputed, all its successors
    (Turkistan, Shymkent) for the same year, only the successors are summed.
    """
    out = []
    for year, grp in ok.groupby("year", sort=True):
        national = grp.loc[grp["kato"] == NATIONAL, "value"]
        if national.empty:
            continue
        regional = grp[grp["kato"] != NATIONAL]
        present = set(regional["kato"])
        doubled = [h for h, succ in successors.items() if h in present and set(succ) <= present]
        regional = regional[~regional["kato"].isin(doubled)]
        missing = every[
            (every["year"] == year)
            & (every["kato"] != NATIONAL)
            & every["status"].isin(["confidential", "no_data", "not_in_file"])
        ]
        total, nat = float(regional["value"].sum()), float(national.iloc[0])
        gap = total - nat
        if nat and abs(gap) / abs(nat) > SUM_TOLERANCE:
            note = (
                f"; {len(missing)} regional value(s) not published ({', '.join(sorted(set(missing['status'])))})"
                if len(missing)
                else ""
            )
            out.append(
                _finding(
                    source,
                    "regions_vs_national",
                    "warning",
                    f"sum of {len(regional)} regional values {_n(total)} differs from the national row "
                    f"{_n(nat)} by {_n(gap, sign=True)} ({gap / nat:+.1%}){note}",
                    NATIONAL,
                    ind,
                    year,
                )
            )
    return out


def errors(validation: pd.DataFrame) -> pd.DataFrame:
    return validation[validation["severity"] == "error"]
