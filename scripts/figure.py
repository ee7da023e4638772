"""Rule figure: draw one figure of the exhibit registry as SVG (HTML report) and PNG (PDF report).

The registry entry names the drawing function (its ``code``) and the inputs it reads (``inputs``)."""

from kzrd.core import yamlfile
from kzrd.core.io import read_parquet
from kzrd.core.rule import run
from kzrd.present import figures
from kzrd.reference.labels import TREND_LABELS
from kzrd.reference.paper import load_named_2019
from kzrd.reference.regions import load_tilegrid

# Figure 2's y axis: the official proxy (snapshot mode) or the true variable (online mode).
FIGURE2_Y = {
    True: (
        "Researchers (FTE) per million inhabitants (SDG 9-5-2, {year})",
        "PROXY: the paper's y variable (share of employment in technical sectors) is not in the shipped data; "
        "y here is the official proxy researchers (FTE) per million inhabitants, SDG 9-5-2.\n"
        "Sources: BNS, Higher education in the Republic of Kazakhstan (2022), p. 3; BNS via SDG platform, indicator 9-5-2.",
    ),
    False: (
        "Employment in technical sections (% of employed, Taldau, {year})",
        "y: employed persons in the sections of config figure2.technical_sections / all employed persons, "
        "BNS Taldau index 702840, fetched online.\nSources: BNS, Higher education in the Republic of Kazakhstan (2022), p. 3; BNS Taldau.",
    ),
}


def draw(kind: str, inputs, params):
    if kind == "figure_concentration":
        return figures.figure_concentration(read_parquet(inputs.shares), int(params["year"]))
    if kind == "figure_correlation":
        stats = read_parquet(inputs.stats).iloc[0]
        y_label, note = FIGURE2_Y[bool(stats["y_is_proxy"])]
        return figures.figure_correlation(
            read_parquet(inputs.points),
            stats,
            f"Higher-education organisations (BNS, {params['year']})",
            y_label.format(year=params["year"]),
            note,
        )
    if kind == "figure_trends":
        return figures.figure_trends(read_parquet(inputs.trends), TREND_LABELS)
    if kind == "figure_concentration_time":
        return figures.figure_concentration_time(
            read_parquet(inputs.over_time), read_parquet(inputs.bulletin)
        )
    if kind == "figure_index":
        # block names (the framework is validated by the rule that builds the index)
        blocks = yamlfile.load(inputs.framework)["blocks"]
        return figures.figure_index(
            read_parquet(inputs.normalised), read_parquet(inputs.scores), blocks
        )
    if kind == "figure_dendrogram":
        return figures.figure_dendrogram(read_parquet(inputs.linkage), read_parquet(inputs.members))
    if kind == "figure_rank_bands":
        named = set(load_named_2019(inputs.named)["kato"])
        return figures.figure_rank_bands(read_parquet(inputs.bands), named)
    if kind == "figure_tile_map":  # or figure_boundary_map, when boundaries are given
        scores, members = read_parquet(inputs.scores), read_parquet(inputs.members)
        if params["boundaries"]:
            return figures.figure_boundary_map(
                scores, members, params["boundaries"], params["attribution"]
            )
        return figures.figure_tile_map(scores, members, load_tilegrid(inputs.tiles))
    if kind == "figure_digital":
        return figures.figure_digital(read_parquet(inputs.cross_section), int(params["year"]))
    if kind == "figure_multiverse":
        return figures.figure_multiverse(
            read_parquet(inputs.multiverse), read_parquet(inputs.verdicts)
        )
    raise ValueError(f"unknown figure {kind!r}")


def main(smk) -> None:
    fig = draw(smk.params.figure["draw"], smk.input, smk.params.figure)
    figures.save(fig, smk.output.svg, smk.output.png, int(smk.params.dpi))


if __name__ == "__main__":
    run(main, globals())
