"""Rule mc_gather: the Monte Carlo chunks together, as rank bands and choice effects."""

from pathlib import Path

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.study2019 import montecarlo as mc
from kzrd.study2019.index import load_framework


def main(smk) -> None:
    treated, *_ = mc.prepare(
        read_parquet(smk.input.treated), load_framework(Path(smk.input.framework))
    )
    bands, effects = mc.gather_tables(
        treated,
        pd.concat([read_parquet(f) for f in smk.input.chunks]),
        pd.concat([read_parquet(f) for f in smk.input.effects]),
        read_parquet(smk.input.scores),
    )
    write_parquet(bands, smk.output.bands, "mc_bands")
    write_parquet(effects, smk.output.effects, "mc_effects")


if __name__ == "__main__":
    run(main, globals())
