# Included after every rule that writes a Parquet file (PARQUET lists them all at parse time).
PARQUET = parquet_outputs()


rule csv_export:
    """Every Parquet output as a CSV for a spreadsheet (results/csv/<path>.csv, every value as
    stored; the data appendix links each file to it and previews its first rows), and an HTML view
    of each table Snakemake's report shows (results/csv/<path>.html, marked for the report).
    """
    input:
        code=code_of("csv_export"),
        parquet=PARQUET,
    output:
        csv=[csv_path(p) for p in PARQUET],
        views=[mark_view(p) for p in PARQUET if p in REVIEW],
    log:
        "results/logs/csv_export.log",
    benchmark:
        "results/logs/csv_export.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/csv_export.py"


rule run_config:
    """The configuration this run used (config.yaml, or a module's config, over the schema's defaults,
    with any --config or --configfile on top), as YAML: what `make crate` records as the run's
    configuration."""
    input:
        code=code_of("run_config"),
    output:
        "results/config.yaml",
    log:
        "results/logs/run_config.log",
    benchmark:
        "results/logs/run_config.benchmark.tsv"
    conda:
        ENV
    params:
        config=config,
    script:
        "../scripts/run_config.py"
