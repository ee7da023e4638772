"""Rule national_series: SDG national R&D series beside the World Bank's (online mode)."""

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.paper2025.analysis import national_series


def main(smk) -> None:
    tables = [*smk.input.clean, *(smk.input.get("api") or [])]
    clean = pd.concat([read_parquet(p) for p in tables], ignore_index=True)
    write_parquet(national_series(clean), smk.output[0], "national_series")


if __name__ == "__main__":
    run(main, globals())
