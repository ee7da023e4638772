"""Rule paper_tables: the paper's typed-in Tables 1-3 as one checked Parquet table."""

from kzrd.cli import run
from kzrd.io import write_parquet
from kzrd.paper import cells, load_paper
from kzrd.regions import default_registry


def main(smk) -> None:
    write_parquet(cells(load_paper(default_registry())), smk.output[0], "paper_cells")


if __name__ == "__main__":
    run(main, globals())
