rule concentration:
    """Figure 1: shares of researchers by region and CR2/CR3/HHI, paper against official."""
    input:
        **REGISTRY,
        code=code_of("concentration"),
        cross_section=rules.features.output.cross_section,
        paper=rules.paper_tables.output[0],
        figure1_shares=PAPER["figure1_shares"],
    output:
        shares=mark("results/analysis/concentration_shares.parquet"),
        indices=mark("results/analysis/concentration_indices.parquet"),
    log:
        "results/logs/concentration.log",
    benchmark:
        "results/logs/concentration.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/concentration.py"


rule correlation:
    """Figure 2: universities against the official proxy (Pearson, Spearman, OLS with HC3)."""
    input:
        code=code_of("correlation"),
        cross_section=rules.features.output.cross_section,
    output:
        stats="results/analysis/correlation.parquet",
        points=mark("results/analysis/figure2_points.parquet"),
    log:
        "results/logs/correlation.log",
    benchmark:
        "results/logs/correlation.benchmark.tsv"
    conda:
        ENV
    params:
        x="universities",
        y=FIGURE2_Y,
        y_is_proxy=not ONLINE,
    script:
        "../scripts/correlation.py"


rule trends:
    """Finding 2: 2010-2023 trends of SDG 9-5-1 and 9-5-2 for the trend regions and the nation."""
    input:
        **REGISTRY,
        code=code_of("trends"),
        clean=clean_tables,
    output:
        trends=mark("results/analysis/trends.parquet"),
        slopes=mark("results/analysis/trend_slopes.parquet"),
    log:
        "results/logs/trends.log",
    benchmark:
        "results/logs/trends.benchmark.tsv"
    conda:
        ENV
    params:
        regions=config["trend_regions"],
        years=config["trend_years"],
    script:
        "../scripts/trends.py"


rule counterparts:
    """The paper's Tables 1-3 beside the official values for the same regions."""
    input:
        **REGISTRY,
        code=code_of("counterparts"),
        paper=rules.paper_tables.output[0],
        cross_section=rules.features.output.cross_section,
    output:
        mark("results/analysis/counterparts.parquet"),
    log:
        "results/logs/counterparts.log",
    benchmark:
        "results/logs/counterparts.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/counterparts.py"


rule national_series:
    """National R&D series: SDG 9-5-1 and 9-5-2 beside the World Bank's (online mode)."""
    input:
        code=code_of("national_series"),
        clean=clean_tables,
        api=api_tables,
    output:
        "results/analysis/national_series.parquet",
    log:
        "results/logs/national_series.log",
    benchmark:
        "results/logs/national_series.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/national_series.py"
