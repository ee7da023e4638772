"""Rule download: materialise results/raw/{source}.parquet from the snapshot or from upstream."""

import logging
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kzrd.core.errors import InputError
from kzrd.core.io import write_bytes, write_parquet
from kzrd.core.rule import run
from kzrd.reference.regions import Registry, load_registry
from kzrd.reference.sources import (
    check_snapshot,
    diff_observations,
    read_snapshot,
    with_source,
)

log = logging.getLogger("download")


def check_accept_changed(online: dict, known: Iterable[str]) -> list[str]:
    """The source ids of config ``online.accept_changed``; an id that is no source is refused."""
    accepted = list(online.get("accept_changed") or [])
    unknown = sorted(set(accepted) - set(known))
    if unknown:
        raise InputError(
            f"config key 'online.accept_changed': unknown source id(s) {', '.join(unknown)}; "
            f"use ids of resources/sources.yaml (sources: {', '.join(sorted(known))})"
        )
    return accepted


def online_observations(
    source_id: str,
    spec: dict,
    online: dict,
    registry: Registry,
    cache_dir: Path | None = None,
) -> pd.DataFrame:
    """Fetch, verify, parse and validate the upstream file.

    A file whose sha256 differs from the pinned ``upstream_sha256`` is refused unless the source is
    listed in config ``online.accept_changed``. The download goes to a temporary file; only once it
    is verified, parsed and validated are it and its table copied, atomically, to
    ``cache_dir/upstream/<file>`` and ``cache_dir/raw/<source>.parquet`` as the last good copy. A
    failure leaves the cache (and the shipped snapshot) untouched, and its one-line error says where
    the last good copy is.
    """
    # online mode only: a snapshot run does not import the HTTP client or the parsers
    from kzrd.data.clean import errors, validate
    from kzrd.data.fetch import FetchSettings, fetch
    from kzrd.data.parsers import parse_source

    configured = (online.get("urls") or {}).get(source_id)
    url = configured or spec.get("url")
    if not url:
        raise InputError(
            f"source {source_id}: no direct file URL is known (publisher page: {spec['landing_page']}); "
            f"give one with config online.urls.{source_id}"
        )
    pinned = spec["upstream_sha256"]
    accepted = source_id in (online.get("accept_changed") or [])
    suffix = Path(spec["shared_path"]).suffix.lower()
    settings = FetchSettings.from_config(online)
    name = Path(spec["shared_path"]).name
    cached = cache_dir / "upstream" / name if cache_dir else None
    table = cache_dir / "raw" / f"{source_id}.parquet" if cache_dir else None
    where = f"source {source_id} ({url})"
    with tempfile.TemporaryDirectory(prefix=f"kzrd-{source_id}-") as tmp:
        path = Path(tmp) / name
        try:
            sha = fetch(source_id, url, path, None, suffix, settings)
            if sha != pinned and not accepted:
                raise InputError(
                    f"{where}: sha256 {sha} does not match the pinned {pinned} "
                    "(resources/sources.yaml upstream_sha256), refused; if the upstream file "
                    f"changed on purpose, add {source_id} to config online.accept_changed "
                    "(it is then used only if it parses and validates)"
                )
            parsed = parse_source(spec, path, registry)
            bad = errors(
                validate(parsed, source_id, spec["indicators"], registry, spec.get("accept"))
            )
            if len(bad):
                first = bad.iloc[0]
                raise InputError(
                    f"{where}: {name} fails validation, {len(bad)} error(s), first: "
                    f"{first['check']}: {first['message']}; the file is refused: check it upstream"
                )
        except InputError as err:
            if cached and cached.exists():
                raise InputError(
                    f"{err}; the last good download is kept at {cached} and its table at {table}"
                ) from None
            raise
        if sha != pinned:
            log.warning(
                "%s: sha256 %s differs from the pinned %s; accepted (online.accept_changed): "
                "it parsed and validated",
                where,
                sha,
                pinned,
            )
        if cache_dir:
            # both after every check: a refused file never replaces the last good copy
            write_parquet(with_source(parsed, source_id), table, "observations")
            write_bytes(cached, path.read_bytes())
        return parsed


def main(smk) -> None:
    source_id = smk.wildcards.source
    spec = dict(smk.params.spec)
    registry = load_registry(smk.input.regions, smk.input.aliases)
    snapshot = read_snapshot(
        check_snapshot(smk.input.snapshot, smk.params.sha256, smk.params.sums),
        registry,
        spec,
        source_id,
    )
    if smk.params.mode == "online":
        check_accept_changed(smk.params.online, smk.params.sources)
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


if __name__ == "__main__":
    run(main, globals())
