rule numbers:
    """The registry of every number the report's prose quotes."""
    input:
        code=code_of("number_registry"),
        framework=config["study2019"]["framework"],
        indices="results/analysis/concentration_indices.parquet",
        shares="results/analysis/concentration_shares.parquet",
        correlation="results/analysis/correlation.parquet",
        cross_section="results/features/cross_section.parquet",
        upstream_diff="results/raw/upstream_diff.parquet",
        effects="results/montecarlo/choice_effects.parquet",
        verdict_numbers=rules.audit.output.verdict_numbers,
    output:
        "results/report/numbers.json",
    log:
        "results/logs/report/numbers.log",
    conda:
        ENV
    script:
        "../scripts/number_registry.py"


rule data_dictionary:
    """Readable data dictionary of every Parquet output."""
    input:
        "schemas/outputs.yaml",
        code=code_of("data_dictionary"),
    output:
        "results/data_dictionary.md",
    log:
        "results/logs/report/data_dictionary.log",
    conda:
        ENV
    script:
        "../scripts/data_dictionary.py"


rule report_html:
    """Self-contained HTML documents (CSS and SVG inline): main report, supplement, data appendix."""
    input:
        unpack(report_inputs),
        code=code_of("report"),
    output:
        html="results/report/{doc}.html",
    log:
        "results/logs/report/report_html_{doc}.log",
    wildcard_constraints:
        doc="report|supplement|data",
    conda:
        ENV
    params:
        target="html",
        mode=config["data_mode"],
        year=config["year"],
        report=config["report"],
        boundaries=map_boundaries(),
        commit=pipeline_commit(),
        output_rules=output_rules,
    script:
        "../scripts/report.py"


rule report_pdf:
    """PDF of the main report and the supplement, rendered by WeasyPrint from the same templates (PNG figures)."""
    input:
        unpack(report_inputs),
        code=code_of("report"),
    output:
        pdf="results/report/{doc}.pdf",
    log:
        "results/logs/report/report_pdf_{doc}.log",
    wildcard_constraints:
        doc="report|supplement",
    conda:
        ENV
    params:
        target="pdf",
        mode=config["data_mode"],
        year=config["year"],
        report=config["report"],
        boundaries=map_boundaries(),
        commit=pipeline_commit(),
        output_rules=output_rules,
    script:
        "../scripts/report.py"
