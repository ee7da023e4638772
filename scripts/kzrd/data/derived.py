"""Regional levels derived from the SDG rates, and whether their regional sums give the national row.

R&D expenditure = SDG 9-5-1 (% of GRP) x GRP (BNS); FTE researchers = SDG 9-5-2 (FTE per million)
x the average annual population implied by BNS GRP / GRP per capita (for the year after the shipped
population count, the count of 1 January). The audit (:mod:`kzrd.paper2025.audit`) reads the same
levels; :func:`derived_sums` checks, year by year, that the regions add up to the nation on them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kzrd.data.clean import _finding, validation_frame
from kzrd.reference.regions import NATIONAL

POPULATION_BASIS = "average annual population implied by BNS: GRP / GRP per capita"

# The derived series: name -> (unit, formula, the SDG source of its rate).
SERIES = {
    "rd_expenditure_sdg_x_grp": (
        "billion KZT",
        "SDG 9-5-1 (% of GRP) / 100 x GRP (million KZT) / 1,000",
        "sdg_9_5_1",
    ),
    "researchers_sdg_x_population": (
        "FTE researchers",
        "SDG 9-5-2 (FTE per million) x population / 1,000,000, the population implied by GRP / GRP "
        "per capita (for the year after the population count, the count of 1 January)",
        "sdg_9_5_2",
    ),
}
# The indicators of the clean tables the derivation reads (the rule reads the sources declaring them).
INDICATORS = (
    "rd_expenditure_pct_grp",
    "researchers_per_million",
    "grp",
    "grp_per_capita",
    "population",
)
# |gap| between a year's derived regional sum and the national row derived the same way, in % of the
# national row, above which the year is a warning (at or below it: info), per series, with the reason
# every finding quotes. Both reasons are the rounding of the published rates, at its worst (every
# region and the national row rounded the same way): a gap within it may be rounding, one beyond it
# is not.
SUM_TOLERANCE_PCT = {
    "researchers_sdg_x_population": (
        0.5,
        "SDG 9-5-2 is published to 1 FTE per million on a national 600-800: its rounding moves the "
        "regional sum and the national row by 0.15% at most together, the population's (GRP per "
        "capita to 0.1 thousand KZT, or the count itself) by far less",
    ),
    "rd_expenditure_sdg_x_grp": (
        8.5,
        "SDG 9-5-1 is published to 0.01% of GRP on a national 0.12-0.17%: the national row's "
        "rounding alone moves it by up to 4.2% (0.005 / 0.12), the regions' together by as much "
        "again (8.3% at most, in the years of a national 0.12)",
    ),
}
SUM_COLUMNS = ["series", "year", "unit", "n_regions", "regional_sum", "national", "gap_pct"]


def implied_population(grp: pd.Series, grp_per_capita: pd.Series) -> pd.Series:
    """Average annual population implied by two BNS series, indexed like them by (kato, year).

    BNS divides GRP by the average annual population to publish GRP per capita, so
    GRP (million KZT) / GRP per capita (thousand KZT per inhabitant) x 1,000 gives that population
    back (to the rounding of the published per-capita value). Only where both are published."""
    both = pd.concat({"grp": grp, "pc": grp_per_capita}, axis=1).dropna()
    both = both[both["pc"] > 0]
    return (both["grp"] / both["pc"] * 1e3).rename("population")


def on_units_of_their_year(
    series: pd.Series, created: dict[str, int], split_from: dict[str, str]
) -> pd.Series:
    """An additive series by (kato, year) on the units of each year.

    Where the series gives a unit split off from a region that goes on existing (``split_from``:
    part -> region) a value for a year before the part was created, the region's value of that year
    covers only what is left of it after the split: BNS GRP gives Abai, Zhetisu and Ulytau for 2021,
    and East Kazakhstan's 2021 GRP falls by Abai's. The region of that year is then the sum of both
    (published additive values, summed), and the part's row is dropped, so that GRP is on the same
    units as the SDG rates and the GRP per capita it is combined with."""
    out = series.copy()
    for (kato, year), value in series.items():
        region = split_from.get(kato)
        if region is not None and year < created.get(kato, 0) and (region, year) in out.index:
            out[(region, year)] += value
            out = out.drop((kato, year))
    return out


def sdg_levels(ok: pd.DataFrame, created: dict[str, int] | None = None,
               split_from: dict[str, str] | None = None) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:  # fmt: skip
    """From validated observations, by (kato, year): SDG 9-5-1 (% of GRP), GRP (million KZT; on the
    units of each year, :func:`on_units_of_their_year`, where the registry's ``created`` and
    ``split_from`` are given), SDG 9-5-2 (FTE per million) and the population implied by GRP / GRP
    per capita."""

    def series(ind: str) -> pd.Series:
        rows = ok[ok["indicator"] == ind].drop_duplicates(["kato", "year"])
        return rows.set_index(["kato", "year"])["value"]

    grp = series("grp")
    if split_from:
        grp = on_units_of_their_year(grp, created or {}, split_from)
    return (
        series("rd_expenditure_pct_grp"),
        grp,
        series("researchers_per_million"),
        implied_population(grp, series("grp_per_capita")),
    )


def derived_levels(ok: pd.DataFrame, created: dict[str, int] | None = None,
                   split_from: dict[str, str] | None = None) -> pd.Series:  # fmt: skip
    """The derived levels of :data:`SERIES`, by (series, kato, year), wherever both the rate and its
    base are published (``ok``: observations with status ok). The population is the one implied by
    GRP / GRP per capita; for the year after the shipped population count (1 January of the next
    year), where no implied population exists, the count itself."""
    rd, grp, res, pop = sdg_levels(ok, created, split_from)
    counted = ok[ok["indicator"] == "population"]
    if len(counted):
        count_year = int(counted["year"].max())
        first = counted[counted["year"] == count_year].drop_duplicates("kato")
        on_1_january = pd.Series(
            first["value"].to_numpy(),
            index=pd.MultiIndex.from_arrays(
                [first["kato"].to_numpy(), np.full(len(first), count_year + 1)],
                names=["kato", "year"],
            ),
        )
        pop = pd.concat([pop, on_1_january[~on_1_january.index.isin(pop.index)]])
    expenditure = (rd / 100 * grp.reindex(rd.index) / 1e3).dropna()
    researchers = (res * pop.reindex(res.index) / 1e6).dropna()
    out = pd.concat(
        {"rd_expenditure_sdg_x_grp": expenditure, "researchers_sdg_x_population": researchers},
        names=["series", "kato", "year"],
    )
    return out.rename("value").sort_index()


def exists(kato: str, year: int, created: dict[str, int], ended: dict[str, int]) -> bool:
    """Whether a unit existed in ``year``: from the year it was created (registry ``year_created``)
    and before the year its successors were (``ended``, e.g. South Kazakhstan until 2017)."""
    return created.get(kato, 0) <= year < ended.get(kato, 10_000)


def derived_sums(
    clean: pd.DataFrame,
    created: dict[str, int],
    ended: dict[str, int] | None = None,
    split_from: dict[str, str] | None = None,
) -> pd.DataFrame:
    """For every derived series of :data:`SERIES` and every year: the sum of its regional values over
    the units that existed that year (:func:`exists`; a region created in year Y counts from Y, a
    historical one until its successors were created) against the national row derived the same way.

    Columns: series, year, unit, n_regions (the values summed), regional_sum, national (missing where
    the national row cannot be derived), gap_pct = (regional_sum - national) / national x 100."""
    ended = ended or {}
    levels = derived_levels(clean[clean["status"] == "ok"], created, split_from).reset_index()
    rows = []
    for (series, year), g in levels.groupby(["series", "year"], sort=True):
        year = int(year)
        national = g.loc[g["kato"] == NATIONAL, "value"]
        here = [k != NATIONAL and exists(k, year, created, ended) for k in g["kato"]]
        regional = g.loc[here, "value"]
        nat = float(national.iloc[0]) if len(national) else np.nan
        total = float(regional.sum())
        rows.append(
            dict(
                series=series,
                year=year,
                unit=SERIES[series][0],
                n_regions=len(regional),
                regional_sum=total,
                national=nat,
                gap_pct=(total - nat) / nat * 100 if nat else np.nan,
            )
        )
    out = pd.DataFrame(rows, columns=SUM_COLUMNS)
    out["n_regions"] = out["n_regions"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out


def sum_findings(
    sums: pd.DataFrame,
    tolerance: dict[str, tuple[float, str]] | None = None,
) -> pd.DataFrame:
    """One validation finding per series and year of :func:`derived_sums` with a national row: a
    warning where |gap_pct| exceeds the series' tolerance (default :data:`SUM_TOLERANCE_PCT`:
    series -> (% of the national row, reason)), info otherwise, each quoting the reason."""
    tolerance = SUM_TOLERANCE_PCT if tolerance is None else tolerance
    f: list[dict[str, Any]] = []
    for r in sums.dropna(subset=["national"]).itertuples(index=False):
        unit, _formula, source = SERIES[r.series]
        limit, reason = tolerance[r.series]
        above = abs(r.gap_pct) > limit
        f.append(
            _finding(
                source,
                "derived_regions_vs_national",
                "warning" if above else "info",
                f"{r.series} ({unit}): the sum of {r.n_regions} regional values "
                f"{r.regional_sum:,.1f} differs from the national row derived the same way "
                f"{r.national:,.1f} by {r.regional_sum - r.national:+,.1f} ({r.gap_pct:+.2f}%), "
                f"{'beyond' if above else 'within'} the tolerance of ±{limit:g}% ({reason})",
                NATIONAL,
                r.series,
                r.year,
            )
        )
    return validation_frame(f)
