"""Rules report_html and report_pdf: render the paper-style report from computed outputs only."""

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from kzrd import report
from kzrd.cli import run
from kzrd.index import load_framework
from kzrd.io import read_parquet, write_bytes, write_text
from kzrd.labels import TREND_DIGITS, TREND_LABELS
from kzrd.numbers import texts
from kzrd.paper import load_meta
from kzrd.regions import NATIONAL
from kzrd.schemas import load_schemas
from kzrd.sources import load_apis, load_boundaries, load_sources, snapshot_checksums


def build_context(smk, images: str) -> dict:
    i = smk.input
    cells = read_parquet(i.paper)
    meta = load_meta()
    cs = read_parquet(i.cross_section)
    shares = read_parquet(i.shares)
    indices = read_parquet(i.indices)
    corr = read_parquet(i.correlation).iloc[0].to_dict()
    slopes = read_parquet(i.slopes)
    trends = read_parquet(i.trends)
    counterparts = read_parquet(i.counterparts)
    validation = read_parquet(i.validation)
    sums = snapshot_checksums()

    official = shares[shares["basis"] == "official"].sort_values("share_pct", ascending=False)
    share_table = shares.pivot_table(
        index="region", columns="basis", values="share_pct", aggfunc="first"
    )
    order = [r for r in shares[shares["basis"] != "official"]["region"].drop_duplicates()]
    order += [r for r in official["region"] if r not in order]
    share_rows = [
        dict(
            region=r,
            values=[
                share_table.at[r, b] if b in share_table.columns else None for b in report.BASES
            ],
        )
        for r in order
    ]

    trend_years = sorted(y for y in trends["year"].unique() if y >= 2020)
    trend_rows = []
    for (ind, kato, terr), g in trends.groupby(["indicator", "kato", "territory"], sort=True):
        if kato == NATIONAL and terr == "pre2022":
            continue
        vals = g.set_index("year")
        trend_rows.append(
            dict(
                indicator=ind,
                region=g["region"].iloc[0],
                territory=terr,
                values=[vals.at[y, "value"] for y in trend_years],
                notes=sorted({s for s in g["status"] if s not in ("ok", "not published")}),
            )
        )

    figures = {}
    for key in ["fig1", "fig2", "fig3", "fig4", "fig5", "fig6", "fig7", "fig8", "fig9"]:
        figures[key] = (
            report.inline_svg(i[f"{key}_svg"])
            if images == "svg"
            else report.png_data_uri(i[f"{key}_png"])
        )

    sources = []
    for sid, spec in load_sources().items():
        snap = Path(spec["snapshot"]).name
        sources.append(
            dict(
                id=sid,
                publisher=spec["publisher"],
                title=spec["title"],
                edition=spec["edition"],
                date=spec["date"],
                url=spec["url"] or "",
                landing_page=spec["landing_page"],
                licence=spec["licence"],
                upstream_sha256=spec["upstream_sha256"],
                snapshot=spec["snapshot"],
                snapshot_sha256=sums.get(snap, ""),
            )
        )

    cs_regions = cs[cs["kato"] != NATIONAL]
    names = dict(zip(cs["kato"], cs["region"], strict=True))
    national = cs[cs["kato"] == NATIONAL].iloc[0].to_dict()
    top_official = official.head(3).to_dict("records")
    idx = {r["basis"]: r for r in indices.to_dict("records")}
    return dict(
        title=smk.params.report["title"],
        authors=smk.params.report["authors"],
        mode=smk.params.mode,
        year=int(smk.params.year),
        meta=meta,
        tables={t: report.paper_table(cells, t) for t in ["table1", "table2", "table3"]},
        figure1_text=shares[shares["basis"] == "paper_text"].to_dict("records"),
        counterparts={
            t: report.counterpart_layout(g) for t, g in counterparts.groupby("table", sort=True)
        },
        labels=dict(zip(cells["indicator"], cells["column_printed"], strict=False)),
        bases=report.BASES,
        basis_labels={r["basis"]: r["label"] for r in indices.to_dict("records")},
        basis_short=report.BASIS_SHORT,
        indices=indices.to_dict("records"),
        idx=idx,
        share_rows=share_rows,
        top_official=top_official,
        corr=corr,
        n_points=len(read_parquet(i.points)),
        slopes=slopes.to_dict("records"),
        trend_years=trend_years,
        trend_rows=trend_rows,
        trend_labels=TREND_LABELS,
        trend_digits=TREND_DIGITS,
        digital=cs_regions.sort_values("internet_users_pct").to_dict("records"),
        national=national,
        official=cs.sort_values("kato").to_dict("records"),
        official_tables=[
            dict(
                columns=list(t.columns),
                rows=t.drop(columns="KATO").itertuples(index=False, name=None),
            )
            for t in (pd.read_csv(p, dtype={"KATO": str}) for p in i.official_tables)
        ],
        validation=validation.to_dict("records"),
        warnings=validation[validation["severity"] == "warning"].to_dict("records"),
        region_names=names,
        sources=sources,
        figures=figures,
        images=images,
        appendix=report.outputs_appendix(list(smk.input.parquet)),
        schemas=load_schemas(),
        config_text=yaml.safe_dump(smk.config, sort_keys=True, allow_unicode=True),
        figure2_sections=", ".join(
            f"{k} ({v})" for k, v in smk.config["figure2"]["technical_sections"].items()
        ),
        national_series=read_parquet(i.national).to_dict("records"),
        upstream_diff=read_parquet(i.upstream_diff).to_dict("records"),
        apis=[dict(id=k, **v) for k, v in load_apis().items()],
        verdicts=read_parquet(i.verdicts).to_dict("records"),
        N=texts(json.loads(Path(i.numbers).read_text(encoding="utf-8"))),
        audit_corr=read_parquet(i.audit_correlations).to_dict("records"),
        audit_totals=read_parquet(i.audit_totals).to_dict("records"),
        audit_figure1=read_parquet(i.audit_figure1).to_dict("records"),
        audit_concentration=read_parquet(i.audit_concentration).to_dict("records"),
        audit_lq=read_parquet(i.audit_lq).to_dict("records"),
        over_time=report.over_time_rows(read_parquet(i.audit_concentration_time), names),
        index_scores=read_parquet(i.index_scores).sort_values("rank").to_dict("records"),
        index_blocks=read_parquet(i.index_blocks).to_dict("records"),
        index_outliers=read_parquet(i.index_outliers).to_dict("records"),
        index_weights=read_parquet(i.index_weights).to_dict("records"),
        index_missing=read_parquet(i.index_missing).to_dict("records"),
        index_correlations=read_parquet(i.index_correlations).to_dict("records"),
        cluster_members=read_parquet(i.cluster_members).to_dict("records"),
        cluster_profiles=read_parquet(i.cluster_profiles).to_dict("records"),
        cluster_summary=read_parquet(i.cluster_summary).iloc[0].to_dict(),
        conclusion=read_parquet(i.conclusion)
        .merge(
            read_parquet(i.bands)[["kato", "median_rank", "p05_rank", "p95_rank"]],
            on="kato",
            how="left",
        )
        .to_dict("records"),
        bands=read_parquet(i.bands).to_dict("records"),
        effects=read_parquet(i.effects).to_dict("records"),
        worst_choice=read_parquet(i.effects).sort_values("share_kept").iloc[0].to_dict(),
        tiles=pd.read_csv("resources/tilegrid.csv", dtype={"kato": str})
        .merge(cs[["kato", "region"]], on="kato")
        .to_dict("records"),
        boundaries=smk.params.boundaries,
        boundary_sets=[dict(id=k, **v) for k, v in load_boundaries().items()],
        framework=load_framework(Path(smk.config["study2019"]["framework"])),
    )


def main(smk) -> None:
    if smk.params.target == "html":
        write_text(smk.output.html, report.render("report.html.j2", build_context(smk, "svg")))
        return
    # fontTools (font subsetting inside WeasyPrint) stamps fonts with the current time unless
    # SOURCE_DATE_EPOCH is set: fix it so that reruns give the same PDF bytes.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    from weasyprint import HTML

    html = report.render("report.html.j2", build_context(smk, "png"))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "report.pdf"
        HTML(string=html, base_url=str(Path.cwd())).write_pdf(target, uncompressed_pdf=False)
        write_bytes(smk.output.pdf, target.read_bytes())


if __name__ == "__main__":
    run(main, globals())
