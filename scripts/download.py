"""Rule download: materialise results/raw/{source}.parquet from the snapshot or from upstream."""

import logging
import tempfile
from pathlib import Path

import pandas as pd

from kzrd.core.errors import InputError
from kzrd.core.io import write_bytes, write_parquet
from kzrd.core.rule import run
from kzrd.reference.regions import Registry, load_registry
from kzrd.reference.sources import (
    check_snapshot,
    diff_observations,
    load_sources,
    read_snapshot,
    with_source,
)

log = logging.getLogger("download")


def online_observations(
    source_id: str,
    spec: dict,
    online: dict,
    registry: Registry,
    cache_dir: Path | None = None,
) -> pd.DataFrame:
    """Fetch, verify and parse the upstream file.

    The download goes to a temporary file; only once it is verified and parsed is it copied,
    atomically, to ``cache_dir/upstream`` as the last good download. A failure leaves the cache (and the
    shipped snapshot) untouched, and its one-line error says where the last good copy is.
    """
    # online mode only: a snapshot run does not import the HTTP client or the parsers
    from kzrd.data.fetch import FetchSettings, fetch
    from kzrd.data.parsers import parse_source

    configured = (online.get("urls") or {}).get(source_id)
    url = configured or spec.get("url")
    if not url:
        raise InputError(
            f"source {source_id}: no direct file URL is known (publisher page: {spec['landing_page']}); "
            f"give one with config online.urls.{source_id}"
        )
    pinned = spec["upstream_sha256"] if not configured else None
    suffix = Path(spec["shared_path"]).suffix.lower()
    settings = FetchSettings.from_config(online)
    name = Path(spec["shared_path"]).name
    cached = cache_dir / "upstream" / name if cache_dir else None
    with tempfile.TemporaryDirectory(prefix=f"kzrd-{source_id}-") as tmp:
        path = Path(tmp) / name
        try:
            sha = fetch(source_id, url, path, pinned, suffix, settings)
            parsed = parse_source(spec, path, registry)
        except InputError as err:
            if cached and cached.exists():
                table = cache_dir / "raw" / f"{source_id}.parquet"
                raise InputError(
                    f"{err}; the last good download is kept at {cached} and its table at {table}"
                ) from None
            raise
        if configured and sha != spec["upstream_sha256"]:
            log.warning(
                "%s: upstream sha256 %s differs from the one recorded (%s)",
                source_id,
                sha,
                spec["upstream_sha256"],
            )
        if cached:
            write_bytes(cached, path.read_bytes())
        return parsed


def main(smk) -> None:
    source_id = smk.wildcards.source
    spec = load_sources(smk.input.sources)[source_id]
    registry = load_registry(smk.input.regions, smk.input.aliases)
    snapshot = read_snapshot(check_snapshot(smk.input.snapshot, smk.input.sums), registry)
    if smk.params.mode == "online":
        observations = online_observations(
            source_id, spec, smk.params.online, registry, Path(smk.params.cache)
        )
        diff = diff_observations(snapshot, observations)
        log.info("%s: %d value(s) differ from the shipped snapshot", source_id, len(diff))
    else:
        observations = snapshot
        diff = diff_observations(snapshot, snapshot)
        log.info("%s: snapshot verified (%d rows), no network used", source_id, len(snapshot))
    write_parquet(with_source(diff, source_id), smk.output.diff, "upstream_diff")
    write_parquet(with_source(observations, source_id), smk.output.raw, "observations")
    if smk.params.mode == "online":
        # Snakemake removes a rule's outputs before rerunning it: keep the last good table too.
        write_bytes(
            Path(smk.params.cache) / "raw" / f"{source_id}.parquet",
            Path(smk.output.raw).read_bytes(),
        )


if __name__ == "__main__":
    run(main, globals())
