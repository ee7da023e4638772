"""Rule csv_export: a CSV copy of every Parquet output, and an HTML view of those Snakemake's report shows."""

from kzrd.core.rule import run
from kzrd.present.export import write_exports


def main(smk) -> None:
    write_exports(list(smk.input.parquet), list(smk.output.views))


if __name__ == "__main__":
    run(main, globals())
