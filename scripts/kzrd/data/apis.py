"""Online API sources: the World Bank API v2 and the BNS Taldau API.

Each fetcher goes through :func:`kzrd.data.fetch.fetch` (timeouts, retries on connection errors and 5xx,
none on 4xx, size cap, redirect policy, content sniffing) and each parser turns the provider's JSON
into the tidy ``observations`` layout. Shapes follow the providers' documented replies:

- World Bank: ``[{"page", "pages", "per_page", "total", ...}, [{"indicator": {"id", "value"},
  "countryiso3code", "date", "value", ...}, ...]]``; a missing observation has ``"value": null``.
- Taldau: ``[{"terms": [...], "termNames": [...], "periods": [{"name", "date", "value"}]}]``, with
  ``"x"`` for a suppressed value.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from kzrd.core.errors import InputError
from kzrd.data.fetch import FetchSettings, fetch
from kzrd.data.parsers import _frame, parse_cell
from kzrd.reference.regions import NATIONAL, Registry, default_registry

WORLDBANK_BASE = "https://api.worldbank.org/v2"
TALDAU_BASE = "https://taldau.stat.gov.kz/ru"


def fetch_json(source_id: str, url: str, settings: FetchSettings) -> Any:
    """GET ``url`` through the common fetcher and decode its JSON (an error names source and URL)."""
    with tempfile.TemporaryDirectory(prefix=f"kzrd-{source_id}-") as tmp:
        path = Path(tmp) / "reply.json"
        fetch(source_id, url, path, None, ".json", settings)
        try:
            return json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InputError(
                f"source {source_id} ({url}): the reply is not JSON ({err.__class__.__name__})"
            ) from None


# ------------------------------------------------------------------------------------ World Bank


def worldbank_url(
    indicator: str, page: int, base: str = WORLDBANK_BASE, country: str = "KAZ", per_page: int = 100
) -> str:
    query = urlencode({"format": "json", "per_page": per_page, "page": page})
    return f"{base}/country/{country}/indicator/{indicator}?{query}"


def fetch_worldbank(source_id: str, indicator: str, settings: FetchSettings, base: str = WORLDBANK_BASE,
                    country: str = "KAZ", per_page: int = 100, max_pages: int = 50) -> list[Any]:  # fmt: skip
    """Every page of one indicator: follows ``pages`` from the first reply's header."""
    pages, page, total_pages = [], 1, 1
    while page <= total_pages:
        url = worldbank_url(indicator, page, base, country, per_page)
        reply = fetch_json(source_id, url, settings)
        where = f"source {source_id} ({url})"
        if not (isinstance(reply, list) and reply and isinstance(reply[0], dict)):
            raise InputError(
                f"{where}: not a World Bank reply (a JSON list [header, records] is expected, "
                f"got {_kind(reply)}); check online.api_base.worldbank"
            )
        if "message" in reply[0]:
            raise InputError(f"{where}: World Bank error {reply[0]['message']}")
        pages_field = reply[0].get("pages", 1)
        if isinstance(pages_field, bool) or not str(pages_field).strip().isdigit():
            raise InputError(
                f"{where}: the header's 'pages' is {pages_field!r}, not a number of pages; "
                "check online.api_base.worldbank"
            )
        total_pages = int(pages_field)
        if total_pages > max_pages:
            raise InputError(
                f"source {source_id} ({url}): {total_pages} pages, more than {max_pages}"
            )
        pages.append(reply)
        page += 1
    return pages


def parse_worldbank(pages: list[Any], indicator: str, unit: str, file: str) -> pd.DataFrame:
    """National observations from World Bank pages; ``null`` values become status no_data.

    A reply of another shape than the documented one is refused with one line naming the page and
    the record."""
    rows = []
    for n, reply in enumerate(pages, start=1):
        if not (isinstance(reply, list) and reply and isinstance(reply[0], dict)):
            raise InputError(
                f"{file}: page {n}: not a World Bank reply (a JSON list [header, records] is "
                f"expected, got {_kind(reply)}); check online.api_base.worldbank"
            )
        header, data = reply[0], reply[1] if len(reply) > 1 and reply[1] else []
        page = header.get("page", 1)
        if not isinstance(data, list):
            raise InputError(
                f"{file}: page {page}: the records are {_kind(data)}, not a JSON list; "
                "check online.api_base.worldbank"
            )
        for i, rec in enumerate(data, start=1):
            place = f"{file}: page {page}, record {i}"
            if not isinstance(rec, dict):
                raise InputError(
                    f"{place}: {_kind(rec)}, not a JSON object; check online.api_base.worldbank"
                )
            country = rec.get("country")
            country = country if isinstance(country, dict) else {}
            ind = rec.get("indicator")
            ind = ind if isinstance(ind, dict) else {}
            if rec.get("countryiso3code") not in ("KAZ", "") and country.get("id") != "KZ":
                raise InputError(f"{file}: page {page}, record {i}: not Kazakhstan")
            date = str(rec.get("date", "")).strip()
            if not (len(date) == 4 and date.isdigit()):
                raise InputError(
                    f"{place}: date {rec.get('date')!r} is not a year (an annual series is "
                    "expected); check the indicator code in resources/sources.yaml"
                )
            value, status = (
                (None, "no_data")
                if rec.get("value") is None
                else parse_cell(rec["value"], f"{file} record {i}")
            )
            rows.append(
                dict(kato=NATIONAL, label=country.get("value", "Kazakhstan"), indicator=indicator,
                     year=int(date), value=value, unit=unit, status=status, file=file,
                     sheet=f"page {header.get('page', 1)}", row=i, column=ind.get("id", ""))
            )  # fmt: skip
    if not rows:
        raise InputError(f"{file}: the World Bank reply holds no observation")
    return _frame(rows)


def _kind(value: Any) -> str:
    """What a JSON value is, for a message: 'a JSON object', 'the string 'abc''..."""
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "an empty JSON list" if not value else "a JSON list"
    return f"{type(value).__name__} {str(value)[:40]!r}"


# ------------------------------------------------------------------------------------ Taldau


def taldau_url(index: int, period: int, dics: str, base: str = TALDAU_BASE) -> str:
    return f"{base}/Api/GetIndexData/{index}?{urlencode({'period': period, 'dics': dics})}"


def taldau_terms(figure2: dict) -> dict[str, str]:
    """Activity name -> indicator suffix: the technical sections by letter, and the total."""
    terms = {name: letter.lower() for letter, name in figure2["technical_sections"].items()}
    terms[figure2["total_term"]] = "total"
    return terms


_YEAR = re.compile(r"(\d{4})")


def parse_taldau(data: Any, *, indicator: str, unit: str, file: str, terms: dict[str, str] | None = None,
                 registry: Registry | None = None) -> pd.DataFrame:  # fmt: skip
    """Taldau slices to observations.

    Each slice's ``termNames`` hold one region (resolved through the registry) and, for a
    region x activity index, one activity name. ``terms`` maps activity names (case-insensitive) to
    indicator suffixes: ``{indicator}_{suffix}``; slices of other activities are skipped. Without
    ``terms`` every slice is the plain ``indicator``. ``"x"`` is confidential, never a number.
    """
    registry = registry or default_registry()
    if not isinstance(data, list):
        raise InputError(f"{file}: not a Taldau reply (a JSON list of slices is expected)")
    wanted = {k.casefold().strip(): v for k, v in (terms or {}).items()}
    seen_activities: set[str] = set()
    matched: set[str] = set()
    rows = []
    for i, sl in enumerate(data, start=1):
        if not isinstance(sl, dict):
            raise InputError(
                f"{file}: slice {i}: {_kind(sl)}, not a JSON object; check online.api_base.taldau"
            )
        term_names, periods = sl.get("termNames", []), sl.get("periods", [])
        for key, got in (("termNames", term_names), ("periods", periods)):
            if not isinstance(got, list):
                raise InputError(
                    f"{file}: slice {i}: {key} is {_kind(got)}, not a JSON list; "
                    "check online.api_base.taldau"
                )
        names = [str(n) for n in term_names]
        region, others = None, []
        for n in names:
            try:
                kato = registry.resolve(n, f"{file}, slice {i}")
            except InputError:
                others.append(n)
                continue
            if region is not None and kato != region:
                raise InputError(f"{file}: slice {i}: two regions among termNames {names}")
            region = kato
        if region is None:
            raise InputError(f"{file}: slice {i}: no region among termNames {names}")
        name = indicator
        if terms is not None:
            seen_activities.update(others)
            hits = [o.casefold().strip() for o in others if o.casefold().strip() in wanted]
            if not hits:
                continue
            matched.add(hits[0])
            name = f"{indicator}_{wanted[hits[0]]}"
        for j, per in enumerate(periods, start=1):
            if not isinstance(per, dict):
                raise InputError(
                    f"{file}: slice {i}, period {j}: {_kind(per)}, not a JSON object; "
                    "check online.api_base.taldau"
                )
            m = _YEAR.search(str(per.get("name", "")))
            if not m:
                raise InputError(f"{file}: slice {i}, period {j}: no year in {per.get('name')!r}")
            value, status = parse_cell(per.get("value"), f"{file}: slice {i}, period {j}")
            rows.append(
                dict(kato=region, label=" / ".join(names), indicator=name, year=int(m[1]), value=value,
                     unit=unit, status=status, file=file, sheet=f"slice {i}", row=j, column="value")
            )  # fmt: skip
    missing = [k for k in (terms or {}) if k.casefold().strip() not in matched]
    if missing:
        raise InputError(
            f"{file}: no slice for activity {missing[0]!r} (config figure2); "
            f"activities in the reply: {', '.join(sorted(seen_activities)) or 'none'}"
        )
    if not rows:
        raise InputError(f"{file}: no Taldau slice with data")
    return _frame(rows)
