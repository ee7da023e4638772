"""`make crate` on the test session's run: a Workflow Run RO-Crate that a maintained validator
(roc-validator, offline) accepts under the Provenance Run Crate profile, holding every file of
results/ with its checksum and the job that wrote it, every source and the configuration used."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import run_snakemake

CONTEXT_11 = Path(__file__).with_name("ro-crate-1.1-context.jsonld")
CONTEXT_URL = "https://w3id.org/ro/crate/1.1/context"


@pytest.fixture(scope="module")
def crate(workflow, tmp_path_factory):
    """The crate of the session's run, written outside it (other tests read its results/)."""
    import crate as cli

    out = tmp_path_factory.mktemp("crate") / "crate"
    assert cli.main(["--project", str(workflow), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def graph(crate) -> dict[str, dict]:
    data = json.loads((crate / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    return {e["@id"]: e for e in data["@graph"]}


def ids(value) -> list[str]:
    return [v["@id"] for v in (value if isinstance(value, list) else [value])]


def offline_cache(path: Path) -> Path:
    """An HTTP cache holding the one document the validator fetches, RO-Crate 1.1's JSON-LD
    context (CC0; shipped beside this test as released in the rocrate 0.9.0 wheel), so that it
    runs offline."""
    import requests
    from requests_cache import CachedSession
    from urllib3 import HTTPResponse

    body = CONTEXT_11.read_bytes()
    response = requests.Response()
    response.status_code, response._content, response.url = 200, body, CONTEXT_URL
    response.headers["Content-Type"] = "application/ld+json"
    response.request = requests.Request("GET", CONTEXT_URL).prepare()
    response.raw = HTTPResponse(
        body=io.BytesIO(body),
        headers=dict(response.headers),
        status=200,
        preload_content=False,
        request_url=CONTEXT_URL,
    )
    CachedSession(cache_name=str(path), backend="sqlite", expire_after=-1).cache.save_response(
        response
    )
    return path


def test_the_context_is_ro_crate_1_1s():
    context = json.loads(CONTEXT_11.read_text(encoding="utf-8"))
    assert context["@id"] == CONTEXT_URL
    assert context["license"]["@id"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert hashlib.sha256(CONTEXT_11.read_bytes()).hexdigest() == (
        "bb5dd0a79ebd5a3b074e2faf96f437503234f8a4b8e84c7149de91eae0d2222a"
    )


def test_roc_validator_accepts_the_crate_offline(crate, tmp_path):
    from rocrate_validator import models, services

    settings = models.ValidationSettings(
        rocrate_uri=str(crate),
        profile_identifier="provenance-run-crate-0.5",
        requirement_severity=models.Severity.REQUIRED,
        offline=True,
        cache_path=offline_cache(tmp_path / "http-cache"),
    )
    result = services.validate(settings)
    problems = [f"{i.check.identifier}: {i.message}" for i in result.get_issues()]
    assert result.passed(), "\n".join(problems[:20])


def test_every_result_is_in_the_crate_with_its_checksum_and_a_hard_link(workflow, crate, graph):
    results = sorted(p for p in (workflow / "results").rglob("*") if p.is_file())
    assert len(results) > 400
    for path in results:
        rel = path.relative_to(workflow).as_posix()
        assert rel in graph, rel
        assert graph[rel]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), rel
        assert graph[rel]["contentSize"] == str(path.stat().st_size)
        linked = (crate / rel).samefile(path)
        assert linked != rel.startswith("results/logs/"), f"{rel}: linked {linked}"
        assert rel in ids(graph["./"]["hasPart"])


def test_each_output_is_the_result_of_the_job_of_the_rule_snakemake_names(workflow, graph):
    summary = run_snakemake(workflow, "--summary")
    assert summary.returncode == 0, summary.stderr[-2000:]
    rows = [ln.split("\t") for ln in summary.stdout.splitlines()[1:] if ln.strip()]
    made = {
        f: graph[a["instrument"]["@id"]]["name"].removeprefix("rule ")
        for a in graph.values()
        if a["@type"] == "CreateAction" and a["@id"] != "#run"
        for f in ids(a.get("result", []))
    }
    assert len(rows) > 300
    for output, _date, rule, *_ in rows:
        assert made.get(output) == rule, output
    # and every log and benchmark is the result of its own job
    logs = [p for p in graph if p.startswith("results/logs/")]
    assert logs and all(p in made for p in logs)


def test_one_action_per_job_with_its_times_usage_and_orchestration(workflow, graph):
    jobs = [e for e in graph.values() if e["@type"] == "CreateAction" and e["@id"] != "#run"]
    benchmarks = list((workflow / "results" / "logs").glob("*.benchmark.tsv"))
    assert len(jobs) == len(benchmarks) > 60  # every job of the run wrote one benchmark
    run = graph["#run"]
    for job in jobs:
        assert run["startTime"] <= job["startTime"] <= job["endTime"] <= run["endTime"]
        usage = {graph[u]["propertyID"]: graph[u] for u in ids(job["resourceUsage"])}
        assert float(usage["s"]["value"]) >= 0 and usage["s"]["unitText"] == "s"
        assert usage["s"]["unitCode"] == "SEC"
        assert all(
            u["unitText"] == "MiB" for k, u in usage.items() if k in ("max_rss", "io_in", "io_out")
        )
        assert ids(job["object"]) and ids(job["result"])
    engine = graph["#engine-run"]
    assert engine["@type"] == "OrganizeAction" and ids(engine["result"]) == ["#run"]
    controls = [graph[c] for c in ids(engine["object"])]
    assert sorted(c["object"]["@id"] for c in controls) == sorted(j["@id"] for j in jobs)
    steps = {c["instrument"]["@id"] for c in controls}
    assert steps == set(ids(graph["Snakefile"]["step"]))
    assert graph[engine["instrument"]["@id"]]["name"] == "Snakemake"
    assert graph["#rule-audit"]["url"]["@id"] == "rules/audit.smk"  # the rule's file in the crate


def test_the_run_reads_the_snapshots_and_the_workflow_is_the_main_entity(workflow, graph):
    run, wf = graph["#run"], graph["Snakefile"]
    assert graph["./"]["mainEntity"]["@id"] == "Snakefile" == run["instrument"]["@id"]
    assert "ComputationalWorkflow" in wf["@type"]
    # the shared run is a copy without .git: the crate says so rather than naming a commit
    assert wf["version"] == "not a git checkout"
    read = set(ids(run["object"]))
    snapshots = {
        p.relative_to(workflow).as_posix()
        for p in (workflow / "resources" / "snapshots").glob("*.csv")
    }
    assert snapshots <= read
    assert "Snakefile" not in ids(run["result"]) and not read & set(ids(run["result"]))
    assert ids(run["object"])[0] == "config.yaml"  # the run's parameters
    lock = {
        ln.split("==")[0]: ln.split("==")[1]
        for ln in (workflow / "requirements.lock").read_text().splitlines()
        if "==" in ln
    }
    software = {graph[s]["name"]: graph[s]["version"] for s in ids(wf["softwareRequirements"])}
    assert {k: software[k] for k in lock} == lock


def test_every_source_with_publisher_licence_and_checksum(workflow, graph):
    sources = yaml.safe_load((workflow / "resources" / "sources.yaml").read_text())
    for sid, spec in sources["sources"].items():
        entity = graph[f"#source-{sid}"]
        assert entity["sha256"] == spec["upstream_sha256"]
        assert graph[entity["license"]["@id"]]["name"] == spec["licence"]
        assert entity["publisher"] == spec["publisher"]
        assert entity["url"] == (spec["url"] or spec["landing_page"])
        assert f"#source-{sid}" in ids(graph[spec["snapshot"]]["isBasedOn"])
        date = str(spec.get("date", ""))
        assert entity.get("datePublished", date) == date or date in entity["description"]
    geo = graph["#source-geokz_adm1_2024"]
    shp = sources["boundaries"]["geokz_adm1_2024"]
    assert {graph[f]["name"]: graph[f]["sha256"] for f in ids(geo["hasPart"])} == shp["files"]
    # the shipped simplified boundaries: based on geokz, under its licence (CC BY 4.0, by address)
    shipped = graph["resources/geo/regions_adm1.geojson"]
    assert ids(shipped["isBasedOn"]) == ["#source-geokz_adm1_2024"]
    assert (
        shipped["license"]["@id"]
        == geo["license"]["@id"]
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    for aid, spec in sources["apis"].items():  # the online-only APIs
        assert graph[f"#source-{aid}"]["publisher"] == spec["publisher"]
    studies = [graph[s]["name"] for s in ids(graph["./"]["citation"])]
    assert any("clustering" in s for s in studies) and any("R&D" in s for s in studies)


def test_the_configuration_used_is_recorded(workflow, graph):
    used = yaml.safe_load((workflow / "results" / "config.yaml").read_text(encoding="utf-8"))
    given = yaml.safe_load((workflow / "config.yaml").read_text(encoding="utf-8"))
    assert {k: used[k] for k in given} == given
    assert "configuration this run used" in graph["results/config.yaml"]["description"]


def test_the_zip_holds_the_metadata_and_every_file(crate, graph):
    with zipfile.ZipFile(crate.with_name("crate.zip")) as z:
        names = set(z.namelist())
        meta = json.loads(z.read("ro-crate-metadata.json"))
    local = {e["@id"] for e in graph.values() if "File" in e["@type"] and "://" not in e["@id"]}
    assert local <= names and len(meta["@graph"]) == len(graph)


def test_without_a_run_it_is_one_line_and_leaves_nothing(tmp_path, capsys):
    import crate as cli

    (tmp_path / "results").mkdir()
    out = tmp_path / "results" / "crate"
    assert cli.main(["--project", str(tmp_path), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no Snakemake record" in err
    assert not list((tmp_path / "results").iterdir())
