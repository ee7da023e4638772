"""The three documents (main report, supplement, data appendix) from the rule's inputs: the context
of each document, its exhibits and figures, rendered to HTML (SVG figures) or to the HTML the PDF is
printed from (PNG figures). Every file read is one of the rule's declared inputs."""

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from kzrd import PROJECT_ROOT
from kzrd.core import i18n
from kzrd.core.io import read_parquet, sha256_file, write_bytes, write_text
from kzrd.core.schemas import load_schemas
from kzrd.paper2025.claims import choice_columns, load_claims, with_config
from kzrd.paper2025.verdicts import paper_cv
from kzrd.present import context as C
from kzrd.present import figures, fonts, report
from kzrd.reference.exhibits import (
    PRINTED,
    Exhibits,
    doc_href,
    drawing,
    exhibit_rows,
    load_registry,
)
from kzrd.reference.labels import TREND_LABELS
from kzrd.reference.paper import load_abstract_quotes, load_meta
from kzrd.reference.regions import NATIONAL
from kzrd.reference.regions import load_registry as load_regions
from kzrd.reference.sources import (
    load_apis,
    load_boundaries,
    load_references,
    load_sources,
    snapshot_checksums,
)
from kzrd.study2019.index import load_framework

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


def read(path: str) -> pd.DataFrame:
    """A Parquet output as the documents print it: its region names in the language of the render
    (the registry's; kzrd.core.i18n.region_names)."""
    return i18n.region_names(read_parquet(path))


def project_file(path: str) -> Path:
    """A file the exhibit registry names: from the working directory, else (the workflow used as a
    Snakemake module, run elsewhere) from the project's own directory."""
    return Path(path) if Path(path).exists() else PROJECT_ROOT / path


def sources_rows(sources_file: str, sums_file: str) -> list[dict]:
    sums = snapshot_checksums(Path(sums_file))
    rows = []
    for sid, spec in load_sources(Path(sources_file)).items():
        rows.append(dict(id=sid, title=spec["title"], publisher=spec["publisher"], edition=f"{spec['edition']} ({spec['date']}); {spec['licence']}",
                         url_text=spec["url"] or f"no direct URL known; publisher page {spec['landing_page']}",
                         href=spec["url"] or spec["landing_page"],
                         upstream_sha256=spec["upstream_sha256"], snapshot=spec["snapshot"],
                         snapshot_sha256=sums.get(Path(spec["snapshot"]).name, "")))  # fmt: skip
    return rows


def translated_files(entries: list[dict], read: list[str]) -> list[dict]:
    """The exhibits with the files the render reads: in a translated document, the verdicts and the
    multiverse with their words in its language (results/audit/verdicts.<lang>.parquet, ``read``)
    in place of the English ones, so that each exhibit's provenance names the file it shows."""
    code = i18n.current().code
    if code == i18n.SOURCE:
        return entries
    instead = {f.replace(f".{code}.parquet", ".parquet"): f for f in map(str, read)}
    return [dict(e, files=[instead.get(f, f) for f in e["files"]]) for e in entries]


def build_context(smk, document: str, images: str, regions) -> dict:
    """Everything the templates of ``document`` use: the front matter, the numbers registry, the
    exhibits, and the document's own tables (:func:`report_tables`, :func:`supplement_tables`,
    :func:`data_tables`). ``images`` "svg" renders for the screen (the HTML files), "png" for print
    (the PDFs: links to the sibling PDF, fonts from the project's pinned files); ``regions`` is the
    region registry the render read (kzrd.reference.regions)."""
    i, p = smk.input, smk.params
    medium = "print" if images == "png" else "screen"
    entries = translated_files(load_registry(i.exhibits), [i.verdicts, i.multiverse])
    claims = with_config(load_claims(i.claims), dict(p.claims))
    multiverse = read(i.multiverse)
    registry = json.loads(Path(i.numbers).read_text(encoding="utf-8"))
    s = Shared(
        cs=read(i.cross_section),
        cells=read(i.paper),
        verdicts=verdict_words(read(i.verdicts)),
        multiverse=multiverse,
        claims=claims,
        audit_corr=read(i.audit_correlations),
        registry=registry,
        entries=entries,
        sha={f: sha256_file(project_file(f)) for e in entries for f in e["files"]},
        references=load_references(Path(i.sources)),
    )
    claim_rows = C.claim_rows(
        s.verdicts, s.multiverse, s.claims, read(i.verdict_numbers), document, medium
    )
    quoted(claim_rows, load_abstract_quotes(Path(i.abstract_quotes)))
    # the supplement's index exhibits are the cross-section year on today's units with the framework
    sections = C.section_titles()  # the results sections, in the language of the render
    s2019_shown = study2019_reference(s.multiverse) == (str(p.year), "current units", "framework")
    ctx: dict = dict(
        s2019_reference_shown=s2019_shown, rules_shown={},  # a rule already printed: "as for … above"
        s2019_variant="" if s2019_shown else i18n.gettext("Not the reference reading ({year} data, today's regions).").format(year=p.year) + " ",
        document=document, images=images, medium=medium, fonts=fonts.font_faces() if medium == "print" else "", title=i18n.gettext(p.report["title"]), authors=p.report["authors"], mode=p.mode, online_baseline=p.online_baseline,
        lang=i18n.current().code, sfx=i18n.suffix(), translations=translations(document, p.report["languages"]),
        year=int(p.year), commit=dict(p.commit, date=i18n.date_text(p.commit["date"])), meta=load_meta(Path(i.paper_meta).parent),
        corr=read(i.correlation).iloc[0].to_dict(), boundaries=p.boundaries,
        N=C.number_links(registry, document, medium), V={e["id"]: e["value"] for e in registry}, claims=claim_rows, taxonomy=C.taxonomy(),
        references=[dict(id=k, **v) for k, v in s.references.items()], groups=C.verdict_counts(s.verdicts), robust_findings=C.robust_findings,
        sections=list(sections.items()), section_titles=sections, meta_rule=i18n.gettext(s.claims.meta_rule),
        internal=[r for r in claim_rows.values() if r["kind"] == "internal"],
        config_note=C.config_note(s.claims), own_titles=C.own_titles(load_sources(Path(i.sources))), **C.registry_words(regions, list(p.trend_regions), s.cs, load_sources(Path(i.sources)), list(p.cities)),
    )  # fmt: skip
    ctx["multiverse_shows"] = figures.multiverse_kinds(s.multiverse, s.verdicts)
    env = report.env()
    X = Exhibits(entries, document, s.sha, lambda text: env.from_string(i18n.gettext(text)).render(**ctx), medium)  # fmt: skip
    ctx["X"], ctx["link"] = X, X.link
    ctx["figures"] = {
        e["id"]: figure(X, e, images, figure_data(e), set(getattr(i, "narrow", [])))
        for e in entries
        if e["kind"] == "figure" and e["document"] == document
    }
    ctx.update(DOCUMENT_TABLES[document](smk, s, X))
    return ctx


def verdict_words(v: pd.DataFrame) -> pd.DataFrame:
    """The verdicts' words in the language of the render. The verdicts rule composed the sentences
    of a translated document in its language (results/audit/verdicts.<lang>.parquet: the deciding
    words, the counts of specifications, what moves a verdict, the rule); each claim's place in the
    paper and scope are texts of resources/claims.yaml, translated here from the catalogue."""
    if i18n.current().code == i18n.SOURCE:
        return v
    v = v.copy()
    for col in ("where", "scope", "judged", "not_judged", "proxy"):  # (titles: where shown)
        v[col] = v[col].map(lambda t: i18n.gettext(t) if isinstance(t, str) and t else t)
    return v


def quoted(rows: dict[str, dict], abstract: dict[str, dict]) -> None:
    """Each claim's words in the language of the document: the paper's own Kazakh or Russian words
    where its abstract in that language states the claim (``own``: quote and where), else its
    English words with the project's translation (``translation``); in English, the English words."""
    code = i18n.current().code
    for cid, r in rows.items():
        own = abstract.get(cid, {}).get(code)
        r["title"] = i18n.gettext(r["title"])
        r["own"] = own
        r["translation"] = None
        if r["paraphrased"]:  # the project's restatement of a table: translated as a whole
            r["quote"] = i18n.gettext(r["quote"])
        elif code != i18n.SOURCE and own is None:
            r["translation"] = i18n.gettext(r["quote"])


def translations(document: str, languages: list[str]) -> list[tuple[str, str, str]]:
    """The language switch: (code, name, file) of ``document`` in each configured language; the
    data appendix is English only."""
    codes = languages if document in PRINTED else [i18n.SOURCE]
    return [(c, i18n.NAMES[c], f"{document}{i18n.suffix(c)}.html") for c in codes]


@dataclass(frozen=True)
class Shared:
    """What every document's tables draw on (read once per render)."""

    cs: pd.DataFrame
    cells: pd.DataFrame
    verdicts: pd.DataFrame
    multiverse: pd.DataFrame
    claims: Any
    audit_corr: pd.DataFrame
    registry: list
    entries: list
    sha: dict
    references: dict  # resources/sources.yaml, section references

    @property
    def labels(self) -> dict[str, str]:
        """Indicator id -> the paper's printed column header."""
        return dict(zip(self.cells["indicator"], self.cells["column_printed"], strict=False))


def study2019_reference(mv: pd.DataFrame) -> tuple[str, str, str] | None:
    """The 2019 claim's reference reading: (data year, territory, indicator set)."""
    ref = mv[mv["claim_id"].eq("study2019_top5") & mv["reference"]]
    return tuple(ref.iloc[0][["data_year", "territory", "indicator_set"]]) if len(ref) else None


def report_tables(smk, s: Shared, X: Exhibits) -> dict:
    """The main report's tables: verdicts, the paper's levels, the claims' evidence and the internal checks."""
    i, p = smk.input, smk.params
    v, cells = s.verdicts, s.cells
    below = s.claims["enterprises_below_3pct"].t("below_pct").value
    T = dict(
        verdicts=C.verdict_table(v, "official"),
        magnitude_totals=C.magnitude_totals_table(read(i.magnitude_totals)),
        enterprises=C.enterprise_table(read(i.values), cells, list(p.cities), below),
        growth=C.growth_table(read(i.growth)), robust=C.robust_table(s.audit_corr.iloc[0].to_dict(), i18n.and_join(list(s.cs.set_index("kato").loc[list(p.cities), "region"]))),
    )  # fmt: skip
    for t in T.values():  # no column hidden on a phone: each row a card
        t.classes += " cards"
    # page 1's own terms: the bottom line's, the verdict table's caption and Figure 1's
    page1 = [
        "specification",
        "reference reading",
        "band",
        "meta-rule",
        "robust",
        "multiverse",
        "snapshot",
    ]
    if C.verdict_counts(v)["waiting"]:
        page1.append("online mode")
    with i18n.activate(i18n.ENGLISH):  # the glossary's patterns find the English words
        verdict_texts = C.table_texts(C.verdict_table(v, "official"))
    return dict(T=T, terms=C.terms_used(page1 + verdict_texts))


def growth_options(claims) -> tuple[dict[str, str], dict[str, str]]:
    """The short labels of the growth claim's windows and territories (resources/claims.yaml)."""
    c = next(c for c in claims.claims if "window" in c.choices and "territory" in c.choices)
    return tuple(
        {o.id: o.short or o.label for o in c.choices[k].options} for k in ("window", "territory")
    )


def supplement_tables(smk, s: Shared, X: Exhibits) -> dict:
    """The supplement's tables: official tables for all regions, concentration, correlations, trends,
    validation, and the reconstructed 2019 study."""
    i = smk.input
    cs, labels = s.cs, s.labels
    report_href = doc_href("report", "supplement", X.medium)
    fw = load_framework(Path(i.framework))
    effects, validation = read(i.effects), read(i.validation)
    mr = read(i.magnitude_regions)
    T = dict(
        s_internal=C.verdict_table(s.verdicts, "internal", base=report_href), s_rules=C.rules_table(s.verdicts), s_thresholds=C.thresholds_table(s.claims), s_choices=C.choices_table(s.claims, s.multiverse),
        s_specifications=C.specifications_table(s.multiverse, s.verdicts, choice_columns()),
        s_year_alignment=C.year_table(read(i.year_alignment)),
        s_digital=C.digital_table(s.multiverse, paper_cv(s.cells)),
        s_magnitude_regions=C.both_magnitudes_table(mr, int(smk.params.year)),
        s_universities=C.magnitude_regions_table(mr, "table2_universities", int(smk.params.year)),
        **{f"s_paper_{t}": C.paper_table(s.cells, t) for t in ("table1", "table2", "table3")},
        s_cross_section=C.cross_section_table(cs), s_counterparts=C.counterparts_table(read(i.counterparts), labels),
        s_digital_regions=C.digital_regions_table(cs[cs["kato"] != NATIONAL]),
        s_magnitude_years=C.magnitude_years_table(mr),
        s_concentration_indices=C.indices_table(read(i.indices)),
        s_figure1_candidates=C.candidates_table(read(i.audit_figure1), labels),
        s_concentration_2022=C.concentration_2022_table(read(i.audit_concentration)),
        s_concentration_time=C.over_time_table(read(i.audit_concentration_time), dict(zip(cs["kato"], cs["region"], strict=True))),
        s_lq=C.lq_table(read(i.audit_lq)), s_correlations=C.correlations_table(s.audit_corr),
        s_trends=C.trends_table(read(i.trends), TREND_LABELS), s_slopes=C.slopes_table(read(i.slopes), TREND_LABELS),
        s_growth_windows=C.growth_windows_table(read(i.growth), *growth_options(s.claims)),
        s_validation=C.validation_table(validation),
        s_index=C.index_table(read(i.index_scores), list(fw["blocks"])),
        s_blocks=C.blocks_table(read(i.index_blocks), read(i.index_weights)),
        s_clusters=C.clusters_table(read(i.cluster_members)),
        s_conclusion=C.conclusion_table(read(i.conclusion).merge(read(i.bands)[["kato", "median_rank", "p05_rank", "p95_rank"]], on="kato", how="left")),
        s_effects=C.effects_table(effects),
        s_own_time=C.own_time_table(read(i.own_time_grid), study2019_reference(s.multiverse)),
        s_derived_sums=C.derived_sums_table(read(i.derived_sums)),
    )  # fmt: skip
    worst = effects.loc[effects["share_kept"].idxmin()]
    return dict(
        T=T,
        own_time_year=int(read(i.own_time_grid)["data_year"].min()),
        worst_choice=dict(
            choice=worst["choice"], value=C.INDICATOR_LABELS.get(worst["value"], worst["value"])
        ),
        index_missing=read(i.index_missing).to_dict("records"),
        confidential=C.confidential_indicators(validation),
        # online mode: the key results that differ from a snapshot run of the same workflow
        online_comparison=(
            read(i.comparison).to_dict("records") if hasattr(i, "comparison") else None
        ),
    )


def data_tables(smk, s: Shared, X: Exhibits) -> dict:
    """The data appendix: every output file, the numbers registry, sources, references, schemas,
    configuration and environment."""
    i, p = smk.input, smk.params
    appendix = report.outputs_appendix(list(i.parquet))
    rule_of = report.rule_of(p.output_rules)
    listed = {a["path"] for a in appendix}
    for f in sorted({f for e in s.entries for f in e["files"]} - listed):
        appendix.append(
            dict(path=f, schema="", rows=None, columns="", conforms=True, sha256=s.sha[f][:12])
        )
    for a in appendix:
        a["rule"] = rule_of(a["path"]) or (
            "(input file of the project)" if not a["path"].startswith("results/") else ""
        )
    used: dict[str, list] = {}
    for e in s.entries:
        for f in e["files"]:
            used.setdefault(f, []).append(X.ref(e["id"]))
    T = dict(
        d_outputs=C.outputs_table(appendix, used, os.path.dirname(smk.output.html)), d_numbers=C.numbers_table(s.registry),
        d_sources=C.sources_table(sources_rows(i.sources, i.sums)), d_references=C.references_table(s.references),
    )  # fmt: skip
    T["d_exhibits"] = C.exhibits_table(exhibit_rows(s.entries))
    T["d_schemas"] = C.schemas_table(load_schemas(Path(i.schemas)))
    T["d_environment"] = C.environment_table([(n, _version(n)) for n in PACKAGES])
    for table in T.values():  # long paths and checksums break inside a cell, not past the page
        table.classes += " breakable"
    return dict(
        T=T,
        config_text=yaml.safe_dump(smk.config, sort_keys=True, allow_unicode=True),
        apis=[dict(id=k, **val) for k, val in load_apis(Path(i.sources)).items()],
        boundary_sets=[dict(id=k, **val) for k, val in load_boundaries(Path(i.sources)).items()],
    )


DOCUMENT_TABLES = {"report": report_tables, "supplement": supplement_tables, "data": data_tables}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def figure_data(e: dict) -> pd.DataFrame:
    """What a figure shows, as a table (the CSV under its caption), from its entry's Parquet files."""
    frames = [read_parquet(f) for f in e["files"] if f.endswith(".parquet")]
    return figures.figure_table(drawing(e), frames)


def figure(
    X: Exhibits, e: dict, images: str, data: pd.DataFrame, narrow_files: set[str] = frozenset()
):
    """The figure of exhibit ``e`` as the template calls it: the SVG its registry entry names, inlined,
    with its narrow variant for phones (<stem>.narrow.svg) when the rule declares one, or the PNG
    beside it as a data: URI (all are inputs of the rule)."""
    # the registry names the English drawing; the document's language has its own beside it
    svg = str(
        Path(next(f for f in e["files"] if f.endswith(".svg"))).with_suffix(f"{i18n.suffix()}.svg")
    )
    narrow = None
    if images == "svg":
        image = report.inline_svg(svg, f"{e['id']}-")
        narrow_svg = str(Path(svg).with_suffix(".narrow.svg"))  # <figure>[.<lang>].narrow.svg
        if narrow_svg in narrow_files:
            narrow = report.inline_svg(narrow_svg, f"{e['id']}-n-")
    else:
        image = report.png_data_uri(Path(svg).with_suffix(".png"))
    alt = X.render_caption(e["caption"])
    return lambda: X.figure(e["id"], image, data, alt, images == "svg", narrow)


def render(smk, name: str, images: str) -> str:
    """Document ``name`` ('report', 'supplement.ru', …) in its language: the words from that
    language's catalogue (the rule's input ``catalogue``), then its notation of numbers."""
    document, code = i18n.split_document(name)
    regions = load_regions(smk.input.regions, smk.input.aliases)
    language = i18n.load(code, getattr(smk.input, "catalogue", None), regions.names_in(code))
    with i18n.activate(language):
        ctx = build_context(smk, document, images, regions)
        out = ctx["X"].place_rest(report.render(f"{document}.html.j2", ctx), ctx["figures"])
        ctx["X"].check_order()
        out = i18n.localise(out)
    for message in sorted(language.missing):  # in the rule's log; a test fails on each
        logging.getLogger(__name__).warning("untranslated (%s): %s", code, message)
    return out


def write_html(smk, document: str, path: str) -> None:
    """Render ``document`` with inline SVG figures and write it atomically."""
    write_text(path, render(smk, document, "svg"))


def write_pdf(smk, document: str, path: str) -> None:
    """Render ``document`` with PNG figures and print it to PDF with WeasyPrint."""
    # fontTools (font subsetting inside WeasyPrint) stamps fonts with the current time unless
    # SOURCE_DATE_EPOCH is set: fix it so that reruns give the same PDF bytes.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    from weasyprint import HTML

    html = render(smk, document, "png")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "document.pdf"
        # no base URL: the document is self-contained (CSS inline, figures as data: URIs), and the
        # links to the companion documents stay relative ("supplement.html", beside the PDF in
        # results/report/), so the PDF does not depend on where the project lies
        HTML(string=html, base_url=None).write_pdf(target, uncompressed_pdf=False)
        write_bytes(path, target.read_bytes())
