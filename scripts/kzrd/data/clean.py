"""Clean: raw observations to the validated tidy table, and the validation checks."""

from __future__ import annotations

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


def validate(
    df: pd.DataFrame, source: str, indicators: dict[str, dict[str, Any]], registry: Registry
) -> pd.DataFrame:
    """All validation findings for one source's observations.

    ``indicators`` is the source's declaration in sources.yaml: per indicator its unit, kind
    (count, percent, rate) and whether regional values add up to the national one.
    """
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
        if spec.get("kind") == "count":
            for r in sub[sub["value"] < 0].itertuples():
                f.append(
                    _finding(
                        source,
                        "negative_count",
                        "error",
                        f"negative count {_n(r.value)} ({_where(r)})",
                        r.kato,
                        ind,
                        r.year,
                    )
                )
        if spec.get("kind") == "percent":
            for r in sub[(sub["value"] < 0) | (sub["value"] > 100)].itertuples():
                f.append(
                    _finding(
                        source,
                        "percent_range",
                        "error",
                        f"percentage {_n(r.value)} outside 0-100 ({_where(r)})",
                        r.kato,
                        ind,
                        r.year,
                    )
                )
        if spec.get("additive"):
            f += _regions_vs_national(sub, df[df["indicator"] == ind], source, ind, successors)
    f += _plausibility(ok, source, indicators)
    # values for a region before it existed (e.g. Abai, Zhetisu, Ulytau before 2022)
    created = registry.created
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
            & every["status"].isin(["confidential", "no_data"])
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
