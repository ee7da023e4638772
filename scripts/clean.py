"""Rule clean: validate a raw table and write it as results/clean/{source}.parquet."""

import logging

from kzrd.clean import errors, validate
from kzrd.cli import run
from kzrd.errors import InputError
from kzrd.io import read_parquet, write_parquet
from kzrd.regions import default_registry
from kzrd.sources import load_sources

log = logging.getLogger("clean")


def main(smk) -> None:
    source_id = smk.wildcards.source
    raw = read_parquet(smk.input.raw)
    findings = validate(raw, source_id, load_sources()[source_id]["indicators"], default_registry())
    for f in findings.itertuples():
        log.log(
            logging.ERROR if f.severity == "error" else logging.WARNING,
            "%s %s: %s",
            f.check,
            f.kato,
            f.message,
        )
    bad = errors(findings)
    if len(bad):
        first = bad.iloc[0]
        raise InputError(
            f"{smk.input.raw}: {len(bad)} validation error(s); first: {first['check']}: {first['message']}"
        )
    write_parquet(findings, smk.output.validation, "validation")
    write_parquet(raw, smk.output.clean, "observations")


if __name__ == "__main__":
    run(main, globals())
