"""Rule validation: gather the findings of every clean table and of the derived sums into
results/clean/validation.parquet."""

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.data.clean import validation_frame


def main(smk) -> None:
    frames = [read_parquet(p) for p in [*smk.input.tables, smk.input.derived]]
    merged = pd.concat(frames, ignore_index=True) if frames else validation_frame([])
    write_parquet(validation_frame(merged.to_dict("records")), smk.output[0], "validation")


if __name__ == "__main__":
    run(main, globals())
