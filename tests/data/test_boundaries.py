"""The boundary shapefile of the 2019 study's map, fetched online (pinned geokz files) from a loopback
server the test starts, and checked for a KATO code per current region."""

from __future__ import annotations

import pytest
from conftest import shared_file
from loopback import Server

from kzrd.core.errors import InputError
from kzrd.core.io import sha256_file
from kzrd.data.boundaries import check_boundaries, fetch_boundaries, shapefile_katos
from kzrd.reference.sources import load_boundaries

SPEC = load_boundaries()["geokz_adm1_2024"]
ONLINE = {"timeout_s": 2, "retries": 1, "max_bytes": 5_000_000}


@pytest.fixture
def geo_server():
    files = {name: shared_file(f"geo/{name}").read_bytes() for name in SPEC["files"]}
    s = Server()
    for name, body in files.items():
        s.routes[f"/geokz/{name}"] = [(200, body, {}, 0)]
    yield s, files
    s.close()


def _online(server):
    return {**ONLINE, "urls": {"geokz_adm1_2024": server.url("/geokz/")}}


def test_pinned_files_match_the_shared_copy():
    for name, sha in SPEC["files"].items():
        assert sha256_file(shared_file(f"geo/{name}")) == sha, name


def test_the_shapefile_has_every_current_region(registry):
    shp = shared_file("geo/kaz_admbnda_adm1_2024.shp")
    katos = shapefile_katos(shp, "KATO")
    assert sorted(katos) == sorted(registry.current["kato"]) and len(katos) == 20
    check_boundaries(shp, "KATO", registry.current["kato"])  # no error


def test_fetch_writes_every_verified_file(geo_server, tmp_path, registry):
    server, files = geo_server
    written = fetch_boundaries("geokz_adm1_2024", SPEC, _online(server), tmp_path / "out",
                               registry.current["kato"])  # fmt: skip
    assert sorted(p.name for p in written) == sorted(files)
    for p in written:
        assert p.read_bytes() == files[p.name]


def test_a_changed_file_is_refused_and_the_good_copy_kept(geo_server, tmp_path, registry):
    server, files = geo_server
    out = tmp_path / "out"
    fetch_boundaries("geokz_adm1_2024", SPEC, _online(server), out, registry.current["kato"])
    server.routes["/geokz/kaz_admbnda_adm1_2024.dbf"] = [(200, files["kaz_admbnda_adm1_2024.dbf"][:-1] + b"\x1b", {}, 0)]  # fmt: skip
    with pytest.raises(InputError) as err:
        fetch_boundaries("geokz_adm1_2024", SPEC, _online(server), out, registry.current["kato"])
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith("source geokz_adm1_2024 (http://127.0.0.1:")
    assert "kaz_admbnda_adm1_2024.dbf" in msg and "does not match the pinned" in msg
    for name, body in files.items():
        assert (out / name).read_bytes() == body


def test_an_html_page_instead_of_the_shapefile_is_refused(geo_server, tmp_path, registry):
    server, _ = geo_server
    server.routes["/geokz/kaz_admbnda_adm1_2024.shp"] = [(200, b"<!DOCTYPE html><p>rate limited</p>", {}, 0)]  # fmt: skip
    with pytest.raises(InputError, match=r"not a \.shp file"):
        fetch_boundaries("geokz_adm1_2024", SPEC, _online(server), tmp_path / "out",
                         registry.current["kato"])  # fmt: skip
    assert not (tmp_path / "out").exists()


def test_a_region_missing_from_the_boundaries_is_named(registry):
    shp = shared_file("geo/kaz_admbnda_adm1_2024.shp")
    expected = [*registry.current["kato"], "999999999"]
    with pytest.raises(InputError) as err:
        check_boundaries(shp, "KATO", expected)
    assert str(err.value) == f"{shp}: field 'KATO': KATO code(s) missing 999999999"
    with pytest.raises(InputError, match=r"no field 'CODE'"):
        check_boundaries(shp, "CODE", expected)


def test_a_truncated_shapefile_is_one_line(tmp_path):
    for name in SPEC["files"]:
        (tmp_path / name).write_bytes(shared_file(f"geo/{name}").read_bytes())
    dbf = tmp_path / "kaz_admbnda_adm1_2024.dbf"
    dbf.write_bytes(dbf.read_bytes()[:40])
    with pytest.raises(InputError) as err:
        shapefile_katos(tmp_path / "kaz_admbnda_adm1_2024.shp", "KATO")
    msg = str(err.value)
    assert msg.startswith(f"{tmp_path / 'kaz_admbnda_adm1_2024.shp'}: not a readable shapefile")
    assert "\n" not in msg


def test_a_dripping_mirror_ends_at_the_deadline_and_keeps_the_good_copy(
    geo_server, tmp_path, registry
):
    server, files = geo_server
    out = tmp_path / "out"
    fetch_boundaries("geokz_adm1_2024", SPEC, _online(server), out, registry.current["kato"])
    # the server answers after 1.5 s, within timeout_s: only the deadline ends the download
    body = files["kaz_admbnda_adm1_2024.dbf"]
    server.routes["/geokz/kaz_admbnda_adm1_2024.dbf"] = [(200, body, {}, 1.5)]
    online = {**_online(server), "timeout_s": 5, "retries": 0, "deadline_s": 0.5}
    with pytest.raises(
        InputError,
        match=r"^source geokz_adm1_2024 \(http://127.*\.dbf\): not complete within online\.deadline_s=0\.5",
    ):
        fetch_boundaries("geokz_adm1_2024", SPEC, online, out, registry.current["kato"])
    for name, body in files.items():
        assert (out / name).read_bytes() == body
