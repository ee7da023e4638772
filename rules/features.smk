rule features:
    """Region x year panel, cross-section of the analysis year, variable definitions."""
    input:
        **REGISTRY,
        code=code_of("features"),
        clean=clean_tables,
        api=api_tables,
    output:
        panel="results/features/panel.parquet",
        cross_section=mark("results/features/cross_section.parquet"),
        variables="results/features/variables.parquet",
    log:
        "results/logs/features.log",
    benchmark:
        "results/logs/features.benchmark.tsv"
    conda:
        ENV
    params:
        year=config["year"],
        regions=config["regions"],
    script:
        "../scripts/features.py"
