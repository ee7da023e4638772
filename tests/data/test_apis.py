"""World Bank and Taldau: fetchers against a loopback server, parsers on documented reply shapes."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from fixtures_online import TECHNICAL, taldau_employment, worldbank_pages
from loopback import Server

from kzrd.core.errors import InputError
from kzrd.data.apis import (
    fetch_json,
    fetch_worldbank,
    parse_taldau,
    parse_worldbank,
    taldau_terms,
    taldau_url,
    worldbank_url,
)
from kzrd.data.features import technical_employment_share
from kzrd.data.fetch import FetchSettings

FAST = FetchSettings(timeout_s=2, retries=1, max_bytes=1_000_000)
TERMS = taldau_terms({"technical_sections": TECHNICAL, "total_term": "Всего"})


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def test_worldbank_reply_over_several_pages(server):
    base = server.url("/v2")
    pages = worldbank_pages(
        "GB.XPD.RSDV.GD.ZS", list(range(2010, 2024)), per_page=5, nulls=frozenset({2023})
    )
    for n, body in enumerate(pages, start=1):
        path = worldbank_url("GB.XPD.RSDV.GD.ZS", n, "/v2", per_page=5)
        server.routes[path] = [(200, body, {"Content-Type": "application/json"}, 0)]
    got = fetch_worldbank("worldbank_kaz", "GB.XPD.RSDV.GD.ZS", FAST, base=base, per_page=5)
    assert len(got) == 3  # 14 years, 5 a page
    df = parse_worldbank(got, "wb_rd_expenditure_pct_gdp", "% of GDP", "wb")
    assert sorted(df["year"]) == list(range(2010, 2024))
    assert (df["kato"] == "000000000").all()
    row = df[df["year"] == 2023].iloc[0]
    assert row["status"] == "no_data" and np.isnan(row["value"])  # "value": null stays missing
    assert df.loc[df["year"] == 2022, "value"].iloc[0] == pytest.approx(0.122)


def test_worldbank_error_message_reply(server):
    body = json.dumps(
        [
            {
                "message": [
                    {
                        "id": "120",
                        "key": "Invalid value",
                        "value": "The provided parameter value is not valid",
                    }
                ]
            }
        ]
    ).encode()
    server.routes[worldbank_url("NOPE", 1, "/v2")] = [(200, body, {}, 0)]
    with pytest.raises(
        InputError,
        match=r"source worldbank_kaz \(http://127\.0\.0\.1:\d+/v2/country/KAZ/indicator/NOPE.*World Bank error",
    ):
        fetch_worldbank("worldbank_kaz", "NOPE", FAST, base=server.url("/v2"))


def test_json_endpoint_serving_html_is_refused(server):
    server.routes["/ru/Api/GetIndexData/1?period=7&dics=67"] = [
        (200, b"<html><body>503</body></html>", {}, 0)
    ]
    with pytest.raises(InputError, match=r"not a \.json file"):
        fetch_json("taldau_grp", server.url("/ru/Api/GetIndexData/1?period=7&dics=67"), FAST)


def test_taldau_reply_with_suppressed_values(server, registry):
    path = "/ru/Api/GetIndexData/702840?period=7&dics=67%2C915"
    assert taldau_url(702840, 7, "67,915", "/ru") == path
    server.routes[path] = [
        (500, b"busy", {}, 0),
        (200, taldau_employment(suppressed=("350000000", "M")), {}, 0),
    ]
    data = fetch_json("taldau_employment", server.url(path), FAST)
    df = parse_taldau(
        data, indicator="employment", unit="u", file="taldau", terms=TERMS, registry=registry
    )
    assert set(df["indicator"]) == {
        "employment_total",
        "employment_c",
        "employment_j",
        "employment_m",
    }
    assert len(df) == 21 * 4  # the other activity is skipped
    cell = df[(df["kato"] == "350000000") & (df["indicator"] == "employment_m")].iloc[0]
    assert cell["status"] == "confidential" and np.isnan(cell["value"])
    share = technical_employment_share(df, 2022)
    assert np.isnan(
        share.get("350000000", np.nan)
    )  # a suppressed part leaves the region without a share
    # region r in KATO order has (1 + 2 + r) / (100 + r); Akmola is r = 2
    assert share["110000000"] == pytest.approx(5 / 102 * 100)


def test_taldau_unknown_region_names_the_slice(registry):
    data = [
        {"terms": [1], "termNames": ["АТЛАНТИДА"], "periods": [{"name": "2022 год", "value": 1}]}
    ]
    with pytest.raises(
        InputError, match=r"taldau: slice 1: no region among termNames \['АТЛАНТИДА'\]"
    ):
        parse_taldau(data, indicator="g", unit="u", file="taldau", registry=registry)


def test_taldau_activity_name_not_in_the_reply_lists_those_that_are(registry):
    data = json.loads(taldau_employment())
    with pytest.raises(
        InputError,
        match=r"no slice for activity 'Всего по экономике' \(config figure2\); activities in the reply: Всего, Информация и связь, Обрабатывающая",
    ):
        parse_taldau(
            data,
            indicator="employment",
            unit="u",
            file="t",
            terms={"Всего по экономике": "total"},
            registry=registry,
        )


# ---- replies of the wrong shape: one line naming the page/record or slice/period, never a traceback

WB_OK = {
    "countryiso3code": "KAZ",
    "country": {"id": "KZ", "value": "Kazakhstan"},
    "date": "2022",
    "value": 0.1,
}


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (["x"], r"wb: page 1: not a World Bank reply"),
        ([[{"page": 1}, {"a": 1}]], r"wb: page 1: the records are a JSON object, not a JSON list"),
        ([[{"page": 1}, ["x"]]], r"wb: page 1, record 1: str 'x', not a JSON object"),
        ([[{"page": 2}, [{**WB_OK, "date": "2022Q1"}]]], r"wb: page 2, record 1: date '2022Q1' is not a year"),
        ([[{"page": 1}, [{k: v for k, v in WB_OK.items() if k != "date"}]]], r"wb: page 1, record 1: date None is not a year"),
        ([[{"page": 1}, [{**WB_OK, "value": "n/a"}]]], r"wb record 1: cannot read 'n/a'"),
    ],
)  # fmt: skip
def test_worldbank_reply_of_the_wrong_shape(pages, expected):
    with pytest.raises(InputError, match=expected) as err:
        parse_worldbank(pages, "i", "u", "wb")
    assert "\n" not in str(err.value)


def test_worldbank_header_with_a_bad_page_count(server):
    body = json.dumps([{"page": 1, "pages": "many"}, []]).encode()
    server.routes[worldbank_url("GB.XPD.RSDV.GD.ZS", 1, "/v2")] = [(200, body, {}, 0)]
    with pytest.raises(
        InputError, match=r"source worldbank_kaz \(http.*: the header's 'pages' is 'many'"
    ):
        fetch_worldbank("worldbank_kaz", "GB.XPD.RSDV.GD.ZS", FAST, base=server.url("/v2"))


REGION = "АКМОЛИНСКАЯ ОБЛАСТЬ"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"error": "x"}, r"t: not a Taldau reply"),
        (["x"], r"t: slice 1: str 'x', not a JSON object"),
        ([{"termNames": REGION, "periods": []}], r"t: slice 1: termNames is str 'АКМОЛИНСКАЯ ОБЛАСТЬ', not a JSON list"),
        ([{"termNames": [REGION], "periods": 5}], r"t: slice 1: periods is int '5', not a JSON list"),
        ([{"termNames": [REGION], "periods": ["2022"]}], r"t: slice 1, period 1: str '2022', not a JSON object"),
        ([{"termNames": [REGION], "periods": [{"name": "?", "value": 1}]}], r"t: slice 1, period 1: no year in '\?'"),
    ],
)  # fmt: skip
def test_taldau_reply_of_the_wrong_shape(registry, data, expected):
    with pytest.raises(InputError, match=expected) as err:
        parse_taldau(data, indicator="g", unit="u", file="t", registry=registry)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("body", "expected"), [(b"", "the response body is empty"), (b"[1, 2", "the reply is not JSON")]
)
def test_taldau_empty_or_broken_reply(server, body, expected):
    path = "/ru/Api/GetIndexData/1?period=7&dics=67"
    server.routes[path] = [(200, body, {}, 0)]
    with pytest.raises(
        InputError,
        match=rf"^source taldau_grp \(http://127.0.0.1:\d+{re.escape(path)}\): {expected}",
    ):
        fetch_json("taldau_grp", server.url(path), FAST)
