"""The exhibit registry (resources/exhibits.yaml) and the rendering of exhibits.

Every table and figure of the three documents has one entry: id, kind, document, section, caption,
the files it shows, the rule that wrote them and the function that computed them. Numbers are given
at render time from the registry's order within a document (Table 1, Figure 1; Table S1 in the
supplement; Table D1 in the data appendix): no number is typed in a template, the README or a figure.
Under every caption a provenance line names the data file (short sha256, linked to the data
appendix), the rule and the code, and offers a CSV of exactly what is shown as a data: URI.

Each document is rendered for a medium: "screen" (the HTML files, linking each other) or "print"
(the PDFs, which may travel alone: a link goes to a place in the same PDF or in the sibling PDF, and
what only the HTML edition holds, the data appendix and the CSVs, is named in words, not linked).
"""

from __future__ import annotations

import base64
import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from kzrd.core import i18n, yamlfile
from kzrd.core.i18n import N_, _, ngettext

KINDS = ("table", "figure")
DOCUMENTS = {"report": "", "supplement": "S", "data": "D"}
REQUIRED = ("id", "kind", "document", "section", "caption", "files", "rule", "code")
# an exhibit's number as printed: "Table 3", "Figure S2" (translated at render time, in numbering)
WORD = {"table": N_("Table {number}"), "figure": N_("Figure {number}")}
PRINTED = ("report", "supplement")  # the documents that also exist as PDF
MEDIA = ("screen", "print")
# where a print reader finds what only the HTML documents hold
# Translators: said in the PDF of what only the HTML files hold (the data appendix, the CSVs)
IN_HTML = N_("in the HTML edition")


def doc_href(target: str, current: str, medium: str, anchor: str = "") -> str | None:
    """The href of ``anchor`` in document ``target`` as seen from document ``current``: on screen the
    sibling HTML file, in print the sibling PDF; None in print for a document that has no PDF (the
    data appendix), which the caller then names in words."""
    frag = f"#{anchor}" if anchor else ""
    if target == current:
        return frag
    # the sibling in the same language; the data appendix exists in English only
    lang = i18n.suffix() if target in PRINTED else ""
    if medium == "print":
        return f"{target}{lang}.pdf{frag}" if target in PRINTED else None
    return f"{target}{lang}.html{frag}"


def load_registry(path: str | Path) -> list[dict[str, Any]]:
    """The exhibits in order, checked: known kind and document, every key present, ids unique."""
    entries = yamlfile.load(path)["exhibits"]
    seen: set[str] = set()
    for i, e in enumerate(entries):
        missing = [k for k in REQUIRED if k not in e]
        if missing:
            raise ValueError(
                f"{path}: exhibit {i + 1} ({e.get('id', '?')}): missing {', '.join(missing)}"
            )
        if e["kind"] not in KINDS or e["document"] not in DOCUMENTS:
            raise ValueError(f"{path}: exhibit {e['id']}: unknown kind or document")
        if e["id"] in seen:
            raise ValueError(f"{path}: exhibit {e['id']} appears twice")
        seen.add(e["id"])
    return entries


def numbering(entries: list[dict[str, Any]], translate: bool = True) -> dict[str, str]:
    """'Table 3', 'Figure S2', ... for every exhibit, in registry order within each document; in the
    language of the render (``translate``), else in English (file names)."""
    counters: dict[tuple[str, str], int] = {}
    out = {}
    for e in entries:
        key = (e["document"], e["kind"])
        counters[key] = counters.get(key, 0) + 1
        word = _(WORD[e["kind"]]) if translate else WORD[e["kind"]]
        out[e["id"]] = word.format(number=f"{DOCUMENTS[e['document']]}{counters[key]}")
    return out


def anchor(exhibit_id: str) -> str:
    return f"x-{exhibit_id}"


def file_anchor(path: str) -> str:
    return "f-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def number_anchor(number_id: str) -> str:
    return "n-" + re.sub(r"[^a-z0-9_]+", "-", number_id.lower())


# ------------------------------------------------------------------------------ tables


@dataclass
class Col:
    """A column of a displayed table: key in the rows, heading, and format.

    ``fmt``: a format spec (".1f", ",.0f"), "text", "int", "pval" or "printed" (the paper's own
    printed string, shown as is)."""

    key: str
    label: str
    fmt: str = "text"
    num: bool | None = None  # right-align a text column of pre-formatted numbers

    @property
    def numeric(self) -> bool:
        return self.num if self.num is not None else self.fmt != "text"


FOLD_ROWS = 60  # on screen, a table of more rows is folded until the reader opens it


@dataclass
class TableData:
    cols: list[Col]
    rows: pd.DataFrame
    note: str = ""
    classes: str = ""
    links: dict[str, str] = field(default_factory=dict)  # column key -> row key holding an href
    row_id: str | None = None  # row key holding an anchor id for the row
    raw: set[str] = field(default_factory=set)  # columns holding markup already escaped (links)
    group: str | None = None  # a column whose value heads its rows (a full-width row), not a column
    downloads: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # further CSVs: (label, file name, text)

    def shown(self) -> list[Col]:
        """Columns with at least one value (an empty column is dropped, not printed)."""
        return [c for c in self.cols if self.rows[c.key].map(lambda v: not _missing(v)).any()]


def _missing(v: Any) -> bool:
    return (
        v is None
        or v is pd.NA
        or (isinstance(v, float) and math.isnan(v))
        or (isinstance(v, str) and v == "")
    )


def cell(v: Any, fmt: str) -> str:
    """One cell as printed: missing -> an em dash, numbers with the column's fixed format."""
    if _missing(v):
        return "—"
    if fmt in ("text", "printed"):
        return str(v)
    if fmt == "int":
        return f"{round(float(v)):,d}"
    if fmt == "year":
        return str(int(v))
    if fmt == "ratio":  # two decimals; a ratio of a hundred or more as a whole number
        return f"{float(v):,.0f}" if abs(float(v)) >= 100 else f"{float(v):.2f}"
    if fmt == "sig3":  # three significant figures (values spanning several orders of magnitude);
        # a value of a thousand or more as a whole number, never in exponent form (7,280, not 7.28e+03)
        if abs(float(v)) >= 1000:
            return f"{float(v):,.0f}"
        return f"{float(v):.3g}"
    if fmt == "auto":  # whole numbers without decimals, others with one
        return f"{float(v):,.0f}" if float(v).is_integer() else f"{float(v):,.1f}"
    if fmt == "pval":
        return "< 0.001" if float(v) < 0.001 else f"{float(v):.3f}"
    return format(float(v), fmt)


def table_html(t: TableData) -> str:
    cols = [c for c in t.shown() if c.key != t.group]
    num = ' class="num"'
    head = "".join(
        f'<th{num if c.numeric else ""} scope="col">{html.escape(c.label)}</th>' for c in cols
    )
    body, heading = [], None
    for _i, r in t.rows.iterrows():
        if t.group and r[t.group] != heading:  # a new group: its value as a full-width row
            heading = r[t.group]
            text = str(heading) if t.group in t.raw else html.escape(cell(heading, "text"))
            body.append(
                f'<tr class="group"><th colspan="{len(cols)}" scope="colgroup">{text}</th></tr>'
            )
        tds = []
        for c in cols:
            text = cell(r[c.key], c.fmt) if c.key in t.raw else html.escape(cell(r[c.key], c.fmt))
            if c.key in t.links and not _missing(r.get(t.links[c.key])):
                text = f'<a href="{html.escape(str(r[t.links[c.key]]))}">{text}</a>'
            label = html.escape(c.label, quote=True)
            tds.append(
                f'<td class="num" data-label="{label}">{text}</td>'
                if c.numeric
                else f'<td data-label="{label}">{text}</td>'
            )
        rid = (
            f' id="{html.escape(str(r[t.row_id]))}"'
            if t.row_id and not _missing(r[t.row_id])
            else ""
        )
        body.append(f"<tr{rid}>" + "".join(tds) + "</tr>")
    return (f'<table class="{t.classes}"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(body)
            + "\n</tbody></table>")  # fmt: skip


def table_csv(t: TableData) -> str:
    cols = t.shown()
    out = t.rows[[c.key for c in cols]].copy()
    for k in t.raw & set(out.columns):
        text = out[k].astype(str).str.replace(MARK, "", regex=True)  # a verdict's mark: words only
        text = text.str.replace(r"\s*<br\s*/?>\s*", "; ", regex=True)
        out[k] = text.str.replace(r"<[^>]+>", "", regex=True)
    out.columns = [c.label for c in cols]
    return out.to_csv(index=False, lineterminator="\n")


MARK = r'<span class="vm"[^>]*>[^<]*</span>\s*'


def csv_uri(text: str) -> str:
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode(
        "ascii"
    )


# ------------------------------------------------------------------------------ documents


class Exhibits:
    """Renders the exhibits of one document and resolves references to those of the others."""

    def __init__(
        self,
        entries: list[dict[str, Any]],
        document: str,
        sha: dict[str, str],
        render_caption,
        medium: str = "screen",
    ) -> None:
        if medium not in MEDIA:
            raise ValueError(f"unknown medium {medium!r} (one of {', '.join(MEDIA)})")
        self.entries = {e["id"]: e for e in entries}
        self.order = [e["id"] for e in entries]
        self.numbers = numbering(entries)
        self.file_numbers = numbering(entries, translate=False)  # the CSVs' names, in English
        self.document = document
        self.medium = medium
        self.sha = sha
        self.render_caption = render_caption
        self.rendered: list[str] = []

    def href(self, exhibit_id: str) -> str | None:
        e = self.entries[exhibit_id]
        return doc_href(e["document"], self.document, self.medium, anchor(exhibit_id))

    def ref(self, exhibit_id: str) -> Markup:
        """A link to an exhibit by its number ('Table 3', 'Figure S2'); in print, an exhibit of the
        data appendix by its number and where it lives."""
        href = self.href(exhibit_id)
        if href is None:
            return Markup(
                # Translators: an exhibit of the data appendix named in the PDF, "Table D3 (data appendix, in the HTML edition)"
                _("{exhibit} (data appendix, {where})").format(
                    exhibit=self.numbers[exhibit_id], where=_(IN_HTML)
                )
            )
        return Markup(f'<a href="{href}">{self.numbers[exhibit_id]}</a>')

    def link(self, document: str, section: str, text: str) -> Markup:
        """``text`` as a link to ``section`` of ``document``; in print, to a document without a PDF,
        the text and where it lives."""
        href = doc_href(document, self.document, self.medium, section)
        if href is None:
            # Translators: a place named in the PDF that only the HTML edition holds, "the data appendix (in the HTML edition)"
            return Markup(_("{place} ({where})").format(place=html.escape(text), where=_(IN_HTML)))
        return Markup(f'<a href="{href}">{html.escape(text)}</a>')

    def data_href(self, path: str) -> str | None:
        return doc_href("data", self.document, self.medium, file_anchor(path))

    def provenance(
        self, e: dict[str, Any], csv: str, downloads: list[tuple[str, str, str]] = ()
    ) -> str:
        def file(f: str) -> str:
            code, href = f"<code>{html.escape(f)}</code>", self.data_href(f)
            return (
                f'<a href="{href}">{code}</a>' if href else code
            ) + f" (sha256 <code>{self.sha.get(f, '')[:8]}</code>)"

        files = " ".join(file(f) for f in e["files"])
        rule, code = (
            f"<code>{html.escape(e['rule'])}</code>",
            f"<code>{html.escape(e['code'])}</code>",
        )
        # Translators: under every exhibit: its data files, the Snakemake rule and the code that made them, and its CSV
        line = _("Data: {files} · rule {rule} · code {code} · {csv}")
        if self.medium == "print":  # the CSVs and the data appendix are files of the HTML edition
            # Translators: in the PDF, where the exhibit's CSV is ({where}: "in the HTML edition")
            csv_text = _("CSV {where}").format(where=_(IN_HTML))
            return f'<p class="provenance">{line.format(files=files, rule=rule, code=code, csv=csv_text)}</p>'
        name = f"{self.file_numbers[e['id']].lower().replace(' ', '')}_{e['id']}.csv"
        label = _("CSV of this table") if e["kind"] == "table" else _("CSV of this figure")
        link = f'<a class="csv" download="{name}" href="{csv_uri(csv)}">{label}</a>'
        # Translators: a further CSV under an exhibit, "CSV: full list of findings"
        further = _("CSV: {label}")
        more = "".join(f' · <a class="csv" download="{f}" href="{csv_uri(t)}">{further.format(label=html.escape(lab))}</a>'
                       for lab, f, t in downloads)  # fmt: skip
        return f'<p class="provenance">{line.format(files=files, rule=rule, code=code, csv=link)}{more}</p>'

    def _open(self, exhibit_id: str) -> dict[str, Any]:
        e = self.entries[exhibit_id]
        if e["document"] != self.document:
            raise ValueError(
                f"exhibit {exhibit_id} belongs to {e['document']}, not {self.document}"
            )
        self.rendered.append(exhibit_id)
        return e

    def caption(self, e: dict[str, Any], extra: str = "") -> str:
        text = self.render_caption(e["caption"])
        return f"<figcaption><b>{self.numbers[e['id']]}.</b> {text}{(' ' + extra) if extra else ''}</figcaption>"

    def table(self, exhibit_id: str, t: TableData) -> Markup:
        e = self._open(exhibit_id)
        note = f'<div class="tnote">{escape(t.note)}</div>' if t.note else ""  # Markup kept
        keep = " keep" if len(t.rows) <= 9 else ""
        body = f'<div class="scroll">{table_html(t)}</div>'
        if self.medium == "screen" and self.document != "data" and len(t.rows) > FOLD_ROWS:
            # a long table folds on screen (it ran to 40,000 px on a phone); print shows it whole
            n = len(t.rows)
            # Translators: the summary of a long table folded on screen (click to open)
            show = ngettext("Show its {n} row", "Show its {n} rows", n).format(n=n)
            body = f'<details class="rows"><summary>{show}</summary>{body}</details>'
        return Markup(
            f'<figure class="exhibit table{keep}" id="{anchor(exhibit_id)}">{self.caption(e)}'
            f"{body}{note}{self.provenance(e, table_csv(t), t.downloads)}</figure>"
        )

    def figure(
        self,
        exhibit_id: str,
        image: str,
        csv: pd.DataFrame,
        alt: str,
        svg: bool,
        narrow: str | None = None,
    ) -> Markup:
        """The figure: inline SVG (or a PNG data: URI); with ``narrow``, the wide SVG and the narrow
        one for phones, as div.wide and div.narrow (the stylesheet shows one of them)."""
        e = self._open(exhibit_id)

        def labelled(markup: str) -> str:
            return re.sub(
                r"<svg\b", f'<svg role="img" aria-label="{html.escape(alt)}"', markup, count=1
            )

        if not svg:
            body = f'<img src="{image}" alt="{html.escape(alt)}">'
        elif narrow is None:
            body = labelled(image)
        else:
            body = f'<div class="wide">{labelled(image)}</div><div class="narrow">{labelled(narrow)}</div>'
        return Markup(
            f'<figure class="exhibit figure" id="{anchor(exhibit_id)}"><div class="art">{body}</div>'
            f"{self.caption(e)}{self.provenance(e, csv.to_csv(index=False, lineterminator=chr(10)))}</figure>"
        )

    def place_rest(self, text: str, figures: dict[str, Any]) -> str:
        """``text`` (the rendered document) with every figure of ``figures`` the template did not
        place inserted at the end of its section's own text (before the next ``h2``/``h3`` heading,
        or the end of ``main``); in the registry it must come last of its section, so the numbers
        still read in order."""
        order = {i: n for n, i in enumerate(self.order)}
        for eid in [i for i in self.order if i in figures and i not in self.rendered]:
            section = self.entries[eid]["section"]
            mates = [i for i in self.order if self.entries[i]["document"] == self.document
                     and self.entries[i]["section"] == section]  # fmt: skip
            head = re.search(rf'<h[23] id="{re.escape(section)}"', text)
            if mates[-1] != eid or head is None:
                raise ValueError(
                    f"resources/exhibits.yaml: exhibit {eid}: no template places it, so it must be "
                    f"the last exhibit of a section of {self.document} (section {section!r})"
                )
            end = re.compile(r"<h[23][ >]|</main>").search(text, head.end())
            at = end.start() if end else len(text)
            markup = str(figures[eid]())
            self.rendered.remove(eid)
            self.rendered.insert(sum(order[i] < order[eid] for i in self.rendered), eid)
            text = f"{text[:at]}{markup}\n{text[at:]}"
        return text

    def check_order(self) -> None:
        """The document rendered its exhibits exactly in registry order (so the numbers read in order)."""
        expected = [i for i in self.order if self.entries[i]["document"] == self.document]
        if self.rendered != expected:
            raise ValueError(
                f"{self.document}: exhibits rendered {self.rendered}, registry order {expected}"
            )


def exhibit_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per exhibit: number, id, document, the caption's first sentence (its template
    expressions shown as …), the data files, the rule and the code."""
    nums = numbering(entries)
    return [
        dict(number=nums[e["id"]], id=e["id"], document=e["document"],
             caption=re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "…", e["caption"]).split(". ")[0],
             files=list(e["files"]), rule=e["rule"], code=e["code"])
        for e in entries
    ]  # fmt: skip


def exhibit_map(entries: list[dict[str, Any]]) -> str:
    """Markdown table of every exhibit: number, caption, files, rule, code (for the README; the data
    appendix shows the same rows as an HTML table)."""
    lines = [
        "| Exhibit | Document | Caption (start) | Data | Rule | Code |",
        "|---|---|---|---|---|---|",
    ]
    for r in exhibit_rows(entries):
        lines.append(f"| {r['number']} (`{r['id']}`) | {r['document']} | {r['caption']} | "
                     + ", ".join(f"`{f}`" for f in r["files"]) + f" | `{r['rule']}` | `{r['code']}` |")  # fmt: skip
    return "\n".join(lines) + "\n"


def drawing(e: dict[str, Any]) -> str:
    """The drawing function of a figure's entry: the last name of the first dotted name of its
    ``code`` (a function of kzrd.present.figures)."""
    return e["code"].split(",")[0].split()[0].rsplit(".", 1)[-1]


def figure_specs(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Figure file stem (results/figures/<stem>.svg) -> what the figure rule needs to draw it: the
    drawing function (the last name of the exhibit's ``code``) and its named ``inputs``."""
    out = {}
    for e in entries:
        if e["kind"] != "figure":
            continue
        svg = [f for f in e["files"] if f.endswith(".svg")]
        if len(svg) != 1 or "inputs" not in e:
            raise ValueError(f"exhibit {e['id']}: a figure needs one .svg in files and its inputs")
        out[Path(svg[0]).stem] = dict(
            id=e["id"],
            draw=drawing(e),
            inputs=e["inputs"],
        )
    return out
