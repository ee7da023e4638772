rule index_2019:
    """The 2019 study, reconstructed: the regional innovation index, every step an output."""
    input:
        code=code_of("index_2019"),
        framework=config["study2019"]["framework"],
        cross_section=rules.features.output.cross_section,
    output:
        raw="results/index/raw.parquet",
        treated="results/index/treated.parquet",
        normalised="results/index/normalised.parquet",
        missing="results/index/missing.parquet",
        outliers="results/index/outliers.parquet",
        weights=mark("results/index/weights.parquet"),
        scores=mark("results/index/scores.parquet"),
        blocks=mark("results/index/blocks.parquet"),
        correlations="results/index/correlations.parquet",
    log:
        "results/logs/index_2019.log",
    benchmark:
        "results/logs/index_2019.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/index_2019.py"


rule index_2019_own_time:
    """The 2019 index in its own time: on the units and data of config study2019.data_year (the 2022
    cross-section recombined onto those units, and the common indicators of that year) beside today's
    units, under every construction choice; the top five of each variant against the paper's five.
    """
    input:
        **REGISTRY,
        code=code_of("index_2019_own_time"),
        framework=config["study2019"]["framework"],
        own_time=RES["own_time"],
        sources=RES["sources"],
        named=RES["paper_2019_regions"],
        cross_section=rules.features.output.cross_section,
        clean=expand(rules.clean.output.clean, source=own_time_sources()),
    output:
        scores="results/index/own_time.parquet",
        top5="results/index/own_time_top5.parquet",
        grid=mark("results/index/own_time_grid.parquet"),
        cross_sections="results/index/own_time_cross_sections.parquet",
    log:
        "results/logs/index_2019_own_time.log",
    benchmark:
        "results/logs/index_2019_own_time.benchmark.tsv"
    conda:
        ENV
    params:
        data_year=config["study2019"]["data_year"],
        year=config["year"],
        seed=config["study2019"]["seed"],
        replications=config["study2019"]["mc_replications"],
    script:
        "../scripts/index_2019_own_time.py"


rule clusters_2019:
    """Ward and k-means clustering of the regions; the paper's five regions against the index."""
    input:
        **REGISTRY,
        code=code_of("clusters_2019"),
        framework=config["study2019"]["framework"],
        cross_section=rules.features.output.cross_section,
        named=RES["paper_2019_regions"],
    output:
        members=mark("results/clusters/members.parquet"),
        profiles="results/clusters/profiles.parquet",
        silhouette="results/clusters/silhouette.parquet",
        summary="results/clusters/summary.parquet",
        linkage=mark("results/clusters/linkage.parquet"),
        conclusion=mark("results/clusters/paper_conclusion.parquet"),
    log:
        "results/logs/clusters_2019.log",
    benchmark:
        "results/logs/clusters_2019.benchmark.tsv"
    conda:
        ENV
    params:
        seed=config["study2019"]["seed"],
        n_boot=config["study2019"]["n_bootstrap"],
    script:
        "../scripts/clusters_2019.py"


rule mc_chunk:
    """Monte Carlo replications of the index, one chunk of blocks (scatter)."""
    input:
        code=code_of("mc_chunk"),
        framework=config["study2019"]["framework"],
        treated=rules.index_2019.output.treated,
        named=RES["paper_2019_regions"],
    output:
        counts="results/montecarlo/chunk_{chunk}.parquet",
        effects="results/montecarlo/effects_{chunk}.parquet",
    log:
        "results/logs/mc_chunk_{chunk}.log",
    benchmark:
        "results/logs/mc_chunk_{chunk}.benchmark.tsv"
    conda:
        ENV
    threads: resources_of("mc_chunk", "threads")
    resources:
        mem_mb=resources_of("mc_chunk", "mem_mb"),
        runtime=resources_of("mc_chunk", "runtime"),
    params:
        chunks=config["study2019"]["mc_chunks"],
        replications=config["study2019"]["mc_replications"],
        seed=config["study2019"]["seed"],
    script:
        "../scripts/mc_chunk.py"


rule mc_gather:
    """Monte Carlo rank bands (gather): nominal, median and 5-95% ranks, mean rank shift."""
    input:
        code=code_of("mc_gather"),
        framework=config["study2019"]["framework"],
        treated=rules.index_2019.output.treated,
        scores=rules.index_2019.output.scores,
        chunks=expand(
            rules.mc_chunk.output.counts, chunk=range(config["study2019"]["mc_chunks"])
        ),
        effects=expand(
            rules.mc_chunk.output.effects,
            chunk=range(config["study2019"]["mc_chunks"]),
        ),
    output:
        bands=mark("results/montecarlo/rank_bands.parquet"),
        effects=mark("results/montecarlo/choice_effects.parquet"),
    log:
        "results/logs/mc_gather.log",
    benchmark:
        "results/logs/mc_gather.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/mc_gather.py"
