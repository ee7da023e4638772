"""Rule counterparts: the paper's Tables 1-3 beside the official values for the same regions."""

from kzrd.analysis import counterparts
from kzrd.cli import run
from kzrd.io import read_parquet, write_parquet
from kzrd.regions import default_registry


def main(smk) -> None:
    out = counterparts(
        read_parquet(smk.input.paper), read_parquet(smk.input.cross_section), default_registry()
    )
    write_parquet(out, smk.output[0], "counterparts")


if __name__ == "__main__":
    run(main, globals())
