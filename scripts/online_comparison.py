"""Rule online_comparison (online mode only): every key result (verdict, number of the registry) of
the online run that differs from the same workflow run from the shipped snapshots."""

import logging

from kzrd.core.io import write_parquet
from kzrd.core.rule import run
from kzrd.present.compare import compare_key_results, load_numbers, load_verdicts

log = logging.getLogger("online_comparison")


def main(smk) -> None:
    i = smk.input
    diff = compare_key_results(
        (load_numbers(i.snapshot_numbers), load_verdicts(i.snapshot_verdicts)),
        (load_numbers(i.numbers), load_verdicts(i.verdicts)),
    )
    log.info("%d key result(s) differ between the snapshot and the online run", len(diff))
    write_parquet(diff, smk.output[0], "online_comparison")


if __name__ == "__main__":
    run(main, globals())
