"""Snakemake's own report for reviewers (`snakemake --report`, `make review-report`).

Every output file the exhibit registry (resources/exhibits.yaml) shows, and the documents themselves,
is marked with ``report(...)`` in the rules (``mark`` in rules/common.smk; a Parquet file through its
HTML view, ``mark_view``, kzrd.present.export), with a category by
study (the 2025 paper, the 2019 study, data and provenance, the documents), a subcategory by section
of the documents (the claim it bears on), labels naming the exhibits, and a caption: the registry's
caption, its Jinja translated so that Snakemake renders it (``{{ year }}`` becomes the job's config
value), the exhibit's number in the documents, the rule and the code. The caption files under
report/captions/ are generated from the registry by scripts/gen_docs.py (`make docs`) and checked for
staleness by tests/workflow/test_docs.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzrd.present.export import csv_path, view_path
from kzrd.reference.exhibits import file_anchor, numbering

CAPTION_DIR = "report/captions"
FIGURE_CAPTION = f"{CAPTION_DIR}/figure.rst"
DOCUMENT_CAPTION = f"{CAPTION_DIR}/document.rst"
# outputs with a wildcard: one caption template each, choosing by the wildcard
PATTERN_CAPTIONS = {
    "results/figures/{figure}.svg": FIGURE_CAPTION,
    "results/report/{doc}.html": DOCUMENT_CAPTION,
    "results/report/{doc}.pdf": DOCUMENT_CAPTION,
}
DOCUMENT_FILES = {
    "results/report/report.html": "report",
    "results/report/report.pdf": "report",
    "results/report/supplement.html": "supplement",
    "results/report/supplement.pdf": "supplement",
    "results/report/data.html": "data",
} | {  # the translations (config report.languages)
    f"results/report/{doc}.{lang}.{ext}": f"{doc}.{lang}"
    for doc in ("report", "supplement")
    for lang in ("ru", "kk")
    for ext in ("html", "pdf")
}
DOCUMENT_NAMES = {"report": "main report", "supplement": "supplement", "data": "data appendix"}
LANGUAGE_NAMES = {"ru": "Russian", "kk": "Kazakh"}


def document_name(doc: str) -> str:
    """'report' -> 'main report'; 'supplement.kk' -> 'supplement (Kazakh)'."""
    base, _, lang = doc.partition(".")
    return DOCUMENT_NAMES[base] + (f" ({LANGUAGE_NAMES[lang]})" if lang else "")


@dataclass(frozen=True)
class Mark:
    """How one output appears in Snakemake's report."""

    caption: str  # path of the caption file, from the project root
    category: str
    subcategory: str
    labels: dict[str, str]


def section_titles(templates: Path) -> dict[str, str]:
    """Section id -> its heading, read from the document templates (``<h2 id="x">Title</h2>``)."""
    titles = {"summary": "Summary and verdicts"}
    for t in sorted(templates.glob("*.html.j2")):
        text = t.read_text(encoding="utf-8")
        for sid, title in re.findall(r'<h[23] id="([^"]+)">(.*?)</h[23]>', text, re.S):
            title = re.sub(r"""\{\{\s*_\((["'])(.*?)\1\)\s*\}\}""", r"\2", title)  # {{ _("X") }}: X
            plain = re.sub(r"\{[{%].*?[%}]\}", "", re.sub(r"<[^>]+>", "", title))
            titles.setdefault(sid, " ".join(plain.split()).strip(" :"))
    return titles


def category(entry: dict[str, Any]) -> str:
    if entry["section"] == "s-2019":
        return "2019 study (reconstruction)"
    if entry["document"] == "data":
        return "Data and provenance"
    return "2025 paper"


def _rst_text(text: str) -> str:
    """Escape reStructuredText markup in plain caption text."""
    return re.sub(r"([\\*`|_])", r"\\\1", text)


def snakemake_jinja(
    caption: str, numbers: dict[str, str], meta: dict[str, Any], figure_job: bool = False
) -> str:
    """A registry caption (Jinja over the report's context) as Jinja over Snakemake's caption
    context (``snakemake`` = the job): config values from the job, cross-references as numbers.
    The map's boundaries come from the figure job's params there, else from the config."""
    tables = meta.get("tables", {})
    shp = (
        "snakemake.params.figure.boundaries"
        if figure_job
        else ('snakemake.config["study2019"]["boundaries"]')
    )
    attribution = (
        "snakemake.params.figure.attribution"
        if figure_job
        else ('snakemake.config["study2019"]["boundaries_attribution"]')
    )
    subs = [
        (r"year\s*\+\s*1", '{{ snakemake.config["year"] + 1 }}'),
        (r"year", '{{ snakemake.config["year"] }}'),
        (r"corr\.n", "n"),
        (r"boundaries\.shp", f"{{{{ {shp} }}}}"),
        (r"boundaries\.attribution", f"{{{{ {attribution} }}}}"),
        (r"boundaries\.origin", "configured or fetched online"),
        (r"own_time_year", '{{ snakemake.config["study2019"]["data_year"] }}'),
        (r"trend_names", "the regions of config trend_regions"),
        (r"link\('\w+', '[\w-]+', (?:_\()?'([^']+)'\)?\)", None),  # a link: its (English) text
        (
            r"s2019_variant",
            "{{ snakemake.config[\"year\"] }} data on today's regions (the verdict's reference reading: the supplement's 2019 section). ",
        ),
        (
            r"N\.\w+",
            "… (results/report/numbers.json)",
        ),  # a number of the registry, written after the run
    ]
    blocks = {
        r"if corr\.y_is_proxy": '{% if snakemake.config["data_mode"] != "online" %}',
        r"if boundaries\.shp": f"{{% if {shp} %}}",
        # what the multiverse figure shows is known after the run: Snakemake's caption says all
        r"if multiverse_shows\.\w+": "{% if true %}",
        r"else": "{% else %}",
        r"endif": "{% endif %}",
    }
    out = []
    for part in re.split(r"(\{\{.*?\}\}|\{%.*?%\})", caption):
        if part.startswith("{{"):
            expr = part[2:-2].strip()
            ref = re.fullmatch(r"X\.ref\('([^']+)'\)", expr)
            title = re.fullmatch(r"meta\.tables\.(\w+)\.(title|source_line)", expr)
            if ref:
                out.append(numbers[ref[1]])
            elif title:
                out.append(_rst_text(tables[title[1]][title[2]]))
            else:
                m = next(((m, new) for pat, new in subs if (m := re.fullmatch(pat, expr))), None)
                hit = None if m is None else m[1] if m[1] is not None else m[0][1]
                if hit is None:
                    raise ValueError(f"caption expression {part!r} has no Snakemake counterpart")
                out.append(hit)
        elif part.startswith("{%"):
            stmt = part[2:-2].strip()
            hit = next((new for pat, new in blocks.items() if re.fullmatch(pat, stmt)), None)
            if hit is None:
                raise ValueError(f"caption statement {part!r} has no Snakemake counterpart")
            out.append(hit)
        else:
            out.append(_rst_text(part))
    return "".join(out)


def _paragraph(
    e: dict[str, Any], numbers: dict[str, str], titles: dict, meta: dict, figure_job: bool = False
) -> str:
    where = f"{DOCUMENT_NAMES[e['document']]}, section “{titles.get(e['section'], e['section'])}”"
    caption = snakemake_jinja(e["caption"], numbers, meta, figure_job)
    return (
        f"**{numbers[e['id']]}** ({where}): {caption}\n\n"
        f"Exhibit ``{e['id']}``, made by rule ``{e['rule']}``, code ``{e['code']}``."
    )


def _figure_stem(e: dict[str, Any]) -> str | None:
    svg = [f for f in e["files"] if f.endswith(".svg")]
    return Path(svg[0]).stem if e["kind"] == "figure" and svg else None


def caption_path(output: str) -> str:
    return f"{CAPTION_DIR}/{file_anchor(output)[2:]}.rst"


def marks(entries: list[dict[str, Any]], titles: dict[str, str]) -> dict[str, Mark]:
    """Output path (as the rules write it) -> how it appears in the report: every file of
    results/ an exhibit shows, the figure pattern (one mark for all figures) and the documents."""
    numbers = numbering(entries)
    shown: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        for f in e["files"]:
            if f.startswith("results/") and not f.startswith("results/figures/"):
                shown[f].append(e)
    out = {}
    for f, es in shown.items():
        first = es[0]
        out[f] = Mark(
            caption=caption_path(f),
            category=category(first),
            subcategory=titles.get(first["section"], first["section"]),
            labels={"exhibits": ", ".join(numbers[e["id"]] for e in es), "rule": first["rule"]},
        )
    for e in entries:
        stem = _figure_stem(e)
        if stem:
            out[f"results/figures/{stem}.svg"] = Mark(
                caption=FIGURE_CAPTION,
                category=category(e),
                subcategory=titles.get(e["section"], e["section"]),
                labels={"exhibits": numbers[e["id"]], "rule": "figure"},
            )
    for f, doc in DOCUMENT_FILES.items():
        out[f] = Mark(
            caption=DOCUMENT_CAPTION,
            category="Documents",
            subcategory=document_name(doc),
            labels={"exhibits": "", "rule": "report_pdf" if f.endswith(".pdf") else "report_html"},
        )
    return out


def caption_files(
    entries: list[dict[str, Any]], titles: dict[str, str], meta: dict[str, Any]
) -> dict[str, str]:
    """The caption files (path from the project root -> reStructuredText with Jinja)."""
    numbers = numbering(entries)
    head = ".. generated by scripts/gen_docs.py (make docs) from resources/exhibits.yaml\n\n"
    files: dict[str, list[str]] = defaultdict(list)
    figures = []
    for e in entries:
        for f in e["files"]:
            if f.startswith("results/") and not f.startswith("results/figures/"):
                files[caption_path(f)].append(_paragraph(e, numbers, titles, meta))
        stem = _figure_stem(e)
        if stem:
            figures.append((stem, _paragraph(e, numbers, titles, meta, figure_job=True)))
    for f in sorted({f for e in entries for f in e["files"]}):
        if f.startswith("results/") and f.endswith(".parquet"):  # shown through its HTML view
            files[caption_path(f)].append(
                f"Shown here as ``{view_path(f)}``: every row of the workflow's ``{f}``, each "
                f"value as in its CSV copy ``{csv_path(f)}`` (rule ``csv_export``)."
            )
    out = {path: head + "\n\n".join(paras) + "\n" for path, paras in files.items()}
    chain = [
        f'{{% {"if" if i == 0 else "elif"} snakemake.wildcards.figure == "{stem}" %}}\n{text}\n'
        for i, (stem, text) in enumerate(figures)
    ]
    out[FIGURE_CAPTION] = head + "".join(chain) + "{% endif %}\n"
    docs = [
        f'{{% {"if" if i == 0 else "elif"} snakemake.wildcards.doc.split(".")[0] == "{doc}" %}}\n'
        f"The {name}, as a reader gets it (HTML, and PDF where made"
        + (f"; {doc}.ru and {doc}.kk are its Russian and Kazakh editions" if doc != "data" else "")
        + "); every exhibit in it is also listed in this report on its own, with the rule and the "
        "code that made it.\n"
        for i, (doc, name) in enumerate(DOCUMENT_NAMES.items())
    ]
    out[DOCUMENT_CAPTION] = head + "".join(docs) + "{% endif %}\n"
    return dict(sorted(out.items()))
