"""Rules report_html and report_pdf: the main report, the supplement and the data appendix, rendered
from computed outputs only (every file read is a declared input)."""

import json
import os
import tempfile
from importlib import metadata
from pathlib import Path

import pandas as pd
import yaml

from kzrd import context as C
from kzrd import report
from kzrd.cli import run
from kzrd.exhibits import Exhibits, exhibit_map, load_registry
from kzrd.index import load_framework
from kzrd.io import read_parquet, sha256_file, write_bytes, write_text
from kzrd.labels import TREND_LABELS
from kzrd.paper import load_meta
from kzrd.regions import NATIONAL
from kzrd.schemas import load_schemas
from kzrd.sources import (
    load_apis,
    load_boundaries,
    load_references,
    load_sources,
    snapshot_checksums,
)

PACKAGES = (
    "snakemake",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "weasyprint",
    "jinja2",
    "pyarrow",
    "scikit-learn",
)
FIGURES = {  # exhibit id -> the figure's input key (rules/common.smk, report_inputs)
    "fig_concentration": "fig1", "fig_correlation": "fig2", "fig_trends": "fig3", "fig_digital": "fig4",
    "s_fig_concentration_time": "fig5", "s_fig_index": "fig6", "s_fig_dendrogram": "fig7", "s_fig_rank_bands": "fig8",
    "s_fig_map": "fig9",
}  # fmt: skip


def figure_data(i, cs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """What each figure shows, as a table (the CSV under its caption)."""
    shares = read_parquet(i.shares)
    return {
        "fig_concentration": shares[shares["basis"].isin(["official", "paper_text"])],
        "fig_correlation": read_parquet(i.points),
        "fig_trends": read_parquet(i.trends),
        "fig_digital": cs[["kato", "region", "internet_users_pct", "broadband_1a_per_100", "broadband_1b_per_100", "broadband_1c_per_100"]],
        "s_fig_concentration_time": read_parquet(i.audit_concentration_time),
        "s_fig_index": read_parquet(i.index_scores),
        "s_fig_dendrogram": read_parquet(i.cluster_members),
        "s_fig_rank_bands": read_parquet(i.bands),
        "s_fig_map": read_parquet(i.index_scores).merge(read_parquet(i.cluster_members)[["kato", "kmeans"]], on="kato", how="left"),
    }  # fmt: skip


def sources_rows(sources_file: str, sums_file: str) -> list[dict]:
    sums = snapshot_checksums(Path(sums_file))
    rows = []
    for sid, spec in load_sources(Path(sources_file)).items():
        rows.append(dict(id=sid, title=spec["title"], publisher=spec["publisher"], edition=f"{spec['edition']} ({spec['date']}); {spec['licence']}",
                         url_text=spec["url"] or f"no direct URL known; publisher page {spec['landing_page']}",
                         upstream_sha256=spec["upstream_sha256"], snapshot=spec["snapshot"],
                         snapshot_sha256=sums.get(Path(spec["snapshot"]).name, "")))  # fmt: skip
    return rows


def build_context(smk, document: str, images: str) -> dict:
    i, p = smk.input, smk.params
    entries = load_registry(i.exhibits)
    registry = json.loads(Path(i.numbers).read_text(encoding="utf-8"))
    cs = read_parquet(i.cross_section)
    cells = read_parquet(i.paper)
    v = read_parquet(i.verdicts)
    corr = read_parquet(i.correlation).iloc[0].to_dict()
    audit_corr = read_parquet(i.audit_correlations)
    meta = load_meta(Path(i.paper_meta).parent)
    sha = {f: sha256_file(f) for e in entries for f in e["files"]}
    ctx: dict = dict(
        document=document, images=images, title=p.report["title"], authors=p.report["authors"], mode=p.mode,
        year=int(p.year), commit=p.commit, meta=meta, corr=corr, boundaries=p.boundaries,
        N=C.number_links(registry, document), claims=C.claim_rows(v), taxonomy=C.taxonomy(),
        section=C.SECTION,
    )  # fmt: skip
    env = report.env()
    X = Exhibits(entries, document, sha, lambda text: env.from_string(text).render(**ctx))
    ctx["X"] = X
    figs = figure_data(i, cs)
    ctx["figures"] = {
        k: X_fig(X, k, i, images, figs[k])
        for k, e in ((e["id"], e) for e in entries)
        if e["kind"] == "figure" and e["document"] == document
    }
    labels = dict(zip(cells["indicator"], cells["column_printed"], strict=False))
    c0 = audit_corr.iloc[0].to_dict()
    if document == "report":
        mt, mr = read_parquet(i.magnitude_totals), read_parquet(i.magnitude_regions)
        by_year = read_parquet(i.by_year)
        from kzrd.audit import capital_shares

        ctx["T"] = dict(
            verdicts=C.verdict_table(v, "official"), internal=C.verdict_table(v, "internal"), rules=C.rules_table(v),
            year_alignment=C.year_table(read_parquet(i.year_alignment)), magnitude_totals=C.magnitude_totals_table(mt),
            magnitude_regions=C.both_magnitudes_table(mr, int(p.year)),
            universities=C.magnitude_regions_table(mr, "table2_universities", int(p.year)),
            capital_shares=C.capital_table(capital_shares(by_year)), enterprises=C.enterprise_table(read_parquet(i.enterprise_bases), cells),
            growth=C.growth_table(read_parquet(i.growth)), robust=C.robust_table(c0),
            digital=C.digital_table(read_parquet(i.digital), _paper_cv(cells)),
            **{f"paper_{t}": C.paper_table(cells, t) for t in ("table1", "table2", "table3")},
        )  # fmt: skip
        ctx["paper_citation"] = meta.get("citation", "")
    elif document == "supplement":
        fw = load_framework(Path(i.framework))
        ctx["framework"] = fw
        ctx["T"] = dict(
            s_cross_section=C.cross_section_table(cs), s_counterparts=C.counterparts_table(read_parquet(i.counterparts), labels),
            s_digital_regions=C.digital_regions_table(cs[cs["kato"] != NATIONAL]),
            s_magnitude_years=C.magnitude_years_table(read_parquet(i.magnitude_regions)),
            s_concentration_indices=C.indices_table(read_parquet(i.indices)),
            s_figure1_candidates=C.candidates_table(read_parquet(i.audit_figure1), labels),
            s_concentration_2022=C.concentration_2022_table(read_parquet(i.audit_concentration)),
            s_concentration_time=C.over_time_table(read_parquet(i.audit_concentration_time), dict(zip(cs["kato"], cs["region"], strict=True))),
            s_lq=C.lq_table(read_parquet(i.audit_lq)), s_correlations=C.correlations_table(audit_corr),
            s_trends=C.trends_table(read_parquet(i.trends), TREND_LABELS), s_slopes=C.slopes_table(read_parquet(i.slopes), TREND_LABELS),
            s_validation=C.validation_table(read_parquet(i.validation)),
            s_index=C.index_table(read_parquet(i.index_scores), list(fw["blocks"])),
            s_blocks=C.blocks_table(read_parquet(i.index_blocks), read_parquet(i.index_weights)),
            s_clusters=C.clusters_table(read_parquet(i.cluster_members)),
            s_conclusion=C.conclusion_table(read_parquet(i.conclusion).merge(read_parquet(i.bands)[["kato", "median_rank", "p05_rank", "p95_rank"]], on="kato", how="left")),
            s_effects=C.effects_table(read_parquet(i.effects)),
        )  # fmt: skip
        effects = read_parquet(i.effects)
        worst = effects.loc[effects["share_kept"].idxmin()]
        ctx["worst_choice"] = dict(
            choice=worst["choice"], value=C.INDICATOR_LABELS.get(worst["value"], worst["value"])
        )
        ctx["cluster_summary"] = read_parquet(i.cluster_summary).iloc[0].to_dict()
        ctx["index_missing"] = read_parquet(i.index_missing).to_dict("records")
        ctx["index_outliers"] = read_parquet(i.index_outliers).to_dict("records")
        ctx["index_blocks"] = read_parquet(i.index_blocks).to_dict("records")
        ctx["north_kz"] = read_parquet(i.index_outliers).to_dict("records")
        ctx["tiles"] = (
            pd.read_csv(i.tilegrid, dtype={"kato": str})
            .merge(cs[["kato", "region"]], on="kato")
            .to_dict("records")
        )
        ctx["confidential"] = C.confidential_indicators(read_parquet(i.validation))
        ctx["validation_counts"] = read_parquet(i.validation)["severity"].value_counts().to_dict()
        ctx["upstream_diff"] = read_parquet(i.upstream_diff).to_dict("records")
    else:
        appendix = report.outputs_appendix(list(i.parquet))
        rule_of = report.rule_of(p.output_rules)
        listed = {a["path"] for a in appendix}
        for f in sorted({f for e in entries for f in e["files"]} - listed):
            appendix.append(
                dict(path=f, schema="", rows=None, columns="", conforms=True, sha256=sha[f][:12])
            )
        for a in appendix:
            a["rule"] = rule_of(a["path"]) or (
                "(input file of the project)" if not a["path"].startswith("results/") else ""
            )
        used = {}
        for e in entries:
            for f in e["files"]:
                used.setdefault(f, []).append(X.ref(e["id"]))
        ctx["T"] = dict(
            d_outputs=C.outputs_table(appendix, used), d_numbers=C.numbers_table(registry),
            d_sources=C.sources_table(sources_rows(i.sources, i.sums)), d_references=C.references_table(load_references(Path(i.sources))),
        )  # fmt: skip
        ctx["registry_ids"] = [e["id"] for e in registry]
        ctx["T"]["d_schemas"] = C.schemas_table(load_schemas(Path(i.schemas)))
        ctx["config_text"] = yaml.safe_dump(smk.config, sort_keys=True, allow_unicode=True)
        ctx["T"]["d_environment"] = C.environment_table([(n, _version(n)) for n in PACKAGES])
        ctx["apis"] = [dict(id=k, **val) for k, val in load_apis(Path(i.sources)).items()]
        ctx["boundary_sets"] = [
            dict(id=k, **val) for k, val in load_boundaries(Path(i.sources)).items()
        ]
        ctx["exhibit_map"] = exhibit_map(entries)
    return ctx


def _paper_cv(cells: pd.DataFrame) -> float:
    from kzrd.audit import paper_cv

    return paper_cv(cells)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def X_fig(X: Exhibits, exhibit_id: str, i, images: str, data: pd.DataFrame):
    path = i[f"{FIGURES[exhibit_id]}_{'svg' if images == 'svg' else 'png'}"]
    image = (
        report.inline_svg(path, f"{exhibit_id}-") if images == "svg" else report.png_data_uri(path)
    )
    alt = X.render_caption(X.entries[exhibit_id]["caption"])
    return lambda: X.figure(exhibit_id, image, data, alt, images == "svg")


def render(smk, document: str, images: str) -> str:
    ctx = build_context(smk, document, images)
    out = report.render(f"{document}.html.j2", ctx)
    ctx["X"].check_order()
    return out


def main(smk) -> None:
    document = smk.wildcards.doc
    if smk.params.target == "html":
        write_text(smk.output.html, render(smk, document, "svg"))
        return
    # fontTools (font subsetting inside WeasyPrint) stamps fonts with the current time unless
    # SOURCE_DATE_EPOCH is set: fix it so that reruns give the same PDF bytes.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    from weasyprint import HTML

    html = render(smk, document, "png")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{document}.pdf"
        HTML(string=html, base_url=str(Path.cwd())).write_pdf(target, uncompressed_pdf=False)
        write_bytes(smk.output.pdf, target.read_bytes())


if __name__ == "__main__":
    run(main, globals())
