rule download:
    """Verify the snapshot (or fetch upstream in online mode) and write the raw tidy table."""
    input:
        **REGISTRY,
        code=code_of("download"),
        snapshot=snapshot_of,
    output:
        raw="results/raw/{source}.parquet",
        diff="results/raw/{source}.diff.parquet",
    log:
        "results/logs/download_{source}.log",
    benchmark:
        "results/logs/download_{source}.benchmark.tsv"
    conda:
        ENV
    params:
        spec=source_spec,
        sha256=snapshot_sha256,
        sums=RES["sums"],  # where the checksum comes from, for messages (read at load time)
        sources=SOURCES,
        mode=config["data_mode"],
        online=config["online"],
        cache="results/cache",
    script:
        "../scripts/download.py"


rule upstream_diff:
    """Every value that differs between upstream and the shipped snapshots (empty in snapshot mode)."""
    input:
        code=code_of("upstream_diff"),
        diffs=expand(rules.download.output.diff, source=SOURCES),
    output:
        "results/raw/upstream_diff.parquet",
    log:
        "results/logs/upstream_diff.log",
    benchmark:
        "results/logs/upstream_diff.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/upstream_diff.py"


rule fetch_api:
    """Online mode only: World Bank and Taldau API series (no snapshot is shipped for them)."""
    input:
        **REGISTRY,
        code=code_of("fetch_api"),
        sources=RES["sources"],
    output:
        raw="results/raw/{api}.parquet",
    log:
        "results/logs/fetch_api_{api}.log",
    benchmark:
        "results/logs/fetch_api_{api}.benchmark.tsv"
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
            **REGISTRY,
            code=code_of("fetch_boundaries"),
            sources=RES["sources"],
        output:
            **boundary_outputs(fetched_boundaries()),
        log:
            "results/logs/fetch_boundaries.log",
        benchmark:
            "results/logs/fetch_boundaries.benchmark.tsv"
        conda:
            ENV
        params:
            boundaries=fetched_boundaries(),
            online=config["online"],
        script:
            "../scripts/fetch_boundaries.py"
