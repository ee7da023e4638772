"""Rule index_2019_own_time: the reconstructed 2019 index in its own time, on the units and the data
of the data year (config study2019.data_year) beside the cross-section year on today's units, under
every construction choice, with the top five of each variant against the 2019 study's five regions."""

import logging
from pathlib import Path

import pandas as pd

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.reference.paper import load_named_2019
from kzrd.reference.regions import load_registry
from kzrd.reference.sources import load_sources
from kzrd.study2019.index import load_framework
from kzrd.study2019.own_time import load_own_time, own_time_tables

log = logging.getLogger("kzrd")


def main(smk) -> None:
    p = smk.params
    framework = load_framework(Path(smk.input.framework))
    sources = load_sources(Path(smk.input.sources))
    registry = load_registry(smk.input.regions, smk.input.aliases)
    tables = own_time_tables(
        cs_now=read_parquet(smk.input.cross_section),
        clean=pd.concat([read_parquet(f) for f in smk.input.clean], ignore_index=True),
        regions=registry.regions,
        named_kato=list(load_named_2019(smk.input.named, registry)["kato"]),
        framework=framework,
        own=load_own_time(Path(smk.input.own_time), framework, sources),
        sources=sources,
        data_year=int(p.data_year),
        year=int(p.year),
        seed=int(p.seed),
        replications=int(p.replications),
    )
    for name, schema in (
        ("scores", "own_time_scores"),
        ("top5", "own_time_top5"),
        ("grid", "own_time_grid"),
        ("cross_sections", "own_time_cross_sections"),
    ):
        write_parquet(tables[name], smk.output[name], schema)
    for g in tables["grid"].itertuples(index=False):
        state = (
            f"{g.n_units} units, {g.variants_all_named} of {g.variants} variants with the named "
            f"five in the top five, Monte Carlo share {g.mc_named_top5_share:.4f}"
            if g.built
            else "not built"
        )
        log.info("%s, %s, %s set: %s; %s", g.data_year, g.territory, g.indicator_set, state, g.note)


if __name__ == "__main__":
    run(main, globals())
