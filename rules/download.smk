rule download:
    """Verify the snapshot (or fetch upstream in online mode) and write the raw tidy table."""
    input:
        code=code_of("download"),
        snapshot="resources/snapshots/{source}.csv",
        sums="resources/snapshots/SHA256SUMS",
        sources="resources/sources.yaml",
    output:
        raw="results/raw/{source}.parquet",
        diff="results/raw/{source}.diff.parquet",
    log:
        "results/logs/download/{source}.log",
    conda:
        ENV
    params:
        mode=config["data_mode"],
        online=config["online"],
        cache="results/cache",
    script:
        "../scripts/download.py"


rule upstream_diff:
    """Every value that differs between upstream and the shipped snapshots (empty in snapshot mode)."""
    input:
        code=code_of("upstream_diff"),
        diffs=expand("results/raw/{source}.diff.parquet", source=SOURCES),
    output:
        "results/raw/upstream_diff.parquet",
    log:
        "results/logs/download/upstream_diff.log",
    conda:
        ENV
    script:
        "../scripts/upstream_diff.py"


rule fetch_api:
    """Online mode only: World Bank and Taldau API series (no snapshot is shipped for them)."""
    input:
        code=code_of("fetch_api"),
        sources="resources/sources.yaml",
    output:
        raw="results/raw/{api}.parquet",
    log:
        "results/logs/download/{api}.log",
    conda:
        ENV
    params:
        online=config["online"],
        figure2=config["figure2"],
    script:
        "../scripts/fetch_api.py"


if fetched_boundaries():

    rule fetch_boundaries:
        """Online mode: the pinned boundary shapefile of the 2019 study's map, every file verified."""
        input:
            code=code_of("fetch_boundaries"),
            sources="resources/sources.yaml",
        output:
            **boundary_outputs(fetched_boundaries()),
        log:
            "results/logs/download/boundaries.log",
        conda:
            ENV
        params:
            boundaries=fetched_boundaries(),
            online=config["online"],
        script:
            "../scripts/fetch_boundaries.py"
