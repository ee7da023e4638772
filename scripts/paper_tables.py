"""Rule paper_tables: the paper's typed-in Tables 1-3 as one checked Parquet table."""

from kzrd.core.io import write_parquet
from kzrd.core.rule import run
from kzrd.reference.paper import cells, load_table
from kzrd.reference.regions import load_registry


def main(smk) -> None:
    registry = load_registry(smk.input.regions, smk.input.aliases)
    tables = {t: load_table(smk.input[t], registry) for t in ("table1", "table2", "table3")}
    write_parquet(cells(tables), smk.output[0], "paper_cells")


if __name__ == "__main__":
    run(main, globals())
