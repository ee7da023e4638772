"""Rule index_2019: the reconstructed 2019 index, every step (raw, treated, normalised, weights,
scores, blocks, correlations) an output."""

from pathlib import Path

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.study2019.index import INDEX_OUTPUTS, build_index, load_framework


def main(smk) -> None:
    result = build_index(
        read_parquet(smk.input.cross_section), load_framework(Path(smk.input.framework))
    )
    for name, schema in INDEX_OUTPUTS.items():
        write_parquet(result[name], smk.output[name], schema)


if __name__ == "__main__":
    run(main, globals())
