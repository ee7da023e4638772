"""Rule fetch_api (online mode only): a World Bank or Taldau series as tidy observations."""

import logging

import pandas as pd

from kzrd.core.io import write_parquet
from kzrd.core.rule import run
from kzrd.data.apis import (
    fetch_json,
    fetch_worldbank,
    parse_taldau,
    parse_worldbank,
    taldau_terms,
    taldau_url,
    worldbank_url,
)
from kzrd.data.fetch import FetchSettings
from kzrd.reference.regions import load_registry
from kzrd.reference.sources import load_apis, with_source

log = logging.getLogger("fetch_api")


def main(smk) -> None:
    api_id = smk.wildcards.api
    spec = load_apis(smk.input.sources)[api_id]
    online = smk.params.online
    settings = FetchSettings.from_config(online)
    base = online["api_base"][spec["kind"]]
    if spec["kind"] == "worldbank":
        frames = []
        for code, ind in spec["indicators"].items():
            pages = fetch_worldbank(api_id, code, settings, base=base, country=spec["country"])
            frames.append(
                parse_worldbank(
                    pages,
                    ind["indicator"],
                    ind["unit"],
                    worldbank_url(code, 1, base, spec["country"]),
                )
            )
        df = pd.concat(frames, ignore_index=True)
    else:
        url = taldau_url(spec["index"], spec["period"], spec["dics"], base)
        terms = taldau_terms(smk.params.figure2) if spec["by_activity"] else None
        df = parse_taldau(
            fetch_json(api_id, url, settings),
            indicator=spec["indicator"],
            unit=spec["unit"],
            file=url,
            terms=terms,
            registry=load_registry(smk.input.regions, smk.input.aliases),
        )
    log.info("%s: %d observations", api_id, len(df))
    write_parquet(with_source(df, api_id), smk.output.raw, "observations")


if __name__ == "__main__":
    run(main, globals())
