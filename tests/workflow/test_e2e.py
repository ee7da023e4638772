"""End to end: the whole workflow in a temporary copy of the project, as a user runs it."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import copy_project as _copy
from conftest import finished_copy, resum_snapshot
from conftest import run_snakemake as _snakemake

from kzrd.core.io import read_parquet
from kzrd.core.schemas import check, schema_for

# The `workflow` fixture (one run of the whole workflow per session) is in conftest.py.
pytestmark = pytest.mark.e2e


def test_report_files_exist(workflow):
    html = workflow / "results" / "report" / "report.html"
    pdf = workflow / "results" / "report" / "report.pdf"
    assert html.stat().st_size > 100_000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 100_000


def test_report_shows_published_tables_as_printed(workflow, registry):
    from kzrd.reference.paper import load_paper

    html = (workflow / "results" / "report" / "supplement.html").read_text(encoding="utf-8")
    html = re.sub(r' data-label="[^"]*"', "", html)  # the phone layout's column labels
    for name, table in load_paper(registry).items():
        if name == "figure1_shares":
            continue
        for _, row in table.sort_values(["row", "column"]).groupby("row"):
            cells = "".join(f'<td class="num">{p}</td>' for p in row["printed"])
            assert f"<tr><td>{row['region_printed'].iloc[0]}</td>{cells}</tr>" in html, (
                name,
                cells,
            )


def _csv_downloads(html: str) -> dict[str, str]:
    """The CSV downloads of a document: file name -> decoded text."""
    import base64

    return {
        name: base64.b64decode(data).decode("utf-8")
        for name, data in re.findall(
            r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)"', html
        )
    }


def test_documents_are_self_contained_and_numbered_in_order(workflow):
    from kzrd.reference.exhibits import load_registry, numbering

    entries = load_registry(workflow / "resources" / "exhibits.yaml")
    nums = numbering(entries)
    for doc in ("report", "supplement", "data"):
        html = (workflow / "results" / "report" / f"{doc}.html").read_text(encoding="utf-8")
        # nothing is loaded from elsewhere: no stylesheet link, no script file, no remote
        # image or font; the only inline script folds the contents and zooms figures
        assert not re.search(r"<link\b|<script\b[^>]*\bsrc=", html)
        assert not re.search(r"""\bsrc=["']https?://|url\(["']?https?://""", html)
        # addresses outside the documents are links a reader follows (sources, DOIs), on <a> only
        assert not re.search(r"""<(?!a\b)\w+[^>]*\bhref=["']https?://""", html)
        captions = re.findall(r"<figcaption><b>((?:Table|Figure) [SD]?\d+)\.</b>", html)
        expected = [nums[e["id"]] for e in entries if e["document"] == doc]
        assert captions == expected, doc
        assert html.count('class="provenance"') == len(expected)
    report = (workflow / "results" / "report" / "report.html").read_text(encoding="utf-8")
    assert report.count("<svg") >= 4 and "PROXY" in report and "biased towards the claim" in report
    for section in (
        "Verdicts at a glance",
        "Abstract",
        "Data and methods",
        "Results",
        "Discussion",
        "References",
    ):
        assert f">{section}</h2>" in report


def test_every_caption_offers_the_csv_of_what_it_shows(workflow):
    import io

    import pandas as pd

    html = (workflow / "results" / "report" / "supplement.html").read_text(encoding="utf-8")
    csvs = _csv_downloads(html)
    # the validation findings are grouped in the table; the full list comes as a second CSV
    full = pd.read_csv(io.StringIO(csvs["validation_full.csv"]))
    assert (full["message"].str.contains("113 differs from the national row 116")).any()
    grouped = pd.read_csv(
        io.StringIO(next(t for n, t in csvs.items() if n.endswith("_s_validation.csv")))
    )
    assert grouped["Findings"].sum() == len(full)
    report = (workflow / "results" / "report" / "report.html").read_text(encoding="utf-8")
    verdicts = pd.read_csv(
        io.StringIO(
            next(t for n, t in _csv_downloads(report).items() if n.endswith("_verdicts.csv"))
        )
    )
    # a line break in a cell becomes '; ' in its CSV, never words run together
    assert any(
        v.startswith("depends on a choice the paper does not state; reference reading: ")
        for v in verdicts["Verdict"]
    )


def test_data_appendix_anchors_every_file_and_number(workflow):
    import json

    data = (workflow / "results" / "report" / "data.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', data))
    for doc in ("report", "supplement"):
        html = (workflow / "results" / "report" / f"{doc}.html").read_text(encoding="utf-8")
        targets = set(re.findall(r'href="data\.html#([^"]+)"', html))
        assert targets and targets <= ids, sorted(targets - ids)[:5]
    registry = json.loads(
        (workflow / "results" / "report" / "numbers.json").read_text(encoding="utf-8")
    )
    assert {f"n-{e['id'].lower()}" for e in registry} <= ids


def test_every_parquet_output_matches_its_schema(workflow):
    files = sorted((workflow / "results").rglob("*.parquet"))
    assert len(files) >= 30
    for f in files:
        rel = str(f.relative_to(workflow))
        name = schema_for(rel)
        assert name, f"{rel} has no declared schema"
        assert check(read_parquet(f), name, rel) == []


def test_official_tables_as_csv(workflow):
    import pandas as pd

    for n in (1, 2, 3):
        t = pd.read_csv(
            workflow / "results" / "tables" / f"table{n}_official.csv", dtype={"KATO": str}
        )
        assert len(t) == 21 and t["KATO"].iloc[0] == "000000000"


def test_data_dictionary_written(workflow):
    text = (workflow / "results" / "data_dictionary.md").read_text(encoding="utf-8")
    assert "## observations" in text and "| kato | string |" in text


def test_bad_snapshot_stops_with_one_line_and_keeps_other_outputs(workflow, tmp_path):
    """A damaged snapshot stops the run; nothing else is lost. Works on its own copy of the
    built project (with its results), so the shared run stays intact for the other tests."""
    project = finished_copy(workflow, tmp_path / "project")
    snap = project / "resources" / "snapshots" / "sdg_9_5_1.csv"
    other = project / "results" / "raw" / "sdg_9_5_2.parquet"
    report = project / "results" / "report" / "report.html"
    other_digest = hashlib.sha256(other.read_bytes()).hexdigest()
    snap.write_text(
        snap.read_text(encoding="utf-8").replace(",0.22,", ",0.23,", 1), encoding="utf-8"
    )
    proc = _snakemake(project)
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR kzrd:")]
    assert len(lines) == 1 and "resources/snapshots/sdg_9_5_1.csv: checksum mismatch" in lines[0]
    assert not (project / "results" / "raw" / "sdg_9_5_1.parquet").exists()
    assert hashlib.sha256(other.read_bytes()).hexdigest() == other_digest
    assert report.exists()
    assert not list((project / "results").rglob("*.part"))


def test_unknown_region_in_snapshot_names_file_and_line(tmp_path, root):
    project = _copy(root, tmp_path / "project")
    snap = project / "resources" / "snapshots" / "bns_population_2023.csv"
    text = snap.read_text(encoding="utf-8").replace(
        "100000000,Абай,population,", "990000000,Абай,population,", 1
    )
    snap.write_text(text, encoding="utf-8")
    # keep the checksum consistent so that the region check is what fails
    resum_snapshot(project, snap.name)
    proc = _snakemake(project, "results/raw/bns_population_2023.parquet")
    assert proc.returncode != 0
    assert (
        "bns_population_2023.csv: line 3, column 'kato': unknown region code '990000000'"
        in proc.stderr
    )
    assert not (project / "results" / "raw" / "bns_population_2023.parquet").exists()


PROSE_IDENTIFIERS = [
    r"\bhttps?://\S+",  # addresses of sources
    r"\bdoi:\S+",  # DOIs of references
    r"\b\d{4}-\d{2}-\d{2}\b",  # ISO dates (commit date)
    r"\b\d{2}\.\d{2}\.\d{4}\b",  # publication dates
    r"\b\d{3}_[0-9a-f]+\.txt\b",  # seed file names
    r"\b\d{1,2}-(?:\d{1,2}|[a-c])-\d{1,2}(?:-\d{1,2})?\b",  # SDG indicator codes (9-5-1, 4-a-1, 4-4-1-1)
    r"\b(?:Tables?|Figures?|[Ss]ections?|Appendix)\s+[SD]?\d+[ab]?(?:\s*(?:[-–]|and)\s*\d+)?",  # cross-references
    r"\b(?:[Kk]ey )?[Ff]inding \d\b",  # the paper's key findings by number
    r"\b(?:19|20)\d{2}\b",  # years
    r"\b(?:CR|HC)\d\b",  # CR2, CR3, HC3
    r"\bISO 3166-2\b",
    r"\b(?:sheet|page|index|series|commit)\s+\d+\w*",  # places in the sources
    r"\bCC BY \d\.\d\b",  # licence
    r"\bper \d[\d,]* (?:inhabitants|people)\b",  # units
    r"\b\d+(?:st|nd|rd|th)\b",  # ordinals (the 5th percentile)
    r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,64}\b",  # commit hashes and sha256 digests
]


class _Prose(__import__("html.parser").parser.HTMLParser):
    """Text of the documents' prose: paragraphs, list items, captions; not tables, code, SVG, nor the
    paper's own words (quotations) and bibliographic details (citations)."""

    SKIP = frozenset(
        {"table", "svg", "pre", "code", "style", "title", "script", "q", "blockquote", "cite"}
    )

    def __init__(self):
        super().__init__()
        self.depth_skip = 0
        self.in_prose = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth_skip += 1
        if tag in ("p", "li", "figcaption"):
            self.in_prose += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth_skip -= 1
        if tag in ("p", "li", "figcaption"):
            self.in_prose -= 1

    def handle_data(self, data):
        if self.in_prose and not self.depth_skip:
            self.chunks.append(data)


BLOCK_TAGS = re.compile(
    r"</?(?:p|div|h\d|li|tr|td|th|table|figcaption|caption|br|ol|ul|section|blockquote|figure|"
    r"thead|tbody|nav|pre|dl|dt|dd)\b[^>]*>"
)


@pytest.mark.parametrize("doc", ["report", "supplement", "data"])
def test_text_reads_as_typeset(workflow, doc):
    """What a reader sees: no two sentences glued together where a template line ended in a block
    tag ('uses.The shipped'), and no number in exponent form ('7.28e+03') in any table or text. The
    data appendix's previews of the CSV files are left out: they show the values as stored."""
    import html as htmllib

    page = (workflow / "results" / "report" / f"{doc}.html").read_text(encoding="utf-8")
    page = re.sub(r"<(style|svg|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<details class="preview">.*?</details>', " ", page, flags=re.S)
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", BLOCK_TAGS.sub("\n", page)))
    glued = [text[max(0, m.start() - 30) : m.end() + 15]
             for m in re.finditer(r"[a-z)\]][.;:,][A-Z][a-z]", text)]  # fmt: skip
    assert not glued, f"{doc}: sentences run together: {glued}"
    exponent = re.findall(r"\b\d(?:\.\d+)?e[+-]\d+\b", text)
    assert not exponent, f"{doc}: numbers in exponent form: {exponent}"


@pytest.mark.parametrize("doc", ["report", "supplement", "data"])
def test_every_number_in_the_prose_is_in_the_registry(workflow, doc):
    """The prose quotes numbers only from results/report/numbers.json (years and cross-references
    aside), and each such number links to its entry in the data appendix."""
    import json

    registry = json.loads(
        (workflow / "results" / "report" / "numbers.json").read_text(encoding="utf-8")
    )
    assert {"id", "value", "unit", "text", "file", "rule"} <= set(registry[0])
    allowed = {e["text"] for e in registry}
    html = (workflow / "results" / "report" / f"{doc}.html").read_text(encoding="utf-8")
    parser = _Prose()
    parser.feed(html)
    prose = " ".join(parser.chunks)
    for pattern in PROSE_IDENTIFIERS:
        prose = re.sub(pattern, " ", prose)
    found = re.findall(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?", prose)
    stray = sorted({n for n in found if n not in allowed})
    assert not stray, f"{doc}: numbers in the prose that are not in the registry: {stray}"
    if doc == "report":
        links = re.findall(r'<a class="n" href="data\.html#n-[^"]+">([^<]+)</a>', html)
        assert len(links) >= 40 and set(links) <= allowed


ALTERNATIVE = {  # documented config values, other than the defaults
    "trend_regions": ["550000000", "190000000"],  # Pavlodar, Almaty Region
    "trend_years": {"first": 2014, "last": 2023},
    "claims": {"thresholds": {"finding2_growth": {"noise_multiple": 2}}},
}


@pytest.fixture(scope="module")
def alternative(workflow, tmp_path_factory):
    """The session's finished run, rerun from the rules that read the changed keys (trends, audit,
    verdicts; Snakemake reruns what depends on them) under another trend_regions, trend_years and
    threshold, up to the HTML documents."""
    import yaml

    project = finished_copy(workflow, tmp_path_factory.mktemp("alternative") / "project")
    cfg = project.parent / "alternative.yaml"
    # (the figures in English only: the rerun figure jobs would draw the translations too, which
    # the English documents compared here do not show)
    cfg.write_text(
        yaml.safe_dump({**ALTERNATIVE, "report": {"languages": ["en"]}}), encoding="utf-8"
    )
    proc = _snakemake(project, "--configfile", str(cfg), "--forcerun", "trends", "audit", "verdicts",
                      "results/report/report.html", "results/report/supplement.html")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return project


def _text(project, doc):
    import html as htmllib

    page = (project / "results" / "report" / f"{doc}.html").read_text(encoding="utf-8")
    page = re.sub(r"<(style|svg|script)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_words_follow_the_config(workflow, alternative):
    """Another trend_regions, trend_years and threshold: the regions, years and thresholds the report
    states change with them (words from data), and nothing else in the text names the defaults."""
    default, alt = _text(workflow, "report"), _text(alternative, "report")
    assert "The regions of key finding 2: East Kazakhstan Region and Karaganda Region" in default
    assert "The regions of key finding 2: Pavlodar Region and Almaty Region" in alt
    # the growth verdict's words name the configured regions, never the defaults'
    start = alt.index("The regions of key finding 2: Pavlodar")
    growth = alt[start : alt.index("Universities and technical employment (the paper", start)]
    quote = "such as East Kazakhstan and Karaganda"  # the paper's own words stay quoted
    assert "Pavlodar Region" in growth and "East Kazakhstan Region" not in growth.replace(quote, "")
    # the years of the long window and the base years come from trend_years (supplement's table of
    # every window)
    alt_s, default_s = _text(alternative, "supplement"), _text(workflow, "supplement")
    assert "first three years → last year (2014-2023) same territory" in alt_s
    assert "first three years → last year (2010-2023) same territory" in default_s
    assert "slope of the base years (2014-2021)" in alt_s
    assert "slope of the base years (2010-2021)" in default_s
    # the threshold from the config: in the rule, and said to come from the config
    assert (
        "exceeds (is below minus) 2 × the noise" in alt
        and "exceeds (is below minus) 1 × the noise" in default
    )
    assert (
        "Set in the configuration (key claims), not in resources/claims.yaml: finding2_growth.noise_multiple = 2."
        in alt
    )
    assert "Set in the configuration" not in default


def test_the_alternative_report_quotes_only_registered_numbers(alternative):
    import json

    registry = json.loads(
        (alternative / "results" / "report" / "numbers.json").read_text(encoding="utf-8")
    )
    ids = {e["id"] for e in registry}
    assert "growth_550000000_researchers_per_million_first" in ids
    assert not any(i.startswith("growth_630000000") for i in ids)
    allowed = {e["text"] for e in registry}
    parser = _Prose()
    parser.feed((alternative / "results" / "report" / "report.html").read_text(encoding="utf-8"))
    prose = " ".join(parser.chunks)
    for pattern in PROSE_IDENTIFIERS:
        prose = re.sub(pattern, " ", prose)
    stray = sorted(
        {n for n in re.findall(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?", prose) if n not in allowed}
    )
    assert not stray, stray
