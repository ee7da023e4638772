"""Rule verdicts: every claim of resources/claims.yaml decided under every specification of its
choices and thresholds (the multiverse), and its published verdict by the meta-rule. Rule
verdicts_translated: the same, with the words composed in another language of the documents."""

import logging
from dataclasses import replace

import pandas as pd

from kzrd.core import i18n
from kzrd.core.io import read_parquet, write_parquet
from kzrd.core.rule import run
from kzrd.paper2025 import audit
from kzrd.paper2025.claims import choice_columns, load_claims, with_config
from kzrd.paper2025.verdicts import Evidence, verdict_tables
from kzrd.reference.paper import load_table
from kzrd.reference.regions import load_registry


def plain(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects: the decision functions filter small tables thousands of times,
    which Arrow-backed strings make slow (the same values, the same outputs)."""
    return df.astype({c: object for c, t in df.dtypes.items() if str(t) == "string"})


def main(smk) -> None:
    i, p = smk.input, smk.params
    columns = choice_columns()
    claims = with_config(load_claims(i.claims, columns), dict(p.claims))
    registry = load_registry(i.regions, i.aliases)
    cs = read_parquet(i.cross_section)
    by_year = plain(read_parquet(i.by_year))
    ev = Evidence(
        values=plain(read_parquet(i.values)),
        by_year=by_year,
        totals=plain(read_parquet(i.magnitude_totals)),
        levels=plain(read_parquet(i.magnitude_regions)),
        growth=plain(read_parquet(i.growth)),
        correlations=plain(read_parquet(i.correlations)),
        cells=plain(read_parquet(i.paper)),
        stated=load_table(i.figure1_shares, registry).set_index("kato")["value"],
        cities=tuple(p.cities),
        trend_regions=tuple(p.trend_regions),
        names={k: registry.name(k) for k in registry.regions["kato"]},
        figure1_candidates=plain(read_parquet(i.figure1)),
        own_time=plain(read_parquet(i.own_time)),
        period=claims.period,
    )
    words = dict(
        cross_section=str(int(p.year)),
        before_change=str(max(registry.created.values()) - 1),
        last=str(int(by_year["year"].max())),
        study_year=str(int(p.study_year)),
    )
    code = getattr(smk.wildcards, "lang", None)
    if code:  # rule verdicts_translated
        names = registry.names_in(code)
        language = i18n.load(code, i.catalogue, names)
        with i18n.activate(language):
            verdicts, _numbers, mv = verdict_tables(
                claims, replace(ev, names={**ev.names, **names}), words, columns
            )
        for message in sorted(language.missing):
            logging.getLogger(__name__).warning("untranslated (%s): %s", code, message)
        write_parquet(verdicts, smk.output.verdicts, "audit_verdicts")
        write_parquet(mv, smk.output.multiverse, "audit_multiverse")
        return
    verdicts, numbers, mv = verdict_tables(claims, ev, words, columns)
    extra = pd.DataFrame(
        [
            dict(claim_id="table1_researchers", id="head_count_per_fte", value=audit.head_count_per_fte(cs),
                 unit="persons per FTE", text=f"{audit.head_count_per_fte(cs):.2f}"),
        ]
    )  # fmt: skip
    write_parquet(verdicts, smk.output.verdicts, "audit_verdicts")
    write_parquet(
        pd.concat([numbers, extra], ignore_index=True), smk.output.numbers, "audit_verdict_numbers"
    )
    write_parquet(mv, smk.output.multiverse, "audit_multiverse")


if __name__ == "__main__":
    run(main, globals())
