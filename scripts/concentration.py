"""Rule concentration: Figure 1 shares and CR2/CR3/HHI under each basis."""

from kzrd.analysis import concentration_tables
from kzrd.cli import run
from kzrd.io import read_parquet, write_parquet
from kzrd.paper import load_paper
from kzrd.regions import default_registry


def main(smk) -> None:
    registry = default_registry()
    shares, indices = concentration_tables(
        load_paper(registry), read_parquet(smk.input.cross_section), registry
    )
    write_parquet(shares, smk.output.shares, "concentration_shares")
    write_parquet(indices, smk.output.indices, "concentration_indices")


if __name__ == "__main__":
    run(main, globals())
