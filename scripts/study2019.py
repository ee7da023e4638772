"""Rules index_2019 and clusters_2019: the reconstructed 2019 index, step by step, and the clustering."""

from pathlib import Path

import pandas as pd

from kzrd.cli import run
from kzrd.clusters import cluster_regions
from kzrd.index import build_index, load_framework
from kzrd.io import read_parquet, write_parquet
from kzrd.regions import default_registry

INDEX_OUTPUTS = {
    "raw": "index_values", "treated": "index_values", "normalised": "index_values", "missing": "index_missing",
    "outliers": "index_outliers", "weights": "index_weights", "scores": "index_scores", "blocks": "index_blocks",
    "correlations": "index_correlations",
}  # fmt: skip


def paper_conclusion(
    scores: pd.DataFrame, members: pd.DataFrame, named: pd.DataFrame
) -> pd.DataFrame:
    registry = default_registry()
    kato = [
        registry.resolve(r, "resources/paper/study2019_regions.csv")
        for r in named["region_printed"]
    ]
    out = scores[["kato", "region", "rank", "index", "group"]].merge(
        members[["kato", "kmeans"]], on="kato", how="left"
    )
    out.insert(2, "named_by_paper", out["kato"].isin(kato))
    out["in_top5"] = out["rank"] <= 5
    return out.sort_values("rank").reset_index(drop=True)


def main(smk) -> None:
    fw = load_framework(Path(smk.input.framework))
    cs = read_parquet(smk.input.cross_section)
    result = build_index(cs, fw)
    if smk.params.step == "index":
        for name, schema in INDEX_OUTPUTS.items():
            write_parquet(result[name], smk.output[name], schema)
        return
    names = cs.set_index("kato")["region"]
    c = cluster_regions(
        result["matrix"], names, seed=int(smk.params.seed), n_boot=int(smk.params.n_boot)
    )
    profiles = c["profiles"].melt(
        id_vars=["cluster", "n_regions"], var_name="indicator", value_name="mean"
    )
    write_parquet(c["members"], smk.output.members, "cluster_members")
    write_parquet(
        profiles.sort_values(["cluster", "indicator"]), smk.output.profiles, "cluster_profiles"
    )
    write_parquet(c["silhouette"], smk.output.silhouette, "cluster_silhouette")
    write_parquet(c["summary"], smk.output.summary, "cluster_summary")
    write_parquet(c["linkage"], smk.output.linkage, "cluster_linkage")
    named = pd.read_csv(smk.input.named, dtype=str)
    write_parquet(
        paper_conclusion(result["scores"], c["members"], named),
        smk.output.conclusion,
        "paper_conclusion",
    )


if __name__ == "__main__":
    run(main, globals())
