"""Rule audit: statistics for few regions, totals, Figure 1 candidates, concentration, verdicts."""

import pandas as pd

from kzrd import audit
from kzrd.cli import run
from kzrd.io import read_parquet, write_parquet
from kzrd.paper import load_paper
from kzrd.regions import default_registry
from kzrd.stats import correlation_family


def main(smk) -> None:
    cells = read_parquet(smk.input.paper)
    cs = read_parquet(smk.input.cross_section)
    clean = pd.concat([read_parquet(p) for p in smk.input.clean], ignore_index=True)
    shares_text = load_paper(default_registry())["figure1_shares"]
    refs = pd.read_csv(smk.input.references, dtype={"id": str})
    p = smk.params
    corr = correlation_family(cs, list(p.pairs), n_resamples=int(p.n_resamples), seed=int(p.seed))
    tot = audit.totals(cells, cs, clean, refs)
    fig1 = audit.figure1_candidates(cells, shares_text, cs)
    verdicts = audit.verdicts(cells, shares_text, cs, tot, fig1, read_parquet(smk.input.slopes),
                              read_parquet(smk.input.trends), corr)  # fmt: skip
    o = smk.output
    write_parquet(corr, o.correlations, "audit_correlations")
    write_parquet(tot, o.totals, "audit_totals")
    write_parquet(fig1, o.figure1, "audit_figure1")
    write_parquet(audit.concentration_2022(cs), o.concentration, "audit_concentration")
    write_parquet(
        audit.concentration_over_time(clean, default_registry().created),
        o.concentration_time,
        "audit_concentration_time",
    )
    write_parquet(audit.location_quotients(cs), o.lq, "audit_lq")
    write_parquet(verdicts, o.verdicts, "audit_verdicts")


if __name__ == "__main__":
    run(main, globals())
