"""Online mode against a loopback HTTP server started by the test (no other network)."""

from __future__ import annotations

import hashlib

import pytest
from conftest import shared_file
from loopback import Server

from kzrd.core.errors import InputError
from kzrd.data.fetch import FetchSettings, fetch

CSV = b"Year,UNIT_MEASURE,REF_AREA,Value\n2022,PT,,0.12\n2022,PT,KZNS,0.22\n"


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


FAST = FetchSettings(timeout_s=2, retries=2, max_bytes=10_000)


def _get(server, path, tmp_path, sha=None, suffix=".csv", settings=FAST):
    return fetch("sdg_9_5_1", server.url(path), tmp_path / "f", sha, suffix, settings)


def test_retry_after_500_then_200(server, tmp_path):
    server.routes["/a.csv"] = [(500, b"oops", {}, 0), (200, CSV, {}, 0)]
    assert _get(server, "/a.csv", tmp_path) == hashlib.sha256(CSV).hexdigest()
    assert server.hits["/a.csv"] == 2
    assert (tmp_path / "f").read_bytes() == CSV


def test_404_is_not_retried_and_names_source_and_url(server, tmp_path):
    with pytest.raises(InputError) as err:
        _get(server, "/missing.csv", tmp_path)
    assert server.hits["/missing.csv"] == 1
    msg = str(err.value)
    assert (
        msg.startswith("source sdg_9_5_1 (http://127.0.0.1:")
        and "HTTP 404" in msg
        and "\n" not in msg
    )


def test_html_page_with_status_200_is_refused(server, tmp_path):
    server.routes["/a.pdf"] = [
        (200, b"<!DOCTYPE html><html><body>Maintenance</body></html>", {}, 0)
    ]
    with pytest.raises(InputError, match=r"not a \.pdf file"):
        _get(server, "/a.pdf", tmp_path, suffix=".pdf")


def test_checksum_mismatch(server, tmp_path):
    server.routes["/a.csv"] = [(200, CSV, {}, 0)]
    with pytest.raises(InputError, match="does not match the pinned"):
        _get(server, "/a.csv", tmp_path, sha="0" * 64)


def test_oversized_body(server, tmp_path):
    server.routes["/big.csv"] = [(200, b"x" * 20_000, {}, 0)]
    with pytest.raises(InputError, match=r"larger than online\.max_bytes=10000"):
        _get(server, "/big.csv", tmp_path)


def test_slow_response_times_out(server, tmp_path):
    server.routes["/slow.csv"] = [(200, CSV, {}, 1.5)]
    settings = FetchSettings(timeout_s=0.3, retries=0, max_bytes=10_000)
    with pytest.raises(InputError, match=r"source sdg_9_5_1 .*(Timeout|timed out)"):
        _get(server, "/slow.csv", tmp_path, settings=settings)


def test_truncated_body(server, tmp_path):
    server.routes["/cut.csv"] = [(200, CSV[:20], {"Content-Length": str(len(CSV))}, 0)]
    with pytest.raises(InputError, match="source sdg_9_5_1"):
        _get(
            server,
            "/cut.csv",
            tmp_path,
            settings=FetchSettings(timeout_s=1, retries=0, max_bytes=10_000),
        )


def test_redirect_to_another_host_is_refused(server, tmp_path):
    server.routes["/moved.csv"] = [
        (302, b"", {"Location": f"http://localhost:{server.port}/a.csv"}, 0)
    ]
    server.routes["/a.csv"] = [(200, CSV, {}, 0)]
    with pytest.raises(InputError, match="redirected to another host 'localhost'"):
        _get(server, "/moved.csv", tmp_path)
    allowed = FetchSettings(
        timeout_s=2, retries=0, max_bytes=10_000, allow_redirect_hosts=["localhost"]
    )
    assert _get(server, "/moved.csv", tmp_path, settings=allowed) == hashlib.sha256(CSV).hexdigest()


def test_online_mode_parses_with_the_snapshot_parser(server, monkeypatch):
    """A configured URL serving the real file gives exactly the snapshot; a changed value shows in the diff."""
    import download

    from kzrd.reference.regions import default_registry
    from kzrd.reference.sources import (
        diff_observations,
        load_sources,
        read_snapshot,
        verify_snapshot,
    )

    real = shared_file("sdg/data/indicator_9-5-1.csv").read_bytes()
    server.routes["/9-5-1.csv"] = [(200, real, {}, 0)]
    changed = real.replace(b"2022,PT,KZNS,0.22", b"2022,PT,KZNS,0.99")
    server.routes["/changed.csv"] = [(200, changed, {}, 0)]
    spec = load_sources()["sdg_9_5_1"]
    snap = read_snapshot(verify_snapshot("sdg_9_5_1"))
    online = {"timeout_s": 2, "retries": 0, "urls": {"sdg_9_5_1": server.url("/9-5-1.csv")}}
    assert diff_observations(
        snap, download.online_observations("sdg_9_5_1", spec, online, default_registry())
    ).empty
    online["urls"]["sdg_9_5_1"] = server.url("/changed.csv")
    diff = diff_observations(
        snap, download.online_observations("sdg_9_5_1", spec, online, default_registry())
    )
    assert diff[["kato", "year", "snapshot_value", "upstream_value"]].values.tolist() == [
        ["710000000", 2022, 0.22, 0.99]
    ]


def test_online_mode_asks_for_a_url_where_none_is_known():
    import download

    from kzrd.reference.regions import default_registry
    from kzrd.reference.sources import load_sources

    with pytest.raises(
        InputError,
        match=r"source bns_higher_education_2022: no direct file URL is known .* online.urls",
    ):
        download.online_observations(
            "bns_higher_education_2022",
            load_sources()["bns_higher_education_2022"],
            {},
            default_registry(),
        )
