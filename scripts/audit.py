"""Rule audit: the evidence of every claim. Statistics for few regions, totals, Figure 1 candidates,
concentration, official values in every year, the paper's levels against them, growth under every
window, territory and noise measure, every regional value a claim compares, year alignment."""

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.paper2025 import audit
from kzrd.reference.labels import INDICATOR_LABELS
from kzrd.reference.paper import load_table
from kzrd.reference.regions import NATIONAL, load_registry
from kzrd.reference.sources import load_reference_numbers
from kzrd.stats.correlation import correlation_family


def main(smk) -> None:
    cells = read_parquet(smk.input.paper)
    cs = read_parquet(smk.input.cross_section)
    clean = pd.concat([read_parquet(p) for p in smk.input.clean], ignore_index=True)
    registry = load_registry(smk.input.regions, smk.input.aliases)
    shares_text = load_table(smk.input.figure1_shares, registry)
    refs = load_reference_numbers(smk.input.references)
    p = smk.params
    corr = correlation_family(
        cs[cs["kato"] != NATIONAL],
        list(p.pairs),
        n_resamples=int(p.n_resamples),
        seed=int(p.seed),
        without=tuple(p.cities),
    )
    cal = audit.calendar(cs, clean, registry.created)
    by_year = audit.official_by_year(cs, clean, registry.created, cal, registry.split_from)
    mags = audit.magnitudes(cells, by_year, cs, refs)
    last = min(int(p.trend_years["last"]), cal.last)
    growth = audit.growth(
        read_parquet(smk.input.trends),
        list(p.trend_regions),
        first=int(p.trend_years["first"]),
        last=last,
        before_change=cal.before_change,
    )
    values = audit.regional_values(cs, clean, read_parquet(smk.input.panel), INDICATOR_LABELS)
    o = smk.output
    write_parquet(corr, o.correlations, "audit_correlations")
    write_parquet(audit.totals(cells, cs, clean, refs, cal), o.totals, "audit_totals")
    write_parquet(audit.figure1_candidates(cells, shares_text, cs), o.figure1, "audit_figure1")
    write_parquet(audit.concentration_2022(cs), o.concentration, "audit_concentration")
    write_parquet(
        audit.concentration_over_time(clean, registry.created, cal, registry.split_from),
        o.concentration_time,
        "audit_concentration_time",
    )
    write_parquet(audit.location_quotients(cs), o.lq, "audit_lq")
    write_parquet(by_year, o.by_year, "audit_by_year")
    write_parquet(mags[0], o.magnitude_totals, "audit_magnitude_totals")
    write_parquet(mags[1], o.magnitude_regions, "audit_magnitude_regions")
    write_parquet(growth, o.growth, "audit_growth")
    write_parquet(values, o.values, "audit_values")
    write_parquet(
        audit.year_alignment(by_year, cal, growth, values), o.year_alignment, "audit_year_alignment"
    )


if __name__ == "__main__":
    run(main, globals())
