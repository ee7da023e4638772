rule figure:
    """Draw one figure of the exhibit registry (resources/exhibits.yaml) as SVG (HTML), PNG (PDF) and a narrow SVG for phones, in English and in each other language of config report.languages."""
    input:
        unpack(figure_inputs),
        code=code_of("figure"),
        # the words of the figure in the other languages, and the region names of the registry
        catalogues=[src(f"resources/locale/{c}.po") for c in translations()],
        i18n_regions=RES["regions"],
    output:
        **translated_figures(),
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
