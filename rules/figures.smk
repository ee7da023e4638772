rule figure:
    """Draw one figure of the exhibit registry (resources/exhibits.yaml) as SVG (HTML), PNG (PDF) and a narrow SVG for phones."""
    input:
        unpack(figure_inputs),
        code=code_of("figure"),
    output:
        svg=mark("results/figures/{figure}.svg"),
        png="results/figures/{figure}.png",
        narrow="results/figures/{figure}.narrow.svg",
    log:
        "results/logs/figure_{figure}.log",
    benchmark:
        "results/logs/figure_{figure}.benchmark.tsv"
    wildcard_constraints:
        figure="|".join(FIGURES),
    conda:
        ENV
    params:
        figure=figure_params,
        dpi=config["figures"]["dpi"],
    script:
        "../scripts/figure.py"
