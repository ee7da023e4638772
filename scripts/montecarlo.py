"""Rules mc_chunk (scatter) and mc_gather: Monte Carlo rank bands of the reconstructed 2019 index."""

from pathlib import Path

import numpy as np
import pandas as pd

from kzrd import montecarlo as mc
from kzrd.cli import run
from kzrd.index import load_framework
from kzrd.io import read_parquet, write_parquet

EFFECT_COLUMNS = ["choice", "value", "replications", "top_set_kept", "share_kept"]


def inputs(treated_path, framework_path):
    fw = load_framework(Path(framework_path))
    ids = [i["id"] for i in fw["indicators"]]
    treated = (
        read_parquet(treated_path)
        .pivot(index="kato", columns="indicator", values="value")[ids]
        .dropna()
    )
    polarity = np.array([i["polarity"] for i in fw["indicators"]], float)
    block_of = np.array([i["block"] for i in fw["indicators"]])
    nominal = np.array([1 / (block_of == b).sum() for b in block_of])
    return treated, mc.normalised_stack(treated.to_numpy(), polarity), block_of, nominal


def chunk(smk, treated, stack, block_of, nominal) -> None:
    p = smk.params
    n_blocks = int(p.replications) // mc.BLOCK
    mine = [b for b in range(n_blocks) if b % int(p.chunks) == int(smk.wildcards.chunk)]
    counts = mc.run_blocks(stack, block_of, nominal, int(p.seed), mine)
    n = len(treated)
    counts = counts if counts is not None else np.zeros((n, n), dtype=np.int64)
    rows = [
        dict(kato=k, rank=r + 1, count=int(counts[i, r]))
        for i, k in enumerate(treated.index)
        for r in range(n)
    ]
    write_parquet(
        pd.DataFrame(rows, columns=["kato", "rank", "count"]), smk.output.counts, "mc_counts"
    )
    named = pd.read_csv(smk.input.named, dtype=str)["kato"]
    target = np.flatnonzero(treated.index.isin(named))
    effects = (
        mc.choice_effects(
            stack, block_of, nominal, int(p.seed), mine, target, list(treated.columns)
        )
        if mine
        else pd.DataFrame(columns=EFFECT_COLUMNS)
    )
    write_parquet(effects, smk.output.effects, "mc_effects")


def gather(smk, treated) -> None:
    counts = (
        pd.concat([read_parquet(f) for f in smk.input.chunks])
        .groupby(["kato", "rank"], as_index=False)["count"]
        .sum()
    )
    wide = (
        counts.pivot(index="kato", columns="rank", values="count")
        .reindex(treated.index)
        .fillna(0)
        .to_numpy(dtype=np.int64)
    )
    scores = read_parquet(smk.input.scores).set_index("kato").loc[treated.index]
    bands = mc.rank_bands(
        wide, list(treated.index), list(scores["region"]), scores["rank"].to_numpy()
    )
    write_parquet(
        bands.sort_values("nominal_rank").reset_index(drop=True), smk.output.bands, "mc_bands"
    )
    effects = (
        pd.concat([read_parquet(f) for f in smk.input.effects])
        .groupby(["choice", "value"], as_index=False)[["replications", "top_set_kept"]]
        .sum()
    )
    effects["share_kept"] = effects["top_set_kept"] / effects["replications"]
    write_parquet(effects, smk.output.effects, "mc_effects")


def main(smk) -> None:
    treated, stack, block_of, nominal = inputs(smk.input.treated, smk.input.framework)
    if smk.params.step == "chunk":
        chunk(smk, treated, stack, block_of, nominal)
    else:
        gather(smk, treated)


if __name__ == "__main__":
    run(main, globals())
