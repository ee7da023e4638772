# Helpers shared by the rules: the package import path, the source list, config checks.
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError

sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))

from kzrd.config import config_errors  # noqa: E402
from kzrd.deps import module_closure  # noqa: E402
from kzrd.exhibits import load_registry  # noqa: E402
from kzrd.regions import default_registry  # noqa: E402
from kzrd.sources import load_apis, load_boundaries, load_sources  # noqa: E402

SOURCES = sorted(load_sources())
APIS = sorted(load_apis())
BOUNDARIES = load_boundaries()
ONLINE = config.get("data_mode") == "online"
# Figure 2: the true variable needs Taldau (online); offline the official proxy is used and labelled.
FIGURE2_Y = "technical_employment_share_pct" if ONLINE else "researchers_per_million"
# The Figure 2 family of tests (Holm adjustment across it): counts beside per-capita versions.
AUDIT_PAIRS = [
    dict(family="figure2", x="universities", y=FIGURE2_Y, label="Figure 2 as drawn"),
    dict(
        family="figure2",
        x="universities_per_100k",
        y=FIGURE2_Y,
        label="per-capita universities",
    ),
    dict(
        family="figure2",
        x="universities",
        y="researchers",
        label="counts: universities and researchers",
    ),
    dict(
        family="figure2",
        x="universities_per_100k",
        y="researchers_per_10k",
        label="per capita: universities and researchers",
    ),
]
ENV = "../envs/kzrd.yaml"


def check_config(cfg):
    """Stop with one line naming the key of the first configuration problem."""
    problems = config_errors(cfg)
    if problems:
        raise WorkflowError(problems[0])


def check_region_keys(cfg):
    """Stop with a message naming the key if a configured region is not in the registry."""
    known = set(default_registry().current["kato"])
    wanted = [
        ("regions", k) for k in ([] if cfg["regions"] == "all" else cfg["regions"])
    ]
    wanted += [("trend_regions", k) for k in cfg["trend_regions"]]
    for key, kato in wanted:
        if kato not in known:
            raise WorkflowError(
                f"config key '{key}': unknown region {kato!r} (not a current region in resources/regions.csv)"
            )
    if cfg["trend_years"]["first"] > cfg["trend_years"]["last"]:
        raise WorkflowError("config key 'trend_years': first is after last")
    fetch_id = cfg["study2019"]["fetch_boundaries"]
    if fetch_id is not None and fetch_id not in BOUNDARIES:
        raise WorkflowError(
            f"config key 'study2019.fetch_boundaries': unknown boundary set {fetch_id!r} "
            f"(resources/sources.yaml lists: {', '.join(sorted(BOUNDARIES))})"
        )
    unknown = sorted(set(cfg["online"]["urls"]) - set(SOURCES) - set(BOUNDARIES))
    if unknown:
        raise WorkflowError(
            f"config key 'online.urls': unknown source id(s) {', '.join(unknown)}"
        )


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
    """The map's shapefile and attribution: a configured file, the fetched set, or none (tile grid)."""
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
    return dict(shp=None, attribution="", origin="")


def map_inputs(wildcards=None):
    """The boundary files the map reads (a change reruns it); none for the tile grid."""
    fetched = fetched_boundaries()
    if fetched:
        return list(boundary_outputs(fetched).values())
    shp = map_boundaries()["shp"]
    return [shp] if shp else []


def code_of(script):
    """The package modules a rule's script imports, directly or not (computed from its imports, so
    that editing any of them reruns the rule): inputs next to the script's own file."""
    return [
        f"scripts/{m}"
        for m in module_closure(
            Path(workflow.basedir) / "scripts" / f"{script}.py",
            Path(workflow.basedir) / "scripts" / "kzrd",
        )
    ]


def api_tables(wildcards=None):
    """Online-only API tables (World Bank, Taldau); none in snapshot mode."""
    return expand("results/raw/{api}.parquet", api=APIS) if ONLINE else []


def clean_tables(wildcards=None):
    return expand("results/clean/{source}.parquet", source=SOURCES)


def pipeline_commit():
    """The commit of this checkout and its date (for the title block); 'not a git checkout' otherwise."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%h %cs"],
            cwd=workflow.basedir,
            capture_output=True,
            text=True,
            timeout=10,
        )
        h, d = (
            out.stdout.split()
            if out.returncode == 0 and out.stdout.strip()
            else ("", "")
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        h, d = "", ""
    return dict(hash=h or "not a git checkout", date=d or "date unknown")


def output_rules(wildcards=None):
    """Output pattern -> the rule that writes it (the data appendix names each file's rule)."""
    return {str(f): r.name for r in workflow.rules for f in r.output}


def exhibit_files():
    """Every file an exhibit of resources/exhibits.yaml shows (inputs of the report rules)."""
    registry = load_registry(Path(workflow.basedir) / "resources" / "exhibits.yaml")
    return sorted({f for e in registry for f in e["files"]})


def report_inputs(wildcards=None):
    """Every file the report rules read: outputs, figures, resources and the appendix's listing."""
    figures = {
        f"{key}_{ext}": f"results/figures/{name}.{ext}"
        for key, name in [
            ("fig1", "fig1_concentration"),
            ("fig2", "fig2_correlation"),
            ("fig3", "fig3_trends"),
            ("fig4", "fig4_digital"),
            ("fig5", "fig5_concentration_time"),
            ("fig6", "fig6_index"),
            ("fig7", "fig7_dendrogram"),
            ("fig8", "fig8_rank_bands"),
            ("fig9", "fig9_map"),
        ]
        for ext in ("svg", "png")
    }
    tables = dict(
        paper="results/clean/paper_tables.parquet",
        cross_section="results/features/cross_section.parquet",
        shares="results/analysis/concentration_shares.parquet",
        indices="results/analysis/concentration_indices.parquet",
        correlation="results/analysis/correlation.parquet",
        points="results/analysis/figure2_points.parquet",
        trends="results/analysis/trends.parquet",
        slopes="results/analysis/trend_slopes.parquet",
        counterparts="results/analysis/counterparts.parquet",
        validation="results/clean/validation.parquet",
        national="results/analysis/national_series.parquet",
        upstream_diff="results/raw/upstream_diff.parquet",
        verdicts="results/audit/verdicts.parquet",
        by_year="results/audit/official_by_year.parquet",
        magnitude_totals="results/audit/magnitude_totals.parquet",
        magnitude_regions="results/audit/magnitude_regions.parquet",
        enterprise_bases="results/audit/enterprise_bases.parquet",
        growth="results/audit/growth.parquet",
        digital="results/audit/digital_spread.parquet",
        year_alignment="results/audit/year_alignment.parquet",
        audit_correlations="results/audit/correlations.parquet",
        audit_totals="results/audit/totals.parquet",
        audit_figure1="results/audit/figure1_candidates.parquet",
        audit_concentration="results/audit/concentration_2022.parquet",
        audit_concentration_time="results/audit/concentration_over_time.parquet",
        audit_lq="results/audit/location_quotients.parquet",
        index_scores="results/index/scores.parquet",
        index_blocks="results/index/blocks.parquet",
        index_outliers="results/index/outliers.parquet",
        index_weights="results/index/weights.parquet",
        index_missing="results/index/missing.parquet",
        index_correlations="results/index/correlations.parquet",
        cluster_members="results/clusters/members.parquet",
        cluster_profiles="results/clusters/profiles.parquet",
        cluster_summary="results/clusters/summary.parquet",
        conclusion="results/clusters/paper_conclusion.parquet",
        bands="results/montecarlo/rank_bands.parquet",
        effects="results/montecarlo/choice_effects.parquet",
    )
    parquet = sorted(
        set(tables.values())
        | set(expand("results/raw/{source}.parquet", source=SOURCES))
        | set(expand("results/raw/{source}.diff.parquet", source=SOURCES))
        | set(expand("results/clean/{source}.parquet", source=SOURCES))
        | set(expand("results/clean/{source}.validation.parquet", source=SOURCES))
        | {"results/features/panel.parquet", "results/features/variables.parquet"}
        | set(api_tables())
        | set(expand("results/index/{t}.parquet", t=["raw", "treated", "normalised"]))
        | {"results/clusters/silhouette.parquet", "results/clusters/linkage.parquet"}
        | set(
            expand(
                "results/montecarlo/{kind}_{chunk}.parquet",
                kind=["chunk", "effects"],
                chunk=range(config["study2019"]["mc_chunks"]),
            )
        )
    )
    parquet = sorted(
        set(parquet)
        | set(
            expand(
                "results/audit/{t}.parquet",
                t=["leaders", "verdict_numbers", "correlations", "totals"],
            )
        )
        | set(tables.values())
    )
    return {
        **figures,
        **tables,
        "parquet": parquet,
        "templates": expand(
            "scripts/kzrd/templates/{t}.html.j2",
            t=["base", "report", "supplement", "data"],
        ),
        "numbers": "results/report/numbers.json",
        "exhibits": "resources/exhibits.yaml",
        "exhibit_files": exhibit_files(),
        "sources": "resources/sources.yaml",
        "sums": "resources/snapshots/SHA256SUMS",
        "references": "resources/external/national_references.csv",
        "schemas": "schemas/outputs.yaml",
        "paper_meta": "resources/paper/tables.yaml",
        "lock": "requirements.lock",
        "tilegrid": "resources/tilegrid.csv",
        "framework": config["study2019"]["framework"],
    }


wildcard_constraints:
    source="|".join(SOURCES),
    api="|".join(APIS),
    chunk=r"\d+",
