# Helpers shared by the rules: the package import path, the source list, config checks.
import re
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError


from kzrd.checks import BASELINE_FILES, RES, check_run  # noqa: E402
from kzrd.core.config import config_errors  # noqa: E402
from kzrd.core.errors import InputError  # noqa: E402
from kzrd.data.derived import INDICATORS as DERIVED_INDICATORS  # noqa: E402
from kzrd.data.features import check_sources_present  # noqa: E402
from kzrd.core.deps import data_reads, module_closure  # noqa: E402
from kzrd.core.provenance import commit_stamp  # noqa: E402
from kzrd.paper2025.choices import audit_pairs, figure2_y  # noqa: E402
from kzrd.present.export import csv_path, view_path  # noqa: E402
from kzrd.reference.exhibits import figure_specs, load_registry  # noqa: E402
from kzrd.reference.paper import paper_files  # noqa: E402
from kzrd.reference.review import PATTERN_CAPTIONS, marks, section_titles  # noqa: E402
from kzrd.study2019.index import load_framework  # noqa: E402
from kzrd.study2019.own_time import load_own_time  # noqa: E402
from kzrd.reference.sources import (
    load_apis,
    load_boundaries,
    load_sources,
    snapshot_checksums,
)  # noqa: E402


def src(path):
    """A project file as the rules name it: relative to the working directory when the workflow runs
    in its own directory, else (used as a module, or with -s from elsewhere) under the workflow's.
    """
    return path if LOCAL else str(HERE / path)


RES = {key: src(path) for key, path in RES.items()}
# The region registry: every rule that resolves or names a region reads both files.
REGISTRY = dict(regions=RES["regions"], aliases=RES["aliases"])


def checked(load, *args):
    """``load(*args)``; bad input in a project file stops the run with its one line, no traceback."""
    try:
        return load(*args)
    except InputError as err:
        raise WorkflowError(str(err)) from None


SOURCE_SPECS = checked(load_sources, RES["sources"])
for _spec in SOURCE_SPECS.values():
    _spec["snapshot"] = src(_spec["snapshot"])
SOURCES = sorted(SOURCE_SPECS)
SNAPSHOT_SUMS = checked(snapshot_checksums, RES["sums"])
checked(check_sources_present, set(SOURCES), RES["sources"])
APIS = sorted(checked(load_apis, RES["sources"]))
BOUNDARIES = checked(load_boundaries, RES["sources"])
PAPER = checked(paper_files, RES["paper_meta"])
EXHIBITS = checked(load_registry, RES["exhibits"])
ONLINE = config.get("data_mode") == "online"
# How each exhibit's file appears in Snakemake's report (`make review-report`)
REVIEW = marks(EXHIBITS, section_titles(HERE / "scripts/kzrd/present/templates"))
FIGURE2_Y = figure2_y(ONLINE)
ENV = "../envs/kzrd.yaml"


def mark(path):
    """``path``, marked for Snakemake's report (`snakemake --report`, `make review-report`) with its
    caption, category, subcategory and labels when the exhibit registry shows it
    (kzrd.reference.review); a path with a wildcard is marked for each file it makes. A Parquet
    file is not marked (a browser shows nothing of it): its HTML view is (``mark_view``, rule
    csv_export)."""
    if path.endswith(".parquet"):
        return path
    if "{" not in path:
        m = REVIEW.get(path)
        if m is None:
            return path
        return report(
            path,
            caption=f"../{m.caption}",
            category=m.category,
            subcategory=m.subcategory,
            labels=m.labels,
        )

    def of(wildcards):
        return REVIEW[path.format(**dict(wildcards.items()))]

    def category(wildcards):
        return of(wildcards).category

    def subcategory(wildcards):
        return of(wildcards).subcategory

    def labels(wildcards):
        return of(wildcards).labels

    return report(
        path,
        caption=f"../{PATTERN_CAPTIONS[path]}",
        category=category,
        subcategory=subcategory,
        labels=labels,
    )


def mark_view(parquet):
    """The HTML view of a Parquet file the exhibit registry shows (results/csv/<path>.html),
    marked for Snakemake's report with that file's caption, category, subcategory and labels.
    """
    m = REVIEW[parquet]
    return report(
        view_path(parquet),
        caption=f"../{m.caption}",
        category=m.category,
        subcategory=m.subcategory,
        labels=m.labels,
    )


def check_config(cfg):
    """Stop with one line naming the key of the first configuration problem."""
    problems = config_errors(cfg)
    if problems:
        raise WorkflowError(problems[0])


def own_time_sources():
    """The sources of the common set of resources/own_time.yaml (their clean tables are read)."""
    framework = checked(load_framework, Path(config["study2019"]["framework"]))
    own = checked(load_own_time, Path(RES["own_time"]), framework, SOURCE_SPECS)
    return sorted({i["source"] for i in own["common_set"]})


def fetched_boundaries():
    """The boundary set online mode fetches for the map, or None (offline, configured file, or off)."""
    s = config["study2019"]
    return s["fetch_boundaries"] if ONLINE and not s["boundaries"] else None


def boundary_outputs(boundary_id):
    """The fetched files of a boundary set, by extension: results/raw/boundaries/<id>/<file>."""
    return {
        Path(name).suffix[1:]: f"results/raw/boundaries/{boundary_id}/{name}"
        for name in BOUNDARIES[boundary_id]["files"]
    }


def map_boundaries():
    """The map's boundary file and attribution: a configured shapefile, the set fetched online, or
    the simplified extraction of the same set shipped in resources/geo (the offline default). The
    key is ``shp`` whatever the format (the documents' captions read it)."""
    s = config["study2019"]
    if s["boundaries"]:
        return dict(
            shp=s["boundaries"],
            attribution=s["boundaries_attribution"],
            origin="configured",
        )
    fetched = fetched_boundaries()
    if fetched:
        return dict(
            shp=boundary_outputs(fetched)["shp"],
            attribution=BOUNDARIES[fetched]["attribution"],
            origin=f"fetched online ({BOUNDARIES[fetched]['edition']}, every file sha256-verified)",
        )
    return dict(
        shp=RES["boundaries"],
        attribution=s["boundaries_attribution"],
        origin="shipped with the project: a simplified extraction of the geokz shapefile "
        "(resources/geo/README.md, built by scripts/build_geo.py)",
    )


def map_inputs(wildcards=None):
    """The boundary files the map reads (a change reruns it)."""
    fetched = fetched_boundaries()
    if fetched:
        return list(boundary_outputs(fetched).values())
    return [map_boundaries()["shp"]]


def code_of(script):
    """The script, the package modules it imports, directly or not, and the project files those
    modules read themselves (their READS lists, e.g. schemas/outputs.yaml): computed from the
    imports, so that editing any of them reruns the rule."""
    path = HERE / "scripts" / f"{script}.py"
    package = HERE / "scripts" / "kzrd"
    return [
        src(f"scripts/{script}.py"),
        *(src(f"scripts/{m}") for m in module_closure(path, package)),
        *map(src, data_reads(path, package)),
    ]


def snapshot_of(wildcards):
    """The shipped snapshot of a source (resources/sources.yaml, key snapshot)."""
    return SOURCE_SPECS[wildcards.source]["snapshot"]


def source_spec(wildcards):
    """A source's entry of resources/sources.yaml, as a param: editing one source reruns that
    source's jobs only (the file is read, and checked, when the workflow loads)."""
    return SOURCE_SPECS[wildcards.source]


def snapshot_sha256(wildcards):
    """The checksum SHA256SUMS gives the source's snapshot (None if it has no line), as a param:
    a new line for one snapshot reruns that snapshot's download only."""
    return SNAPSHOT_SUMS.get(Path(SOURCE_SPECS[wildcards.source]["snapshot"]).name)


def api_tables(wildcards=None):
    """Online-only API tables (World Bank, Taldau); none in snapshot mode."""
    return expand(rules.fetch_api.output.raw, api=APIS) if ONLINE else []


def sources_declaring(indicators):
    """The sources that declare any of ``indicators`` in resources/sources.yaml."""
    return sorted(
        sid
        for sid, spec in SOURCE_SPECS.items()
        if set(spec["indicators"]) & set(indicators)
    )


def clean_tables(wildcards=None):
    """The validated table of every source."""
    return expand(rules.clean.output.clean, source=SOURCES)


def resources_of(rule_name, key):
    """A rule's cluster resource (threads, mem_mb, runtime) from config key resources.<rule>."""
    return config["resources"][rule_name][key]


def project_files():
    """Every project file a run of the workflow reads (the snapshot baseline of online mode runs the
    whole workflow in a copy made of exactly these)."""
    root = HERE
    files = [root / "Snakefile", root / "config.yaml", root / RES["lock"]]
    for folder, pattern in (
        ("rules", "*.smk"),
        ("scripts", "*.py"),
        ("scripts/kzrd/present/templates", "*.j2"),
        ("schemas", "*.yaml"),
        ("resources", "*"),
        ("envs", "*.yaml"),
        ("profiles", "*.yaml"),
    ):
        files += [p for p in (root / folder).rglob(pattern) if p.is_file()]
    return sorted(
        {str(p.relative_to(root)) for p in files if "__pycache__" not in p.parts}
    )


def baseline_inputs(wildcards=None):
    """Rule snapshot_baseline's inputs: the two files of the finished run named by config key
    online.baseline, or every project file (to run the snapshot workflow in a scratch copy).
    """
    base = config["online"]["baseline"]
    if base:
        return {key: str(Path(base) / f) for key, f in BASELINE_FILES.items()}
    return dict(project=project_files())


def pipeline_commit():
    """The commit of this checkout and its date for the title block, naming uncommitted changes
    (kzrd.core.provenance)."""
    return commit_stamp(HERE)


def output_rules(wildcards=None):
    """Output pattern -> the rule that writes it (the data appendix names each file's rule)."""
    return {str(f): r.name for r in workflow.rules for f in r.output}


def exhibit_files():
    """Every file an exhibit of resources/exhibits.yaml shows (inputs of the report rules)."""
    return sorted(
        {
            f if f.startswith("results/") else src(f)
            for e in EXHIBITS
            for f in e["files"]
        }
    )


FIGURES = figure_specs(EXHIBITS)


def figure_inputs(wildcards):
    """The files the figure job of one figure reads (its exhibit's ``inputs`` in the registry):
    '<rule>.<key>' is that rule's output, a key of RES that project file, 'config:<a.b>' a configured
    path, '@map' the map's boundary files."""
    spec = FIGURES[wildcards.figure]
    out = {}
    for name, ref in spec["inputs"].items():
        if ref == "@map":
            out[name] = map_inputs()
        elif ref.startswith("config:"):
            value = config
            for key in ref.removeprefix("config:").split("."):
                value = value[key]
            out[name] = value
        elif ref in RES:
            out[name] = RES[ref]
        else:
            rule_name, key = ref.split(".", 1)
            out[name] = getattr(getattr(rules, rule_name).output, key)
    return out


def figure_params(wildcards):
    """The figure's settings: the analysis year, the two cities (config audit.cities) and, for the
    map, its boundaries."""
    out = dict(
        draw=FIGURES[wildcards.figure]["draw"],
        year=config["year"],
        cities=list(config["audit"]["cities"]),
    )
    if "@map" in FIGURES[wildcards.figure]["inputs"].values():
        b = map_boundaries()
        out.update(boundaries=b["shp"], attribution=b["attribution"])
    return out


def figure_files(ext):
    """Every figure of the registry as results/figures/<name>.<ext> (ext "narrow.svg": the variant
    for phones)."""
    return expand("results/figures/{figure}.{ext}", figure=sorted(FIGURES), ext=ext)


def parquet_outputs():
    """Every Parquet file the workflow writes (the data appendix lists them all)."""
    files = set()
    for r in workflow.rules:
        for f in r.output:
            f = re.sub(r"\{(\w+),[^}]*\}", r"{\1}", str(f))  # drop wildcard constraints
            if not f.endswith(".parquet"):
                continue
            if "{" not in f:
                files.add(f)
            elif "{source}" in f:
                files |= set(expand(f, source=SOURCES))
            elif "{api}" in f and ONLINE:
                files |= set(expand(f, api=APIS))
            elif "{lang}" in f:  # rule verdicts_translated
                files |= set(expand(f, lang=translations()))
            elif "{chunk}" in f:
                files |= set(expand(f, chunk=range(config["study2019"]["mc_chunks"])))
    return sorted(files)


# the main report and the supplement, in English or with a language suffix (report.ru, supplement.kk)
DOCUMENT_NAMES = r"(report|supplement)(\.(ru|kk))?"


def translations():
    """The languages of config report.languages other than English (each figure is also drawn
    in them); read once the schema has filled in the defaults."""
    return [c for c in config["report"]["languages"] if c != "en"]


def translated_figures():
    """The figure job's outputs in the other languages: svg_<lang>, png_<lang>, narrow_<lang>
    (results/figures/<figure>.<lang>.svg, .png and .narrow.svg)."""
    return {
        f"{kind}_{c}": f"results/figures/{{figure}}.{c}.{ext}"
        for c in translations()
        for kind, ext in (("svg", "svg"), ("png", "png"), ("narrow", "narrow.svg"))
    }


def documents():
    """The documents the default target asks for: the main report and the supplement, HTML and PDF,
    in every language of config report.languages (English without a suffix), and the data
    appendix (English)."""
    suffixes = ["" if c == "en" else f".{c}" for c in config["report"]["languages"]]
    return expand(
        "results/report/{doc}{lang}.{ext}",
        doc=["report", "supplement"],
        lang=suffixes,
        ext=["html", "pdf"],
    ) + ["results/report/data.html"]


def report_inputs(wildcards=None):
    """Every file the report rules read: by name those the documents' tables read, the registry's
    exhibit files, every Parquet output for the data appendix, figures, numbers, templates and the
    resources the appendix lists."""
    a, out = rules.audit.output, rules.index_2019.output
    c, mc = rules.clusters_2019.output, rules.mc_gather.output
    tables = dict(
        paper=rules.paper_tables.output[0],
        cross_section=rules.features.output.cross_section,
        shares=rules.concentration.output.shares,
        indices=rules.concentration.output.indices,
        correlation=rules.correlation.output.stats,
        points=rules.correlation.output.points,
        trends=rules.trends.output.trends,
        slopes=rules.trends.output.slopes,
        counterparts=rules.counterparts.output[0],
        validation=rules.validation.output[0],
        derived_sums=rules.derived_sums.output.sums,
        own_time_grid=rules.index_2019_own_time.output.grid,
        verdicts=rules.verdicts.output.verdicts,
        multiverse=rules.verdicts.output.multiverse,
        verdict_numbers=rules.verdicts.output.numbers,
        values=a.values,
        by_year=a.by_year,
        magnitude_totals=a.magnitude_totals,
        magnitude_regions=a.magnitude_regions,
        growth=a.growth,
        year_alignment=a.year_alignment,
        audit_correlations=a.correlations,
        audit_figure1=a.figure1,
        audit_concentration=a.concentration,
        audit_concentration_time=a.concentration_time,
        audit_lq=a.lq,
        index_scores=out.scores,
        index_blocks=out.blocks,
        index_weights=out.weights,
        index_missing=out.missing,
        cluster_members=c.members,
        conclusion=c.conclusion,
        bands=mc.bands,
        effects=mc.effects,
    )
    if ONLINE:  # the key results that differ from a snapshot run of the same workflow
        tables["comparison"] = rules.online_comparison.output[0]
    # a translated document (report.ru): its catalogue, verdicts and figures <figure>.ru.svg
    code = (
        getattr(wildcards, "doc", "").partition(".")[2] if wildcards is not None else ""
    )
    if code:  # its verdicts' words composed in its language (rule verdicts_translated)
        tables["catalogue"] = src(f"resources/locale/{code}.po")
        tables["verdicts"] = f"results/audit/verdicts.{code}.parquet"
        tables["multiverse"] = f"results/audit/multiverse.{code}.parquet"
    lang = f"{code}." if code else ""
    return {
        **tables,
        "svg": figure_files(f"{lang}svg"),
        "png": figure_files(f"{lang}png"),
        "narrow": figure_files(f"{lang}narrow.svg"),
        # (the translated verdicts: for the data appendix only, which lists every Parquet file)
        "parquet": [
            p
            for p in parquet_outputs()
            if getattr(wildcards, "doc", None) == "data"
            or not re.search(r"\.(ru|kk)\.", p)
        ],
        # the data appendix links every Parquet file to its CSV (rule csv_export)
        "csv": (
            [csv_path(p) for p in parquet_outputs()]
            if getattr(wildcards, "doc", None) == "data"
            else []
        ),
        "exhibit_files": exhibit_files(),
        "numbers": rules.number_registry.output[0],
        "templates": [
            src(f"scripts/kzrd/present/templates/{t}.html.j2")
            for t in ["base", "report", "supplement", "data"]
        ],
        "framework": config["study2019"]["framework"],
        **{
            k: RES[k]
            for k in (
                "exhibits",
                "claims",
                "sources",
                "sums",
                "schemas",
                "paper_meta",
                "abstract_quotes",
            )
        },
        **REGISTRY,
    }


wildcard_constraints:
    source="|".join(SOURCES),
    api="|".join(APIS),
    chunk=r"\d+",
    figure="|".join(sorted(FIGURES)),
