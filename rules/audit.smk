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
        panel=rules.features.output.panel,
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
        growth=mark("results/audit/growth.parquet"),
        values=mark("results/audit/regional_values.parquet"),
        year_alignment=mark("results/audit/year_alignment.parquet"),
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
        pairs=audit_pairs(ONLINE),
        n_resamples=config["audit"]["n_resamples"],
        seed=config["audit"]["seed"],
        cities=config["audit"]["cities"],
        trend_regions=config["trend_regions"],
        trend_years=config["trend_years"],
    script:
        "../scripts/audit.py"


rule verdicts:
    """Every claim of resources/claims.yaml under every specification (the multiverse), and its
    published verdict by the meta-rule."""
    input:
        **REGISTRY,
        code=code_of("verdicts"),
        claims=RES["claims"],
        paper=rules.paper_tables.output[0],
        figure1_shares=PAPER["figure1_shares"],
        cross_section=rules.features.output.cross_section,
        values=rules.audit.output.values,
        by_year=rules.audit.output.by_year,
        magnitude_totals=rules.audit.output.magnitude_totals,
        magnitude_regions=rules.audit.output.magnitude_regions,
        growth=rules.audit.output.growth,
        correlations=rules.audit.output.correlations,
        figure1=rules.audit.output.figure1,
        own_time=rules.index_2019_own_time.output.top5,
    output:
        verdicts=mark("results/audit/verdicts.parquet"),
        numbers="results/audit/verdict_numbers.parquet",
        multiverse=mark("results/audit/multiverse.parquet"),
    log:
        "results/logs/verdicts.log",
    benchmark:
        "results/logs/verdicts.benchmark.tsv"
    conda:
        ENV
    params:
        claims=config["claims"],
        cities=config["audit"]["cities"],
        trend_regions=config["trend_regions"],
        year=config["year"],
        study_year=config["study2019"]["data_year"],
    script:
        "../scripts/verdicts.py"


rule verdicts_translated:
    """The verdicts and the multiverse of rule verdicts with their words composed in another
    language of the documents (config report.languages): the same decisions, read by the
    documents in that language."""
    input:
        **rules.verdicts.input,
        catalogue=src("resources/locale/{lang}.po"),
    output:
        verdicts="results/audit/verdicts.{lang}.parquet",
        multiverse="results/audit/multiverse.{lang}.parquet",
    log:
        "results/logs/verdicts.{lang}.log",
    benchmark:
        "results/logs/verdicts.{lang}.benchmark.tsv"
    wildcard_constraints:
        lang="ru|kk",
    conda:
        ENV
    params:
        **rules.verdicts.params,
    script:
        "../scripts/verdicts.py"


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
