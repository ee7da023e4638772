"""Rule download: materialise results/raw/{source}.parquet from the snapshot or from upstream."""

import logging
import tempfile
from pathlib import Path

import pandas as pd

from kzrd.cli import run
from kzrd.errors import InputError
from kzrd.fetch import FetchSettings, fetch
from kzrd.io import write_parquet
from kzrd.parsers import parse_source
from kzrd.sources import (
    diff_observations,
    load_sources,
    read_snapshot,
    verify_snapshot,
    with_source,
)

log = logging.getLogger("download")


def online_observations(source_id: str, spec: dict, online: dict) -> pd.DataFrame:
    """Fetch, verify and parse the upstream file; the temporary copy is removed afterwards."""
    configured = (online.get("urls") or {}).get(source_id)
    url = configured or spec.get("url")
    if not url:
        raise InputError(
            f"source {source_id}: no direct file URL is known (publisher page: {spec['landing_page']}); "
            f"give one with config online.urls.{source_id}"
        )
    pinned = spec["upstream_sha256"] if not configured else None
    suffix = Path(spec["shared_path"]).suffix.lower()
    settings = FetchSettings(
        timeout_s=online.get("timeout_s", 30),
        retries=online.get("retries", 3),
        max_bytes=online.get("max_bytes", 50 * 1024 * 1024),
        allow_redirect_hosts=list(online.get("allow_redirect_hosts", [])),
    )
    with tempfile.TemporaryDirectory(prefix=f"kzrd-{source_id}-") as tmp:
        path = Path(tmp) / Path(spec["shared_path"]).name
        sha = fetch(source_id, url, path, pinned, suffix, settings)
        if configured and sha != spec["upstream_sha256"]:
            log.warning(
                "%s: upstream sha256 %s differs from the one recorded (%s)",
                source_id,
                sha,
                spec["upstream_sha256"],
            )
        return parse_source(spec, path)


def main(smk) -> None:
    source_id = smk.wildcards.source
    spec = load_sources()[source_id]
    snapshot = read_snapshot(verify_snapshot(source_id))
    if smk.params.mode == "online":
        observations = online_observations(source_id, spec, smk.params.online)
        diff = diff_observations(snapshot, observations)
        log.info("%s: %d value(s) differ from the shipped snapshot", source_id, len(diff))
    else:
        observations = snapshot
        diff = diff_observations(snapshot, snapshot)
        log.info("%s: snapshot verified (%d rows), no network used", source_id, len(snapshot))
    write_parquet(diff, smk.output.diff, "upstream_diff")
    write_parquet(with_source(observations, source_id), smk.output.raw, "observations")


if __name__ == "__main__":
    run(main, globals())
