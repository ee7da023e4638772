"""Rule mc_chunk (scatter): one chunk of the Monte Carlo over the 2019 index's construction choices."""

from pathlib import Path

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.reference.paper import load_named_2019
from kzrd.study2019 import montecarlo as mc
from kzrd.study2019.index import load_framework


def main(smk) -> None:
    p = smk.params
    treated, stack, block_of, nominal = mc.prepare(
        read_parquet(smk.input.treated), load_framework(Path(smk.input.framework))
    )
    blocks = mc.blocks_of_chunk(int(p.replications), int(p.chunks), int(smk.wildcards.chunk))
    named = load_named_2019(smk.input.named)["kato"]
    counts, effects = mc.chunk_tables(treated, stack, block_of, nominal, int(p.seed), blocks, named)
    write_parquet(counts, smk.output.counts, "mc_counts")
    write_parquet(effects, smk.output.effects, "mc_effects")


if __name__ == "__main__":
    run(main, globals())
