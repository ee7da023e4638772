rule index_2019:
    """The 2019 study, reconstructed: the regional innovation index, every step an output."""
    input:
        code=code_of("study2019"),
        framework=config["study2019"]["framework"],
        cross_section="results/features/cross_section.parquet",
    output:
        raw="results/index/raw.parquet",
        treated="results/index/treated.parquet",
        normalised="results/index/normalised.parquet",
        missing="results/index/missing.parquet",
        outliers="results/index/outliers.parquet",
        weights="results/index/weights.parquet",
        scores="results/index/scores.parquet",
        blocks="results/index/blocks.parquet",
        correlations="results/index/correlations.parquet",
    log:
        "results/logs/study2019/index.log",
    conda:
        ENV
    params:
        step="index",
    script:
        "../scripts/study2019.py"


rule clusters_2019:
    """Ward and k-means clustering of the regions; the paper's five regions against the index."""
    input:
        code=code_of("study2019"),
        framework=config["study2019"]["framework"],
        cross_section="results/features/cross_section.parquet",
        named="resources/paper/study2019_regions.csv",
    output:
        members="results/clusters/members.parquet",
        profiles="results/clusters/profiles.parquet",
        silhouette="results/clusters/silhouette.parquet",
        summary="results/clusters/summary.parquet",
        linkage="results/clusters/linkage.parquet",
        conclusion="results/clusters/paper_conclusion.parquet",
    log:
        "results/logs/study2019/clusters.log",
    conda:
        ENV
    params:
        step="clusters",
        seed=config["study2019"]["seed"],
        n_boot=config["study2019"]["n_bootstrap"],
    script:
        "../scripts/study2019.py"


rule mc_chunk:
    """Monte Carlo replications of the index, one chunk of blocks (scatter)."""
    input:
        code=code_of("montecarlo"),
        framework=config["study2019"]["framework"],
        treated="results/index/treated.parquet",
        named="resources/paper/study2019_regions.csv",
    output:
        counts="results/montecarlo/chunk_{chunk}.parquet",
        effects="results/montecarlo/effects_{chunk}.parquet",
    log:
        "results/logs/study2019/mc_chunk_{chunk}.log",
    conda:
        ENV
    params:
        step="chunk",
        chunks=config["study2019"]["mc_chunks"],
        replications=config["study2019"]["mc_replications"],
        seed=config["study2019"]["seed"],
    script:
        "../scripts/montecarlo.py"


rule mc_gather:
    """Monte Carlo rank bands (gather): nominal, median and 5-95% ranks, mean rank shift."""
    input:
        code=code_of("montecarlo"),
        framework=config["study2019"]["framework"],
        treated="results/index/treated.parquet",
        scores="results/index/scores.parquet",
        chunks=expand(
            "results/montecarlo/chunk_{chunk}.parquet",
            chunk=range(config["study2019"]["mc_chunks"]),
        ),
        effects=expand(
            "results/montecarlo/effects_{chunk}.parquet",
            chunk=range(config["study2019"]["mc_chunks"]),
        ),
    output:
        bands="results/montecarlo/rank_bands.parquet",
        effects="results/montecarlo/choice_effects.parquet",
    log:
        "results/logs/study2019/mc_gather.log",
    conda:
        ENV
    params:
        step="gather",
    script:
        "../scripts/montecarlo.py"
