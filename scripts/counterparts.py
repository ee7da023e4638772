"""Rule counterparts: the paper's Tables 1-3 beside the official values for the same regions."""

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.paper2025.analysis import counterparts
from kzrd.reference.regions import load_registry


def main(smk) -> None:
    out = counterparts(
        read_parquet(smk.input.paper),
        read_parquet(smk.input.cross_section),
        load_registry(smk.input.regions, smk.input.aliases),
    )
    write_parquet(out, smk.output[0], "counterparts")


if __name__ == "__main__":
    run(main, globals())
