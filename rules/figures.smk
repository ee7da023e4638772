rule figure_concentration:
    """Figure 1: territorial concentration of research activity."""
    input:
        code=code_of("figure"),
        shares="results/analysis/concentration_shares.parquet",
    output:
        svg="results/figures/fig1_concentration.svg",
        png="results/figures/fig1_concentration.png",
    log:
        "results/logs/figures/fig1_concentration.log",
    conda:
        ENV
    params:
        kind="concentration",
        dpi=config["figures"]["dpi"],
        year=config["year"],
    script:
        "../scripts/figure.py"


rule figure_correlation:
    """Figure 2: universities against the official proxy."""
    input:
        code=code_of("figure"),
        stats="results/analysis/correlation.parquet",
        points="results/analysis/figure2_points.parquet",
    output:
        svg="results/figures/fig2_correlation.svg",
        png="results/figures/fig2_correlation.png",
    log:
        "results/logs/figures/fig2_correlation.log",
    conda:
        ENV
    params:
        kind="correlation",
        dpi=config["figures"]["dpi"],
        year=config["year"],
    script:
        "../scripts/figure.py"


rule figure_trends:
    """Figure 3: finding 2 trends."""
    input:
        code=code_of("figure"),
        trends="results/analysis/trends.parquet",
    output:
        svg="results/figures/fig3_trends.svg",
        png="results/figures/fig3_trends.png",
    log:
        "results/logs/figures/fig3_trends.log",
    conda:
        ENV
    params:
        kind="trends",
        dpi=config["figures"]["dpi"],
    script:
        "../scripts/figure.py"


rule figure_digital:
    """Figure 4: official digital series by region (theme of Table 3)."""
    input:
        code=code_of("figure"),
        cross_section="results/features/cross_section.parquet",
    output:
        svg="results/figures/fig4_digital.svg",
        png="results/figures/fig4_digital.png",
    log:
        "results/logs/figures/fig4_digital.log",
    conda:
        ENV
    params:
        kind="digital",
        dpi=config["figures"]["dpi"],
        year=config["year"],
    script:
        "../scripts/figure.py"


rule figure_concentration_time:
    """Figure 5: concentration of R&D resources over time (audit)."""
    input:
        code=code_of("figure"),
        over_time="results/audit/concentration_over_time.parquet",
        bulletin="results/audit/concentration_2022.parquet",
    output:
        svg="results/figures/fig5_concentration_time.svg",
        png="results/figures/fig5_concentration_time.png",
    log:
        "results/logs/figures/fig5_concentration_time.log",
    conda:
        ENV
    params:
        kind="concentration_time",
        dpi=config["figures"]["dpi"],
    script:
        "../scripts/figure.py"


rule figure_index:
    """Figure 6: the 2019 index, indicator heatmap and sub-indices."""
    input:
        code=code_of("figure"),
        normalised="results/index/normalised.parquet",
        scores="results/index/scores.parquet",
        framework=config["study2019"]["framework"],
    output:
        svg="results/figures/fig6_index.svg",
        png="results/figures/fig6_index.png",
    log:
        "results/logs/figures/fig6_index.log",
    conda:
        ENV
    params:
        kind="index",
        dpi=config["figures"]["dpi"],
    script:
        "../scripts/figure.py"


rule figure_dendrogram:
    """Figure 7: Ward dendrogram of the regions."""
    input:
        code=code_of("figure"),
        linkage="results/clusters/linkage.parquet",
        members="results/clusters/members.parquet",
    output:
        svg="results/figures/fig7_dendrogram.svg",
        png="results/figures/fig7_dendrogram.png",
    log:
        "results/logs/figures/fig7_dendrogram.log",
    conda:
        ENV
    params:
        kind="dendrogram",
        dpi=config["figures"]["dpi"],
    script:
        "../scripts/figure.py"


rule figure_rank_bands:
    """Figure 8: Monte Carlo rank bands of the 2019 index."""
    input:
        code=code_of("figure"),
        bands="results/montecarlo/rank_bands.parquet",
        named="resources/paper/study2019_regions.csv",
    output:
        svg="results/figures/fig8_rank_bands.svg",
        png="results/figures/fig8_rank_bands.png",
    log:
        "results/logs/figures/fig8_rank_bands.log",
    conda:
        ENV
    params:
        kind="rank_bands",
        dpi=config["figures"]["dpi"],
    script:
        "../scripts/figure.py"


rule figure_map:
    """Figure 9: the regions by index and by cluster (boundary file configured or fetched online, else a tile grid)."""
    input:
        code=code_of("figure"),
        scores="results/index/scores.parquet",
        members="results/clusters/members.parquet",
        tiles="resources/tilegrid.csv",
        boundaries=map_inputs,
    output:
        svg="results/figures/fig9_map.svg",
        png="results/figures/fig9_map.png",
    log:
        "results/logs/figures/fig9_map.log",
    conda:
        ENV
    params:
        kind="map",
        dpi=config["figures"]["dpi"],
        boundaries=map_boundaries()["shp"],
        attribution=map_boundaries()["attribution"],
    script:
        "../scripts/figure.py"
