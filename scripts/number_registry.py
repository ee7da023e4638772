"""Rule number_registry: the registry of the numbers the report's prose quotes (results/report/numbers.json)."""

from pathlib import Path

from kzrd.core.io import read_parquet, write_text
from kzrd.core.rule import run
from kzrd.present.numbers import build_registry, to_json
from kzrd.reference.regions import load_registry
from kzrd.study2019.clusters import N_INIT
from kzrd.study2019.index import load_framework


def main(smk) -> None:
    i = smk.input
    registry = build_registry(
        read_parquet(i.indices), read_parquet(i.shares), read_parquet(i.correlation), read_parquet(i.cross_section),
        read_parquet(i.upstream_diff), len(load_registry(smk.input.regions, smk.input.aliases).current),
        framework=load_framework(Path(i.framework)), n_init=N_INIT, effects=read_parquet(i.effects),
        verdict_numbers=read_parquet(i.verdict_numbers), derived_sums=read_parquet(i.derived_sums),
    )  # fmt: skip
    write_text(smk.output[0], to_json(registry))


if __name__ == "__main__":
    run(main, globals())
