"""The shipped boundaries (resources/geo/regions_adm1.geojson) against the geokz shapefile they are
simplified from, and the simplification itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kzrd import RESOURCES
from kzrd.present import geo

SHIPPED = RESOURCES / "geo" / "regions_adm1.geojson"
# What the simplification (tolerance 0.005 degree, 3 decimals) may change: the area of a region by
# at most 1%, its centroid by at most 0.01 degree (about 1 km).
AREA_REL_TOL = 0.01
CENTROID_TOL_DEG = 0.01


def test_shipped_file_has_the_20_regions_of_the_registry_by_kato():
    units = geo.read_geojson(SHIPPED)
    regions = pd.read_csv(RESOURCES / "regions.csv", dtype=str)
    current = set(
        regions.loc[(regions["status"] == "current") & (regions["kind"] != "country"), "kato"]
    )
    katos = [u.kato for u in units]
    assert len(current) == 20 and katos == sorted(current)
    assert SHIPPED.stat().st_size < 300_000
    assert all(
        len(u.rings) and all(len(r) >= 4 and np.array_equal(r[0], r[-1]) for r in u.rings)
        for u in units
    )


def test_shipped_file_matches_the_geokz_shapefile():
    from conftest import shared_file

    shp = shared_file("geo/kaz_admbnda_adm1_2024.shp")
    source = {u.kato: u for u in geo.read_shapefile(shp)}
    shipped = {u.kato: u for u in geo.read_geojson(SHIPPED)}
    assert set(shipped) == set(source)
    for kato, u in shipped.items():
        s = source[kato]
        assert u.name == s.name
        assert u.area == pytest.approx(s.area, rel=AREA_REL_TOL), u.name
        assert np.allclose(u.centroid, s.centroid, atol=CENTROID_TOL_DEG), u.name


def test_rebuilding_gives_the_same_bytes(tmp_path):
    import json

    from conftest import shared_file

    shp = shared_file("geo/kaz_admbnda_adm1_2024.shp")
    props = {
        k: v
        for k, v in json.loads(SHIPPED.read_text(encoding="utf-8")).items()
        if k not in ("features", "type")
    }
    assert props["licence"] == "CC BY 4.0" and "geokz" in props["attribution"]
    assert geo.to_geojson(geo.simplified(geo.read_shapefile(shp)), props) == SHIPPED.read_text(
        encoding="utf-8"
    )


def test_simplify_ring_keeps_corners_and_drops_points_within_the_tolerance():
    square = np.array(
        [[0, 0], [0, 1], [0.5, 1.001], [1, 1], [1, 0], [0.5, -0.2], [0, 0]], dtype=float
    )
    out = geo.simplify_ring(square, 0.01)
    assert out.tolist() == [[0, 0], [0, 1], [1, 1], [1, 0], [0.5, -0.2], [0, 0]]
    assert geo.signed_area(square[::-1]) > 0  # counter-clockwise is positive


def test_holes_stay_holes(tmp_path):
    outer = np.array([[0, 0], [0, 4], [4, 4], [4, 0], [0, 0]], dtype=float)  # clockwise
    hole = np.array([[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]], dtype=float)  # counter-clockwise
    unit = geo.Unit("1", "x", (outer, hole))
    assert unit.area == pytest.approx(12.0)
    assert unit.centroid == pytest.approx((2.0, 2.0))
    path = tmp_path / "u.geojson"
    path.write_text(geo.to_geojson([unit], {}), encoding="utf-8")
    (back,) = geo.read_boundaries(path)
    assert back.area == pytest.approx(12.0) and len(back.rings) == 2
