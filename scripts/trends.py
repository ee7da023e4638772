"""Rule trends: finding 2, SDG 9-5-1 and 9-5-2 for the trend regions against the nation."""

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.paper2025.analysis import trend_slopes, trends
from kzrd.reference.regions import load_registry


def main(smk) -> None:
    clean = pd.concat([read_parquet(p) for p in smk.input.clean], ignore_index=True)
    years = smk.params.years
    tr = trends(
        clean,
        load_registry(smk.input.regions, smk.input.aliases),
        list(smk.params.regions),
        int(years["first"]),
        int(years["last"]),
    )
    write_parquet(tr, smk.output.trends, "trends")
    write_parquet(trend_slopes(tr), smk.output.slopes, "trend_slopes")


if __name__ == "__main__":
    run(main, globals())
