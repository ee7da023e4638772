rule audit:
    """Reproducibility audit: the paper's claims against its own tables and official statistics."""
    input:
        code=code_of("audit"),
        paper="results/clean/paper_tables.parquet",
        cross_section="results/features/cross_section.parquet",
        clean=clean_tables,
        trends="results/analysis/trends.parquet",
        slopes="results/analysis/trend_slopes.parquet",
        references="resources/external/national_references.csv",
    output:
        correlations="results/audit/correlations.parquet",
        totals="results/audit/totals.parquet",
        figure1="results/audit/figure1_candidates.parquet",
        concentration="results/audit/concentration_2022.parquet",
        concentration_time="results/audit/concentration_over_time.parquet",
        lq="results/audit/location_quotients.parquet",
        by_year="results/audit/official_by_year.parquet",
        magnitude_totals="results/audit/magnitude_totals.parquet",
        magnitude_regions="results/audit/magnitude_regions.parquet",
        enterprise_bases="results/audit/enterprise_bases.parquet",
        leaders="results/audit/leaders.parquet",
        growth="results/audit/growth.parquet",
        digital="results/audit/digital_spread.parquet",
        year_alignment="results/audit/year_alignment.parquet",
        verdicts="results/audit/verdicts.parquet",
        verdict_numbers="results/audit/verdict_numbers.parquet",
    log:
        "results/logs/audit/audit.log",
    conda:
        ENV
    params:
        pairs=AUDIT_PAIRS,
        n_resamples=config["audit"]["n_resamples"],
        seed=config["audit"]["seed"],
        trend_regions=config["trend_regions"],
    script:
        "../scripts/audit.py"


rule official_tables:
    """The official counterparts of Tables 1-3 for all regions, as CSV."""
    input:
        code=code_of("official_tables"),
        cross_section="results/features/cross_section.parquet",
    output:
        table1="results/tables/table1_official.csv",
        table2="results/tables/table2_official.csv",
        table3="results/tables/table3_official.csv",
    log:
        "results/logs/audit/official_tables.log",
    conda:
        ENV
    script:
        "../scripts/official_tables.py"
