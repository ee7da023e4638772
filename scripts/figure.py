"""Rules figure_*: draw one figure as SVG (HTML report) and PNG (PDF report)."""

from kzrd import figures
from kzrd.cli import run
from kzrd.io import read_parquet

PROXY_NOTE = (
    "the paper's y variable (share of employment in technical sectors) is not in the shipped data; "
    "y here is the official proxy researchers (FTE) per million inhabitants, SDG 9-5-2."
)
TREND_LABELS = {
    "rd_expenditure_pct_grp": "R&D expenditure, % of GRP (SDG 9-5-1)",
    "researchers_per_million": "Researchers (FTE) per million inhabitants (SDG 9-5-2)",
}


def draw(kind: str, inputs, params):
    if kind == "concentration":
        return figures.figure_concentration(read_parquet(inputs.shares))
    if kind == "correlation":
        stats = read_parquet(inputs.stats).iloc[0]
        return figures.figure_correlation(
            read_parquet(inputs.points),
            stats,
            "Higher-education organisations (BNS, 2022)",
            "Researchers (FTE) per million inhabitants (SDG 9-5-2, 2022)",
            PROXY_NOTE,
        )
    if kind == "trends":
        return figures.figure_trends(read_parquet(inputs.trends), TREND_LABELS)
    if kind == "digital":
        return figures.figure_digital(read_parquet(inputs.cross_section), int(params.year))
    raise ValueError(f"unknown figure {kind!r}")


def main(smk) -> None:
    fig = draw(smk.params.kind, smk.input, smk.params)
    figures.save(fig, smk.output.svg, smk.output.png, int(smk.params.dpi))


if __name__ == "__main__":
    run(main, globals())
