"""Rule concentration: Figure 1 shares and CR2/CR3/HHI under each basis."""

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.paper2025.analysis import concentration_tables
from kzrd.reference.paper import load_table
from kzrd.reference.regions import load_registry


def main(smk) -> None:
    registry = load_registry(smk.input.regions, smk.input.aliases)
    cells = read_parquet(smk.input.paper)
    paper = {t: cells[cells["table"] == t] for t in ("table1", "table2")}
    paper["figure1_shares"] = load_table(smk.input.figure1_shares, registry)
    shares, indices = concentration_tables(paper, read_parquet(smk.input.cross_section), registry)
    write_parquet(shares, smk.output.shares, "concentration_shares")
    write_parquet(indices, smk.output.indices, "concentration_indices")


if __name__ == "__main__":
    run(main, globals())
