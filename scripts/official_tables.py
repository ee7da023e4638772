"""Rule official_tables: the official counterparts of the paper's Tables 1-3 as CSV (all regions)."""

from kzrd.core.io import read_parquet, write_text
from kzrd.core.rule import run
from kzrd.paper2025.audit import official_tables


def main(smk) -> None:
    for name, table in official_tables(read_parquet(smk.input.cross_section)).items():
        write_text(
            smk.output[name], table.to_csv(index=False, float_format="%.6g", lineterminator="\n")
        )


if __name__ == "__main__":
    run(main, globals())
