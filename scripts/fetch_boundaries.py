"""Rule fetch_boundaries (online mode): the pinned boundary shapefile for the 2019 study's map."""

import logging
from pathlib import Path

from kzrd.boundaries import fetch_boundaries
from kzrd.cli import run
from kzrd.regions import default_registry
from kzrd.sources import load_boundaries

log = logging.getLogger("fetch_boundaries")


def main(smk) -> None:
    bid = smk.params.boundaries
    spec = load_boundaries()[bid]
    written = fetch_boundaries(
        bid,
        spec,
        smk.params.online,
        Path(smk.output.shp).parent,
        default_registry().current["kato"],
    )
    log.info("%s: %d files fetched and verified (%s)", bid, len(written), spec["edition"])


if __name__ == "__main__":
    run(main, globals())
