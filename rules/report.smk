rule numbers:
    """The registry of every number the report's prose quotes."""
    input:
        code=code("numbers", "regions", "index", "clusters"),
        framework=config["study2019"]["framework"],
        indices="results/analysis/concentration_indices.parquet",
        shares="results/analysis/concentration_shares.parquet",
        correlation="results/analysis/correlation.parquet",
        cross_section="results/features/cross_section.parquet",
        upstream_diff="results/raw/upstream_diff.parquet",
        effects="results/montecarlo/choice_effects.parquet",
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
        code=code(),
    output:
        "results/data_dictionary.md",
    log:
        "results/logs/report/data_dictionary.log",
    conda:
        ENV
    script:
        "../scripts/data_dictionary.py"


rule report_html:
    """Self-contained HTML report (CSS and SVG inline)."""
    input:
        unpack(report_inputs),
        code=code("report", "paper", "sources", "labels"),
        dictionary="results/data_dictionary.md",
    output:
        html="results/report/report.html",
    log:
        "results/logs/report/report_html.log",
    conda:
        ENV
    params:
        target="html",
        mode=config["data_mode"],
        year=config["year"],
        report=config["report"],
        boundaries=map_boundaries(),
    script:
        "../scripts/report.py"


rule report_pdf:
    """PDF report rendered by WeasyPrint from the same template (PNG figures)."""
    input:
        unpack(report_inputs),
        code=code("report", "paper", "sources", "labels"),
        dictionary="results/data_dictionary.md",
    output:
        pdf="results/report/report.pdf",
    log:
        "results/logs/report/report_pdf.log",
    conda:
        ENV
    params:
        target="pdf",
        mode=config["data_mode"],
        year=config["year"],
        report=config["report"],
        boundaries=map_boundaries(),
    script:
        "../scripts/report.py"
