rule number_registry:
    """The registry of every number the report's prose quotes."""
    input:
        **REGISTRY,
        code=code_of("number_registry"),
        framework=config["study2019"]["framework"],
        indices=rules.concentration.output.indices,
        shares=rules.concentration.output.shares,
        correlation=rules.correlation.output.stats,
        cross_section=rules.features.output.cross_section,
        upstream_diff=rules.upstream_diff.output[0],
        effects=rules.mc_gather.output.effects,
        verdict_numbers=rules.verdicts.output.numbers,
        derived_sums=rules.derived_sums.output.sums,
    output:
        mark("results/report/numbers.json"),
    log:
        "results/logs/number_registry.log",
    benchmark:
        "results/logs/number_registry.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/number_registry.py"


rule data_dictionary:
    """Readable data dictionary of every Parquet output."""
    input:
        code=code_of("data_dictionary"),
        schemas=RES["schemas"],
    output:
        "results/data_dictionary.md",
    log:
        "results/logs/data_dictionary.log",
    benchmark:
        "results/logs/data_dictionary.benchmark.tsv"
    conda:
        ENV
    script:
        "../scripts/data_dictionary.py"


rule report_html:
    """Self-contained HTML documents (CSS and SVG inline): main report, supplement (each in every
    language of config report.languages: report.html, report.ru.html, …), data appendix.
    """
    input:
        unpack(report_inputs),
        code=code_of("report_html"),
    output:
        html=mark("results/report/{doc}.html"),
    log:
        "results/logs/report_html_{doc}.log",
    benchmark:
        "results/logs/report_html_{doc}.benchmark.tsv"
    wildcard_constraints:
        doc=f"{DOCUMENT_NAMES}|data",
    conda:
        ENV
    params:
        mode=config["data_mode"],
        online_baseline=config["online"]["baseline"],
        year=config["year"],
        report=config["report"],
        cities=config["audit"]["cities"],
        trend_regions=config["trend_regions"],
        claims=config["claims"],
        boundaries=map_boundaries(),
        commit=pipeline_commit(),
        output_rules=output_rules,
    script:
        "../scripts/report_html.py"


rule report_pdf:
    """PDF of the main report and the supplement, rendered by WeasyPrint from the same templates (PNG figures)."""
    input:
        unpack(report_inputs),
        code=code_of("report_pdf"),
    output:
        pdf=mark("results/report/{doc}.pdf"),
    log:
        "results/logs/report_pdf_{doc}.log",
    benchmark:
        "results/logs/report_pdf_{doc}.benchmark.tsv"
    wildcard_constraints:
        doc=DOCUMENT_NAMES,
    conda:
        ENV
    threads: resources_of("report_pdf", "threads")
    resources:
        mem_mb=resources_of("report_pdf", "mem_mb"),
        runtime=resources_of("report_pdf", "runtime"),
    params:
        mode=config["data_mode"],
        online_baseline=config["online"]["baseline"],
        year=config["year"],
        report=config["report"],
        cities=config["audit"]["cities"],
        trend_regions=config["trend_regions"],
        claims=config["claims"],
        boundaries=map_boundaries(),
        commit=pipeline_commit(),
        output_rules=output_rules,
    script:
        "../scripts/report_pdf.py"


if ONLINE:

    rule snapshot_baseline:
        """Online mode: the key results of the same configuration from the snapshots, from the
        finished run of config key online.baseline or run in a scratch copy."""
        input:
            unpack(baseline_inputs),
            code=code_of("snapshot_baseline"),
        output:
            numbers="results/compare/snapshot/numbers.json",
            verdicts="results/compare/snapshot/verdicts.parquet",
        log:
            "results/logs/snapshot_baseline.log",
        benchmark:
            "results/logs/snapshot_baseline.benchmark.tsv"
        conda:
            ENV
        threads: workflow.cores
        script:
            "../scripts/snapshot_baseline.py"

    rule online_comparison:
        """Online mode: every verdict and registry number that differs from the snapshot run."""
        input:
            code=code_of("online_comparison"),
            snapshot_numbers=rules.snapshot_baseline.output.numbers,
            snapshot_verdicts=rules.snapshot_baseline.output.verdicts,
            numbers=rules.number_registry.output[0],
            verdicts=rules.verdicts.output.verdicts,
        output:
            "results/compare/online_vs_snapshot.parquet",
        log:
            "results/logs/online_comparison.log",
        benchmark:
            "results/logs/online_comparison.benchmark.tsv"
        conda:
            ENV
        script:
            "../scripts/online_comparison.py"
