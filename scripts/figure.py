"""Rule figure: draw one figure of the exhibit registry as SVG (HTML report) and PNG (PDF report),
and a narrow SVG for phones (output ``narrow``).

The registry entry names the drawing function (its ``code``) and the inputs it reads (``inputs``)."""

from kzrd.core import yamlfile
from kzrd.core.io import read_parquet
from kzrd.core.rule import run
from kzrd.present import figures
from kzrd.reference.labels import TREND_LABELS
from kzrd.reference.paper import load_named_2019

# Figure 2's y axis: the official proxy (snapshot mode) or the true variable (online mode).
FIGURE2_Y = {
    True: (
        "Researchers (FTE) per million inhabitants (SDG 9-5-2, {year})",
        "PROXY: the paper's y variable (share of employment in technical sectors) is not in the shipped data; "
        "y here is the official proxy researchers (FTE) per million inhabitants, SDG 9-5-2. "
        "Sources: BNS, Higher education in the Republic of Kazakhstan (2022), p. 3; BNS via SDG platform, indicator 9-5-2.",
    ),
    False: (
        "Employment in technical sectors (% of employed, Taldau, {year})",
        "y: employed persons in the sections of config figure2.technical_sections / all employed persons, "
        "BNS Taldau index 702840, fetched online. Sources: BNS, Higher education in the Republic of Kazakhstan (2022), p. 3; BNS Taldau.",
    ),
}


def draw(kind: str, inputs, params, narrow: bool = False):
    if kind == "figure_concentration":
        return figures.figure_concentration(
            read_parquet(inputs.shares), int(params["year"]), narrow=narrow
        )
    if kind == "figure_correlation":
        stats = read_parquet(inputs.stats).iloc[0]
        y_label, note = FIGURE2_Y[bool(stats["y_is_proxy"])]
        return figures.figure_correlation(
            read_parquet(inputs.points),
            stats,
            figures.correlation_row(read_parquet(inputs.correlations), stats),
            list(params["cities"]),
            f"Higher-education organisations (BNS, {params['year']})",
            y_label.format(year=params["year"]),
            note,
            narrow=narrow,
        )
    if kind == "figure_trends":
        rule, k = figures.growth_rule(
            read_parquet(inputs.growth),
            read_parquet(inputs.multiverse),
            read_parquet(inputs.numbers),
        )
        return figures.figure_trends(
            read_parquet(inputs.trends), TREND_LABELS, rule, k, narrow=narrow
        )
    if kind == "figure_concentration_time":
        return figures.figure_concentration_time(
            read_parquet(inputs.over_time), read_parquet(inputs.bulletin), narrow=narrow
        )
    if kind == "figure_index":
        # block names (the framework is validated by the rule that builds the index)
        blocks = yamlfile.load(inputs.framework)["blocks"]
        return figures.figure_index(
            read_parquet(inputs.normalised), read_parquet(inputs.scores), blocks, narrow=narrow
        )
    if kind == "figure_dendrogram":
        return figures.figure_dendrogram(
            read_parquet(inputs.linkage), read_parquet(inputs.members), narrow=narrow
        )
    if kind == "figure_rank_bands":
        named = set(load_named_2019(inputs.named)["kato"])
        return figures.figure_rank_bands(read_parquet(inputs.bands), named, narrow=narrow)
    if kind == "figure_boundary_map":
        return figures.figure_boundary_map(
            read_parquet(inputs.scores),
            read_parquet(inputs.members),
            params["boundaries"],
            params["attribution"],
            narrow=narrow,
        )
    if kind == "figure_digital":
        return figures.figure_digital(
            read_parquet(inputs.cross_section), int(params["year"]), narrow=narrow
        )
    if kind == "figure_multiverse":
        return figures.figure_multiverse(
            read_parquet(inputs.multiverse), read_parquet(inputs.verdicts), narrow=narrow
        )
    raise ValueError(f"unknown figure {kind!r}")


def main(smk) -> None:
    kind = smk.params.figure["draw"]
    fig = draw(kind, smk.input, smk.params.figure)
    figures.save(fig, smk.output.svg, smk.output.png, int(smk.params.dpi))
    narrow = draw(kind, smk.input, smk.params.figure, narrow=True)
    figures.save_svg(narrow, smk.output.narrow)


if __name__ == "__main__":
    run(main, globals())
