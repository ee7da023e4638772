"""Rule features: the region x year panel, the cross-section and the variable definitions."""

import pandas as pd

from kzrd.cli import run
from kzrd.features import build_cross_section, build_panel, variables_table
from kzrd.io import read_parquet, write_parquet
from kzrd.regions import default_registry


def regions_param(value) -> list[str] | None:
    return None if value in (None, "all") else list(value)


def main(smk) -> None:
    tables = [*smk.input.clean, *(smk.input.get("api") or [])]
    clean = pd.concat([read_parquet(p) for p in tables], ignore_index=True)
    registry = default_registry()
    regions = regions_param(smk.params.regions)
    panel = build_panel(clean, registry, regions)
    cs = build_cross_section(panel, clean, registry, int(smk.params.year), regions)
    write_parquet(panel, smk.output.panel, "panel")
    write_parquet(cs, smk.output.cross_section, "cross_section")
    write_parquet(variables_table(), smk.output.variables, "variables")


if __name__ == "__main__":
    run(main, globals())
