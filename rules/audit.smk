rule audit:
    """Reproducibility audit: the paper's claims against its own tables and official statistics."""
    input:
        **REGISTRY,
        code=code_of("audit"),
        paper=rules.paper_tables.output[0],
        figure1_shares=PAPER["figure1_shares"],
        cross_section=rules.features.output.cross_section,
        clean=clean_tables,
        trends=rules.trends.output.trends,
        references=RES["references"],
    output:
        correlations=mark("results/audit/correlations.parquet"),
        totals="results/audit/totals.parquet",
        figure1=mark("results/audit/figure1_candidates.parquet"),
        concentration=mark("results/audit/concentration_2022.parquet"),
        concentration_time=mark("results/audit/concentration_over_time.parquet"),
        lq=mark("results/audit/location_quotients.parquet"),
        by_year=mark("results/audit/official_by_year.parquet"),
        magnitude_totals=mark("results/audit/magnitude_totals.parquet"),
        magnitude_regions=mark("results/audit/magnitude_regions.parquet"),
        enterprise_bases=mark("results/audit/enterprise_bases.parquet"),
        leaders="results/audit/leaders.parquet",
        growth=mark("results/audit/growth.parquet"),
        digital=mark("results/audit/digital_spread.parquet"),
        year_alignment=mark("results/audit/year_alignment.parquet"),
        verdicts=mark("results/audit/verdicts.parquet"),
        verdict_numbers="results/audit/verdict_numbers.parquet",
    log:
        "results/logs/audit.log",
    benchmark:
        "results/logs/audit.benchmark.tsv"
    conda:
        ENV
    threads: resources_of("audit", "threads")
    resources:
        mem_mb=resources_of("audit", "mem_mb"),
        runtime=resources_of("audit", "runtime"),
    params:
        pairs=audit_pairs(FIGURE2_Y),
        n_resamples=config["audit"]["n_resamples"],
        seed=config["audit"]["seed"],
        cities=config["audit"]["cities"],
        trend_regions=config["trend_regions"],
    script:
        "../scripts/audit.py"


rule official_tables:
    """The official counterparts of Tables 1-3 for all regions, as CSV."""
    input:
        code=code_of("official_tables"),
        cross_section=rules.features.output.cross_section,
    output:
        table1="results/tables/table1_official.csv",
        table2="results/tables/table2_official.csv",
        table3="results/tables/table3_official.csv",
    log:
        "results/logs/official_tables.log",
    benchmark:
        "results/logs/official_tables.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/official_tables.py"
