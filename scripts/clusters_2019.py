"""Rule clusters_2019: Ward and k-means clusters of the regions on the 2019 index's indicators, and
the regions the 2019 paper names beside the index."""

from pathlib import Path

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.reference.paper import load_named_2019
from kzrd.reference.regions import load_registry
from kzrd.study2019.clusters import cluster_regions, paper_conclusion
from kzrd.study2019.index import build_index, load_framework


def main(smk) -> None:
    cs = read_parquet(smk.input.cross_section)
    result = build_index(cs, load_framework(Path(smk.input.framework)))
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
    registry = load_registry(smk.input.regions, smk.input.aliases)
    kato = list(load_named_2019(smk.input.named, registry)["kato"])
    write_parquet(
        paper_conclusion(result["scores"], c["members"], kato),
        smk.output.conclusion,
        "paper_conclusion",
    )


if __name__ == "__main__":
    run(main, globals())
