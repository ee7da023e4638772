rule index_2019:
    """The 2019 study, reconstructed: the regional innovation index, every step an output."""
    input:
        code=code("index", "regions"),
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
        code=code("index", "clusters", "regions"),
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
