"""Rule correlation: Figure 2, universities against the official proxy, with CIs and HC3 OLS."""

from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.paper2025.analysis import figure2


def main(smk) -> None:
    stats, points = figure2(
        read_parquet(smk.input.cross_section), smk.params.x, smk.params.y, smk.params.y_is_proxy
    )
    write_parquet(stats, smk.output.stats, "correlation")
    write_parquet(points, smk.output.points, "figure2_points")


if __name__ == "__main__":
    run(main, globals())
