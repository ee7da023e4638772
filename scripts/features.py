"""Rule features: the region x year panel, the cross-section and the variable definitions."""

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.data.features import build_cross_section, build_panel, variables_table
from kzrd.reference.regions import load_registry


def regions_param(value) -> list[str] | None:
    return None if value in (None, "all") else list(value)


def main(smk) -> None:
    tables = [*smk.input.clean, *(smk.input.get("api") or [])]
    clean = pd.concat([read_parquet(p) for p in tables], ignore_index=True)
    registry = load_registry(smk.input.regions, smk.input.aliases)
    regions = regions_param(smk.params.regions)
    panel = build_panel(clean, registry, regions)
    cs = build_cross_section(panel, clean, registry, int(smk.params.year), regions)
    write_parquet(panel, smk.output.panel, "panel")
    write_parquet(cs, smk.output.cross_section, "cross_section")
    write_parquet(variables_table(), smk.output.variables, "variables")


if __name__ == "__main__":
    run(main, globals())
