"""Rule fetch_boundaries (online mode): the pinned boundary shapefile for the 2019 study's map."""

import logging
from pathlib import Path

from kzrd.core.rule import run
from kzrd.data.boundaries import fetch_boundaries
from kzrd.reference.regions import load_registry
from kzrd.reference.sources import load_boundaries

log = logging.getLogger("fetch_boundaries")


def main(smk) -> None:
    bid = smk.params.boundaries
    spec = load_boundaries(smk.input.sources)[bid]
    written = fetch_boundaries(
        bid,
        spec,
        smk.params.online,
        Path(smk.output.shp).parent,
        load_registry(smk.input.regions, smk.input.aliases).current["kato"],
    )
    log.info("%s: %d files fetched and verified (%s)", bid, len(written), spec["edition"])


if __name__ == "__main__":
    run(main, globals())
