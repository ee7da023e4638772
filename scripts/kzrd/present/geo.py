"""Region boundaries for the map: read from a shapefile with a KATO field (geokz) or from the shipped
GeoJSON (resources/geo/regions_adm1.geojson), and the simplification that builds the GeoJSON.

Every unit is ``Unit(kato, name, rings)``: its rings as (n, 2) arrays of longitude and latitude,
outer rings and holes with opposite orientation (as both formats store them), so that a compound
path with the non-zero fill rule draws the holes as holes.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# The shipped extraction: simplified with this tolerance (Douglas-Peucker, degrees), coordinates
# rounded to this many decimals (0.001 degree is about 110 m north-south).
TOLERANCE_DEG = 0.005
DECIMALS = 3


@dataclass(frozen=True)
class Unit:
    kato: str
    name: str
    rings: tuple[np.ndarray, ...]

    @property
    def area(self) -> float:
        """Area in square degrees (plane, holes subtracted): for comparing two extractions."""
        return abs(sum(signed_area(r) for r in self.rings))

    @property
    def centroid(self) -> tuple[float, float]:
        """Area-weighted centroid in degrees (plane), holes subtracted; rings without area add nothing."""
        sx = sy = a = 0.0
        for r in self.rings:
            x, y = r[:, 0], r[:, 1]
            xn, yn = np.roll(x, -1), np.roll(y, -1)
            cross = x * yn - xn * y
            sx += float(((x + xn) * cross).sum()) / 6
            sy += float(((y + yn) * cross).sum()) / 6
            a += float(cross.sum()) / 2
        return sx / a, sy / a

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        pts = np.vstack(self.rings)
        return (
            float(pts[:, 0].min()),
            float(pts[:, 1].min()),
            float(pts[:, 0].max()),
            float(pts[:, 1].max()),
        )


def signed_area(ring: np.ndarray) -> float:
    """Shoelace area, positive for a counter-clockwise ring."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def read_shapefile(path: str | Path) -> list[Unit]:
    """Every record of a polygon shapefile with the fields KATO and (if present) ADM1_EN."""
    import shapefile as pyshp  # pyshp

    reader = pyshp.Reader(str(path), encoding="utf-8")
    fields = [f[0] for f in reader.fields[1:]]
    units = []
    for rec, shp in zip(reader.iterRecords(), reader.iterShapes(), strict=True):
        bounds = [*shp.parts, len(shp.points)]
        rings = tuple(
            np.asarray(shp.points[a:b], dtype=float) for a, b in itertools.pairwise(bounds)
        )
        name = str(rec[fields.index("ADM1_EN")]) if "ADM1_EN" in fields else ""
        units.append(Unit(str(rec[fields.index("KATO")]), name, rings))
    return units


def read_geojson(path: str | Path) -> list[Unit]:
    """The features of a GeoJSON FeatureCollection of (Multi)Polygons with properties kato, name."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    units = []
    for f in data["features"]:
        g = f["geometry"]
        polygons = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = tuple(np.asarray(r, dtype=float) for p in polygons for r in p)
        units.append(Unit(str(f["properties"]["kato"]), str(f["properties"]["name"]), rings))
    return units


def read_boundaries(path: str | Path) -> list[Unit]:
    """A .shp (pyshp) or a .geojson file, by its suffix."""
    return read_geojson(path) if Path(path).suffix == ".geojson" else read_shapefile(path)


def simplify_ring(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker on a closed ring (first point = last point), iterative; the ring stays
    closed and keeps at least its first, farthest and last points."""
    pts = ring[:-1] if len(ring) > 1 and np.array_equal(ring[0], ring[-1]) else ring
    if len(pts) < 4:
        return np.vstack([pts, pts[:1]])
    far = int(np.argmax(((pts - pts[0]) ** 2).sum(axis=1)))
    keep = np.zeros(len(pts) + 1, dtype=bool)
    keep[[0, far, len(pts)]] = True
    closed = np.vstack([pts, pts[:1]])
    stack = [(0, far), (far, len(pts))]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        seg = closed[b] - closed[a]
        rel = closed[a + 1 : b] - closed[a]
        norm = float(np.hypot(*seg))
        d = (
            np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm
            if norm
            else np.hypot(rel[:, 0], rel[:, 1])
        )
        i = int(np.argmax(d))
        if d[i] > tolerance:
            m = a + 1 + i
            keep[m] = True
            stack += [(a, m), (m, b)]
    return closed[keep]


def simplified(
    units: list[Unit], tolerance: float = TOLERANCE_DEG, decimals: int = DECIMALS
) -> list[Unit]:
    """Each ring simplified and rounded, repeated points dropped; a ring left with fewer than four
    points (a triangle at least, closed) is dropped, as is one whose orientation flipped."""
    out = []
    for u in units:
        rings = []
        for r in u.rings:
            s = np.round(simplify_ring(r, tolerance), decimals)
            s = s[np.r_[True, (np.diff(s, axis=0) != 0).any(axis=1)]]
            if len(s) >= 4 and np.sign(signed_area(s)) == np.sign(signed_area(r)):
                rings.append(s)
        out.append(Unit(u.kato, u.name, tuple(rings)))
    return out


def to_geojson(units: list[Unit], properties: dict[str, str]) -> str:
    """A FeatureCollection, one MultiPolygon per unit in KATO order, rings as stored (outer and hole
    orientation as in the source), holes attached to the outer ring that contains them; compact and
    byte-stable (sorted keys, fixed decimals)."""
    from matplotlib.path import Path as MplPath

    features = []
    for u in sorted(units, key=lambda u: u.kato):
        outer_sign = np.sign(signed_area(max(u.rings, key=lambda r: abs(signed_area(r)))))
        outers = [r for r in u.rings if np.sign(signed_area(r)) == outer_sign]
        polygons = [[r] for r in outers]
        for hole in (r for r in u.rings if np.sign(signed_area(r)) != outer_sign):
            owner = next(
                (p for p in polygons if MplPath(p[0]).contains_point(tuple(hole.mean(axis=0)))),
                polygons[0],
            )
            owner.append(hole)
        coords = [[[[float(x), float(y)] for x, y in r] for r in p] for p in polygons]
        features.append(
            {
                "type": "Feature",
                "properties": {"kato": u.kato, "name": u.name},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    doc = {"type": "FeatureCollection", **properties, "features": features}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
