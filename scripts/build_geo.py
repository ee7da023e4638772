"""Developer tool: rebuild resources/geo/regions_adm1.geojson from the geokz shapefile in ../shared/data.

    .venv/bin/python scripts/build_geo.py [--shared ../shared/data]

Checks every file of the boundary set (resources/sources.yaml, boundaries.geokz_adm1_2024) against its
pinned sha256, simplifies each region's rings (Douglas-Peucker, kzrd.present.geo.TOLERANCE_DEG),
rounds the coordinates (kzrd.present.geo.DECIMALS) and writes one MultiPolygon per region, keyed by
KATO, with the set's attribution and licence in the file. The same shapefile gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kzrd import PROJECT_ROOT
from kzrd.core.io import atomic_path, sha256_file
from kzrd.present import geo
from kzrd.reference.sources import load_boundaries

BOUNDARY_SET = "geokz_adm1_2024"
OUT = PROJECT_ROOT / "resources" / "geo" / "regions_adm1.geojson"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    spec = load_boundaries()[BOUNDARY_SET]
    folder = args.shared / spec["shared_dir"]
    for name, pinned in spec["files"].items():
        digest = sha256_file(folder / name)
        if digest != pinned:
            print(f"{folder / name}: sha256 {digest} != resources/sources.yaml {pinned}")
            return 1
    units = geo.simplified(geo.read_shapefile(folder / spec["shapefile"]))
    text = geo.to_geojson(
        units,
        {
            "source": f"{BOUNDARY_SET}: {spec['edition']}, {spec['shapefile']} (resources/sources.yaml)",
            "attribution": spec["attribution"],
            "licence": spec["licence"],
            "simplification": f"Douglas-Peucker, tolerance {geo.TOLERANCE_DEG} degree; "
            f"coordinates rounded to {geo.DECIMALS} decimals (scripts/build_geo.py)",
        },
    )
    with atomic_path(OUT) as tmp:
        tmp.write_text(text, encoding="utf-8")
    n = sum(len(r) for u in units for r in u.rings)
    print(f"{OUT.relative_to(PROJECT_ROOT)}: {len(units)} regions, {n} points, {len(text):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
