rule clean:
    """Validate one raw table; errors stop the run, warnings are kept for the report, and a value a
    warning finds unusable (a zero for 'not published', an accepted upstream defect) stays missing
    in the clean table with a status saying why."""
    input:
        **REGISTRY,
        code=code_of("clean"),
        raw=rules.download.output.raw,
        # an error names the snapshot's line too (the file a user edits in snapshot mode)
        snapshot=snapshot_of,
    output:
        clean="results/clean/{source}.parquet",
        validation="results/clean/{source}.validation.parquet",
    log:
        "results/logs/clean_{source}.log",
    benchmark:
        "results/logs/clean_{source}.benchmark.tsv"
    conda:
        ENV
    params:
        spec=source_spec,
        mode=config["data_mode"],
    script:
        "../scripts/clean.py"


rule derived_sums:
    """Every year, the regional sums of the levels derived from SDG rates (9-5-1 x GRP, 9-5-2 x
    implied population) against the national row derived the same way, and their findings.
    """
    input:
        **REGISTRY,
        code=code_of("derived_sums"),
        clean=expand(
            rules.clean.output.clean, source=sources_declaring(DERIVED_INDICATORS)
        ),
    output:
        sums=mark("results/clean/derived_sums.parquet"),
        validation="results/clean/derived_sums.validation.parquet",
    log:
        "results/logs/derived_sums.log",
    benchmark:
        "results/logs/derived_sums.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/derived_sums.py"


rule validation:
    """All validation findings in one table: each source's and the derived sums'."""
    input:
        code=code_of("validation"),
        tables=expand(rules.clean.output.validation, source=SOURCES),
        derived=rules.derived_sums.output.validation,
    output:
        mark("results/clean/validation.parquet"),
    log:
        "results/logs/validation.log",
    benchmark:
        "results/logs/validation.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/validation.py"


rule paper_tables:
    """The paper's typed-in Tables 1-3, each printed region checked against the region registry."""
    input:
        **REGISTRY,
        code=code_of("paper_tables"),
        table1=PAPER["table1"],
        table2=PAPER["table2"],
        table3=PAPER["table3"],
    output:
        mark("results/clean/paper_tables.parquet"),
    log:
        "results/logs/paper_tables.log",
    benchmark:
        "results/logs/paper_tables.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/paper_tables.py"
