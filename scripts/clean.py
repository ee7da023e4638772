"""Rule clean: validate a raw table and write it as results/clean/{source}.parquet."""

import logging

from kzrd.core import contract
from kzrd.core.errors import InputError
from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.data.clean import errors, usable_table, validate
from kzrd.reference.regions import load_registry

log = logging.getLogger("clean")


def snapshot_line(path: str, finding) -> int | None:
    """The line of the snapshot CSV that holds the value of a finding (None for a finding about no
    single value, or a value the snapshot does not hold)."""
    table = contract.read_table(path, "snapshot")
    key = (table["kato"] == finding["kato"]) & (table["indicator"] == finding["indicator"])
    key &= table["year"].astype(str) == str(finding["year"])
    hits = [n for n, hit in zip(table.attrs["lines"], key, strict=True) if hit]
    return hits[0] if hits else None


def main(smk) -> None:
    source_id = smk.wildcards.source
    raw = read_parquet(smk.input.raw)
    spec = dict(smk.params.spec)
    registry = load_registry(smk.input.regions, smk.input.aliases)
    findings = validate(raw, source_id, spec["indicators"], registry, spec.get("accept"))
    for f in findings.itertuples():  # every finding in the job's log; errors also on the screen
        log.log(
            logging.ERROR if f.severity == "error" else logging.INFO,
            "%s %s %s: %s",
            f.severity,
            f.check,
            f.kato,
            f.message,
        )
    warnings = int((findings["severity"] == "warning").sum()) if len(findings) else 0
    if warnings:
        log.warning(
            "%d validation warning(s) for %s, expected for the shipped files (an unusable value stays "
            "missing with its reason): each in %s and in the supplement's table of validation findings",
            warnings,
            source_id,
            smk.log[0] if len(smk.log) else "results/clean/validation.parquet",
        )
    bad = errors(findings)
    if len(bad):
        first = bad.iloc[0]
        line = snapshot_line(smk.input.snapshot, first) if smk.params.mode == "snapshot" else None
        raise InputError(
            (f"{smk.input.snapshot}: line {line}: " if line else "")
            + f"source {source_id}: {first['check']} for {first['kato']} {first['indicator']} "
            f"{first['year']}: {first['message']}"
            + (f" ({len(bad) - 1} more error(s) in {smk.log[0]})" if len(bad) > 1 else "")
        )
    write_parquet(findings, smk.output.validation, "validation")
    write_parquet(usable_table(raw, findings), smk.output.clean, "observations")


if __name__ == "__main__":
    run(main, globals())
