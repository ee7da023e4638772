rule download:
    """Verify the snapshot (or fetch upstream in online mode) and write the raw tidy table."""
    input:
        code=code("parsers", "regions", "sources", "fetch"),
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
    script:
        "../scripts/download.py"
