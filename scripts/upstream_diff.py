"""Rule upstream_diff: all per-source differences between upstream and the snapshots in one table."""

import logging

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run

log = logging.getLogger("upstream_diff")


def main(smk) -> None:
    merged = pd.concat([read_parquet(p) for p in smk.input.diffs], ignore_index=True)
    merged = merged.sort_values(["source", "kato", "indicator", "year"]).reset_index(drop=True)
    log.info("%d value(s) differ from the shipped snapshots", len(merged))
    write_parquet(merged, smk.output[0], "upstream_diff")


if __name__ == "__main__":
    run(main, globals())
