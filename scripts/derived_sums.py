"""Rule derived_sums: the regional sums of the SDG-derived levels against the national row, every year."""

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.data.derived import derived_sums, sum_findings
from kzrd.reference.regions import load_registry


def main(smk) -> None:
    clean = pd.concat([read_parquet(p) for p in smk.input.clean], ignore_index=True)
    registry = load_registry(smk.input.regions, smk.input.aliases)
    sums = derived_sums(clean, registry.created, registry.ended, registry.split_from)
    write_parquet(sums, smk.output.sums, "derived_sums")
    write_parquet(sum_findings(sums), smk.output.validation, "validation")


if __name__ == "__main__":
    run(main, globals())
