rule clean:
    """Validate one raw table; errors stop the run, warnings are kept for the report."""
    input:
        code=code_of("clean"),
        raw="results/raw/{source}.parquet",
        sources="resources/sources.yaml",
        regions="resources/regions.csv",
        aliases="resources/region_aliases.csv",
    output:
        clean="results/clean/{source}.parquet",
        validation="results/clean/{source}.validation.parquet",
    log:
        "results/logs/clean/{source}.log",
    conda:
        ENV
    script:
        "../scripts/clean.py"


rule validation:
    """All validation findings in one table."""
    input:
        code=code_of("validation"),
        tables=expand("results/clean/{source}.validation.parquet", source=SOURCES),
    output:
        "results/clean/validation.parquet",
    log:
        "results/logs/clean/validation.log",
    conda:
        ENV
    script:
        "../scripts/validation.py"


rule paper_tables:
    """The paper's typed-in Tables 1-3, checked against the region registry."""
    input:
        code=code_of("paper_tables"),
        tables=expand(
            "resources/paper/{table}.csv", table=["table1", "table2", "table3"]
        ),
        meta="resources/paper/tables.yaml",
    output:
        "results/clean/paper_tables.parquet",
    log:
        "results/logs/clean/paper_tables.log",
    conda:
        ENV
    script:
        "../scripts/paper_tables.py"
