"""A finished run as a Workflow Run RO-Crate (Provenance Run Crate profile 0.5), built with the
``rocrate`` library.

What goes in: every file under ``results/`` with its sha256 and the job that wrote it; one action
per job, read from Snakemake's own records of the run (``.snakemake/metadata``, one JSON record
per output file) and from the job's benchmark file; the workflow's files (Snakefile, rules,
scripts, resources, schemas, environments, locks) with the commit and the files that differ from
it; the configuration the run used (``results/config.yaml``, rule run_config); the upstream sources
of ``resources/sources.yaml`` with publisher, licence, address and checksum; the two studies; the
software the run was pinned to (``requirements.lock``).

The crate's files are hard links to the run's own (a copy only where the file system refuses a
link), so a crate costs no second copy of the results; its zip is the copy to deposit.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import platform
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rocrate.model.contextentity import ContextEntity
from rocrate.rocrate import ROCrate

from kzrd.checks import RES
from kzrd.core.errors import InputError
from kzrd.core.io import sha256_file
from kzrd.core.provenance import WORKFLOW_PATHS, git_state
from kzrd.core.rules import all_rules
from kzrd.reference.sources import load_apis, load_boundaries, load_references, load_sources

PROFILES = {
    "https://w3id.org/ro/wfrun/process/0.5": "Process Run Crate",
    "https://w3id.org/ro/wfrun/workflow/0.5": "Workflow Run Crate",
    "https://w3id.org/ro/wfrun/provenance/0.5": "Provenance Run Crate",
    "https://w3id.org/workflowhub/workflow-ro-crate/1.0": "Workflow RO-Crate",
}
# The workflow as a reader needs it to run again: what the commit stamp watches, and the files that
# install, document and schedule it.
WORKFLOW_FILES = (
    *WORKFLOW_PATHS,
    "Makefile",
    "README.md",
    "LICENSE",
    "pyproject.toml",
    "requirements-dev.lock",
    "requirements-slurm.lock",
    "profiles",
    "report",
    "docs",
)
SKIPPED = ("__pycache__",)
# The two studies the run reproduces, as the report's References cite them.
STUDIES = (
    {
        "@id": "#study-2025",
        "@type": "ScholarlyArticle",
        "name": "Integrating Kazakhstan's regions into R&D",
        "datePublished": "2025",
        "description": "The text as supplied to the project (seed 000_a28a65109220bb72.txt): its "
        "authors and journal are not in the supplied text.",
    },
    {
        "@id": "#study-2019",
        "@type": "ScholarlyArticle",
        "name": "Assessment of the level of innovative development of Kazakhstan's regions and the "
        "possibility of their clustering",
        "author": ["D. S. Mussabalina", "A. A. Kireyeva"],
        "datePublished": "2019",
        "isPartOf": "Economics: the strategy and practice, No. 1 (14)",
        "pagination": "149-161",
        "description": "Abstract only; its method is reconstructed by the project (supplement).",
    },
)
FORMATS = {
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".md": "text/markdown",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".py": "text/x-python",
    ".log": "text/plain",
    ".geojson": "application/geo+json",
}
# What a reader could not tell from a file's path.
NOTES = {"results/config.yaml": "The configuration this run used (rule run_config)"}
# Terms used here that RO-Crate 1.1's context lacks, defined inline (a reader needs no download).
TERMS = {
    "resourceUsage": "https://w3id.org/ro/terms/workflow-run#resourceUsage",
    "sha256": "http://schema.org/sha256",
    "creditText": "http://schema.org/creditText",
}
# Benchmark columns (Snakemake's benchmark directive) recorded as each job's resource usage.
# benchmark column -> (unit, its UN/CEFACT code where one is certain); Snakemake's benchmark file says
# "MB" for memory and I/O, which psutil counts in units of 2**20 bytes: MiB
USAGE = {"s": ("s", "SEC"), "cpu_time": ("s", "SEC"), "max_rss": ("MiB", None), "io_in": ("MiB", None),
         "io_out": ("MiB", None)}  # fmt: skip


@dataclass(frozen=True)
class Job:
    """One job of the run, as Snakemake recorded it."""

    rule: str
    start: float
    end: float
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    logs: tuple[str, ...]


def read_jobs(metadata: Path) -> list[Job]:
    """The run's jobs from Snakemake's records: one JSON file per output, named by the urlsafe
    base64 of its path (split into folders when long); records of one job share its hash."""
    groups: dict[tuple[str, int], list[tuple[str, dict]]] = {}
    for record in sorted(p for p in metadata.rglob("*") if p.is_file()):
        name = "".join(record.relative_to(metadata).parts)
        try:
            output = base64.urlsafe_b64decode(name).decode()
            data = json.loads(record.read_text(encoding="utf-8"))
            key = (data["rule"], data["job_hash"])
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"{record}: not a Snakemake output record ({err})") from None
        if not data.get("incomplete"):
            groups.setdefault(key, []).append((output, data))
    return sorted(
        (
            Job(
                rule=rule,
                start=min(d["starttime"] for _, d in records),
                end=max(d["endtime"] for _, d in records),
                inputs=tuple(sorted({i for _, d in records for i in d["input"]})),
                outputs=tuple(sorted(o for o, _ in records)),
                logs=tuple(sorted({lg for _, d in records for lg in d["log"]})),
            )
            for (rule, _), records in groups.items()
        ),
        key=lambda j: (j.start, j.rule, j.outputs),
    )


def benchmark_of(job: Job) -> str | None:
    """The job's benchmark file: beside its log, as every rule of the project declares it."""
    logs = [lg for lg in job.logs if lg.endswith(".log")]
    return logs[0].removesuffix(".log") + ".benchmark.tsv" if logs else None


def usage(path: Path) -> list[dict]:
    """Resource usage of a job from its benchmark file (one row: wall and CPU seconds, memory, I/O)."""
    with path.open(encoding="utf-8") as f:
        row = next(csv.DictReader(f, delimiter="\t"))
    out = []
    for k, (unit, code) in USAGE.items():
        if row.get(k) in (None, "", "NA", "-"):
            continue
        value = {
            "@type": "PropertyValue",
            "propertyID": k,
            "name": k,
            "value": row[k],
            "unitText": unit,
        }
        out.append({**value, "unitCode": code} if code else value)
    return out


def iso_date(value) -> str | None:
    """A source's date if it is one (ISO 8601: a year, year-month or day); None for words such
    as "not stated in the file", which the source's own entry keeps."""
    text = str(value or "")
    return text if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text) else None


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds")


def workflow_files(project: Path) -> list[str]:
    """The workflow's files, relative to the project, caches left out."""
    found = []
    for name in WORKFLOW_FILES:
        path = project / name
        paths = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        found += [
            p.relative_to(project).as_posix()
            for p in paths
            if p.is_file() and not set(p.relative_to(project).parts) & set(SKIPPED)
        ]
    return found


def result_files(project: Path, skip: set[Path]) -> list[str]:
    """Every file under results/ but those in ``skip`` (the crate, its zip and their partial forms)."""
    skip = {p.resolve() for p in skip}
    return sorted(
        p.relative_to(project).as_posix()
        for p in (project / "results").rglob("*")
        if p.is_file() and not {p.resolve(), *p.resolve().parents} & skip
    )


def pins(lock: Path) -> list[tuple[str, str]]:
    """``(name, version)`` of every ``name==version`` line of a pip lock file."""
    lines = lock.read_text(encoding="utf-8").splitlines() if lock.exists() else []
    return [tuple(ln.split("==", 1)) for ln in lines if "==" in ln and not ln.startswith("#")]


def link_tree(project: Path, files: list[str], staging: Path) -> None:
    """Hard-link the run's outputs into the staging folder (the workflow writes them to a new file
    and renames it, so a later run cannot change the crate's copy); copy logs, benchmarks and the
    workflow's files, which Snakemake or an editor may rewrite in place (and anything a link is
    refused for)."""
    for rel in files:
        dest = staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if rel.startswith("results/") and not rel.startswith("results/logs/"):
            try:
                os.link(project / rel, dest)
                continue
            except OSError:
                pass
        shutil.copy2(project / rel, dest)


def entity(crate: ROCrate, identifier: str, **props):
    """A contextual entity (properties that are None or empty left out)."""
    return crate.add(ContextEntity(crate, identifier, {k: v for k, v in props.items() if v}))


# licences by their canonical address, where the licence text names one
LICENCE_URLS = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "MIT": "https://spdx.org/licenses/MIT",
}


def licence(crate: ROCrate, text: str | None):
    """A licence as an entity: its canonical address where ``text`` is one licence the table
    names, else a local entity named by the words of resources/sources.yaml."""
    if not text:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    identifier = LICENCE_URLS.get(text, f"#licence-{slug}")
    return crate.get(identifier) or entity(
        crate, identifier, **{"@type": "CreativeWork"}, name=text
    )


def add_sources(crate: ROCrate, project: Path, files: set[str]) -> None:
    """Each upstream source of resources/sources.yaml (its publisher, licence, address, edition and
    checksum; its files as web data entities where it lists them), and the shipped file made from
    it (a snapshot, a typed-in reference, the map's simplified boundaries) based on it, under its
    licence. The online-only APIs too (no shipped file)."""
    path = project / "resources" / "sources.yaml"
    sections = {
        "sources": load_sources(path),
        "apis": load_apis(path),
        "boundaries": load_boundaries(path),
        "references": load_references(path),
    }
    for section, specs in sections.items():
        for sid, spec in specs.items():
            url = spec.get("url")
            listed = (spec.get("files") or {}).items() if url else ()
            where = (
                "" if url else "; its direct file address is not known: the landing page is given"
            )
            if spec.get("date") and not iso_date(spec["date"]):
                where += f"; date: {spec['date']}"
            source = entity(
                crate,
                f"#source-{sid}",
                **{"@type": "Dataset"},
                name=spec.get("title", sid),
                publisher=spec.get("publisher"),
                license=licence(crate, spec.get("licence")),
                creditText=spec.get("attribution") or spec.get("citation"),
                url=url or spec.get("landing_page"),
                version=spec.get("edition"),
                datePublished=iso_date(spec.get("date")),
                sha256=spec.get("upstream_sha256"),
                hasPart=[
                    crate.add_file(url + name, properties={"name": name, "sha256": digest})
                    for name, digest in listed
                ],
                description=f"Upstream source {sid} (resources/sources.yaml, {section}){where}",
            )
            made = spec.get("snapshot") or spec.get("file")
            if section == "boundaries":  # the simplified extraction the project ships
                made = RES["boundaries"]
            if made in files:
                crate.get(made).append_to("isBasedOn", source)
                if section == "boundaries":
                    crate.get(made)["license"] = source["license"]


def add_files(crate: ROCrate, out: Path, files: list[str], made: set[str]) -> None:
    """Every file but the Snakefile (the workflow entity), with its checksum and size."""
    for rel in files:
        if rel == "Snakefile":
            continue
        path = out / rel
        note = NOTES.get(rel) or (
            "Under results/ but in no Snakemake record of this run"
            if rel.startswith("results/") and rel not in made
            else None
        )
        props = dict(
            sha256=sha256_file(path),
            contentSize=str(path.stat().st_size),
            encodingFormat=FORMATS.get(path.suffix),
            description=note,
        )
        crate.add_file(path, dest_path=rel, properties={k: v for k, v in props.items() if v})


def commit_of(state: dict) -> str:
    """The workflow's version: its commit, or "not a git checkout"."""
    return state["commit"] or "not a git checkout"


def add_workflow(crate: ROCrate, out: Path, state: dict) -> object:
    """The Snakefile as the main workflow, with the commit and what differed from it."""
    changed = ", ".join(state["changed"])
    if not state["commit"]:
        tree = commit_of(state)
    elif changed:
        tree = (
            f"commit {state['commit']}; files differing from it when the crate was made: {changed}"
        )
    else:
        tree = f"commit {state['commit']}; the working tree did not differ from it"
    return crate.add_workflow(
        out / "Snakefile",
        dest_path="Snakefile",
        main=True,
        lang="snakemake",
        lang_version=version("snakemake"),
        properties={
            "@type": ["File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo"],
            "name": "kz-rd-repro",
            "version": commit_of(state),
            "description": f"The workflow: {tree}",
            "sha256": sha256_file(out / "Snakefile"),
        },
    )


def describe_root(crate: ROCrate) -> None:
    """Name, licence, profiles and the two studies on the crate's root."""
    root = crate.root_dataset
    root["name"] = "kz-rd-repro: a finished run"
    root["description"] = (
        "A run of the kz-rd-repro workflow, which reproduces two studies of Kazakhstan's regions "
        "and checks them against official statistics: its inputs, configuration, every output "
        "with the job that made it, and the software it ran on."
    )
    root["license"] = entity(
        crate,
        "https://spdx.org/licenses/MIT",
        **{"@type": "CreativeWork"},
        name="MIT License",
        description="The code's; each data source keeps its own terms (its licence here).",
    )
    root["conformsTo"] = [
        entity(crate, uri, **{"@type": "CreativeWork"}, name=name, version=uri.rsplit("/", 1)[1])
        for uri, name in PROFILES.items()
    ]
    root["citation"] = [
        entity(crate, s["@id"], **{k: v for k, v in s.items() if k != "@id"}) for s in STUDIES
    ]


def add_software(crate: ROCrate, wf, lock: Path):
    """Python and every pinned package (the version installed) as the workflow's requirements;
    returns the Snakemake engine."""

    def installed(name: str, pinned: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return pinned

    app = {"@type": "SoftwareApplication"}
    wf["softwareRequirements"] = [
        entity(
            crate,
            "#python",
            **app,
            name="Python",
            version=platform.python_version(),
            url="https://www.python.org/",
        ),
        *(
            entity(
                crate,
                f"https://pypi.org/project/{n}/{v}/",
                **app,
                name=n,
                version=installed(n, v),
                url=f"https://pypi.org/project/{n}/{v}/",
            )
            for n, v in pins(lock)
        ),
    ]
    return entity(
        crate,
        "#snakemake",
        **app,
        name="Snakemake",
        version=version("snakemake"),
        url="https://snakemake.readthedocs.io",
    )


def add_steps(crate: ROCrate, wf, project: Path, rules: set[str], commit: str) -> dict:
    """One tool (the rule, with its docstring and file) and one workflow step per rule that ran."""
    written = {r.name: r for r in all_rules(project)}
    tools, steps = {}, {}
    for rule in sorted(rules):
        r = written.get(rule)
        tools[rule] = entity(
            crate,
            f"#rule-{rule}",
            **{"@type": "SoftwareApplication"},
            name=f"rule {rule}",
            version=commit,
            description=r and r.docstring,
            url=r and crate.get(r.file),  # the rule's file, as the crate holds it
        )
        steps[rule] = entity(
            crate,
            f"#step-{rule}",
            **{"@type": "HowToStep"},
            name=f"rule {rule}",
            workExample=tools[rule],
        )
    wf["hasPart"] = list(tools.values())
    wf["step"] = list(steps.values())
    return {rule: (tools[rule], steps[rule]) for rule in tools}


def made_by_job(job: Job) -> list[str]:
    """What a job wrote: its outputs, its log and its benchmark."""
    bench = benchmark_of(job)
    return [*job.outputs, *job.logs, *([bench] if bench else [])]


def add_jobs(crate: ROCrate, out: Path, jobs: list[Job], steps: dict, known: set[str]) -> list:
    """One CreateAction per job (its inputs, what it wrote, its times and resource usage), and the
    ControlAction that ran it; returns the ControlActions."""
    controls = []
    for n, job in enumerate(jobs, 1):
        tool, step = steps[job.rule]
        more = f" and {len(job.outputs) - 3} more" if len(job.outputs) > 3 else ""
        action = crate.add_action(
            tool,
            identifier=f"#job-{n}",
            object=[crate.get(i) for i in job.inputs if i in known],
            result=[crate.get(f) for f in made_by_job(job) if f in known],
            properties={
                "name": f"rule {job.rule}: {', '.join(job.outputs[:3])}{more}",
                "startTime": iso(job.start),
                "endTime": iso(job.end),
            },
        )
        bench = benchmark_of(job)
        if bench and (out / bench).exists():
            action["resourceUsage"] = [
                entity(crate, f"#job-{n}-{u['propertyID']}", **u) for u in usage(out / bench)
            ]
        controls.append(
            entity(
                crate,
                f"#control-{n}",
                **{"@type": "ControlAction"},
                name=f"orchestrate rule {job.rule}",
                instrument=step,
                object=action,
            )
        )
    return controls


def add_run(crate: ROCrate, wf, engine, jobs: list[Job], controls: list, known: set[str]) -> None:
    """The run as a whole: what it read that no job wrote, what its jobs wrote, when; and
    Snakemake's orchestration of it."""
    produced = {f for j in jobs for f in made_by_job(j)} & known
    inputs = {i for j in jobs for i in j.inputs} & known - produced
    start, end = iso(min(j.start for j in jobs)), iso(max(j.end for j in jobs))
    # the configuration is an input of the run (Workflow Run Crate: its parameters)
    configs = [crate.get(c) for c in ("config.yaml",) if crate.get(c) is not None]
    run = crate.add_action(
        wf,
        identifier="#run",
        object=[*configs, *(crate.get(i) for i in sorted(inputs - {"config.yaml"}))],
        result=[crate.get(f) for f in sorted(produced)],
        properties={"name": "Run of kz-rd-repro", "startTime": start, "endTime": end},
    )
    entity(
        crate,
        "#engine-run",
        **{"@type": "OrganizeAction"},
        name="Snakemake's orchestration of the run",
        instrument=engine,
        object=controls,
        result=run,
        startTime=start,
        endTime=end,
    )
    crate.root_dataset["datePublished"] = end
    crate.root_dataset["mentions"] = run


def build(project: Path, out: Path, skip: set[Path] = frozenset()) -> ROCrate:
    """The crate of the finished run in ``project``, its files linked into ``out`` (a new folder);
    the files in ``skip`` are left out of results/."""
    project = project.resolve()
    metadata = project / ".snakemake" / "metadata"
    results = result_files(project, {out, *skip})
    # A record whose files are all gone is of an earlier run (another configuration, say).
    jobs = (
        [j for j in read_jobs(metadata) if set(j.outputs) & set(results)]
        if metadata.is_dir()
        else []
    )
    if not jobs:
        raise InputError(f"{metadata}: no Snakemake record of a job; run the workflow (make) first")
    files = results + [f for f in workflow_files(project) if f not in results]
    link_tree(project, files, out)

    # RO-Crate 1.1: the version the Workflow Run Crate profiles 0.5 are defined on.
    crate = ROCrate(version="1.1")
    crate.metadata.extra_terms.update(TERMS)
    add_files(crate, out, files, {f for j in jobs for f in made_by_job(j)})
    state = git_state(project)
    wf = add_workflow(crate, out, state)
    describe_root(crate)
    add_sources(crate, project, set(files))
    engine = add_software(crate, wf, project / "requirements.lock")
    steps = add_steps(crate, wf, project, {j.rule for j in jobs}, commit_of(state))
    controls = add_jobs(crate, out, jobs, steps, set(files))
    add_run(crate, wf, engine, jobs, controls, set(files))
    return crate


def write(project: Path, out: Path) -> tuple[Path, Path]:
    """Build the crate of the run in ``project`` into the folder ``out`` and ``out``.zip. A failure
    leaves the last crate, its zip and the run as they were."""
    out = Path(out)
    archive = out.with_name(out.name + ".zip")
    partial, partial_zip = (p.with_name(p.name + ".partial") for p in (out, archive))
    shutil.rmtree(partial, ignore_errors=True)
    try:
        crate = build(Path(project), partial, {out, archive, partial_zip})
        crate.write(partial)
        crate.write_zip(partial_zip)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        partial_zip.unlink(missing_ok=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    partial.rename(out)
    partial_zip.replace(archive)
    return out, archive
