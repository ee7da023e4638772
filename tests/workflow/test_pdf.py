"""The PDFs the workflow writes, read back with pdfplumber: the main report is short (at most 12
pages), states every verdict of the audit, has bookmarks and links; the supplement exists. The
characters of the six PDFs (their size, font and place, for the size, margin and font checks) are
read with pypdfium2, which pdfplumber itself depends on: five times faster than pdfplumber's
layout analysis, with the same sizes and fonts (test_pdfium_reads_the_characters_as_pdfplumber)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

MAX_REPORT_PAGES = 12
MIN_SUPPLEMENT_PAGES = 2
HYPHENS = "\u00ad\u2010\u2011"  # soft hyphen, hyphen, non-breaking hyphen: all read as "-"


def normalise(text: str) -> str:
    """Compatibility forms (ligatures such as "ﬁ" become "fi"), one kind of hyphen, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(f"[{HYPHENS}]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def phrase_pattern(phrase: str) -> re.Pattern:
    """`phrase` as it may come out of a typeset page: any whitespace between its words, and a word
    hyphenated across a line break ("incon- sistent" once line breaks are spaces); a hyphen of the
    phrase itself may be followed by a line break."""
    parts = []
    words = normalise(phrase).split(" ")
    for i, word in enumerate(words):
        chars = []
        for j, c in enumerate(word):
            chars.append(re.escape(c))
            if c == "-":
                chars.append(r"\s?")
            elif j + 1 < len(word) and c.isalpha() and word[j + 1].isalpha():
                chars.append(r"(?:- )?")
        parts.append("".join(chars))
        if i + 1 < len(words):
            parts.append(r"\s+")
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", flags=re.IGNORECASE)


def test_phrase_pattern_reads_through_line_breaks():
    """Self-check of the text matching, without the workflow."""
    pattern = phrase_pattern("not reproducible from published data")
    text = normalise("… is not repro-\nducible from pub-\nlished\ndata, so …")
    assert pattern.search(text)
    assert not pattern.search(normalise("not reproducible from published dates"))
    assert phrase_pattern("consistent").search(normalise("Consistent with"))
    assert not phrase_pattern("consistent").search(normalise("inconsistent"))
    assert phrase_pattern("ex-ante check").search(normalise("an ex-\nante check"))
    assert phrase_pattern("official").search(normalise("oﬃcial"))  # the ffi ligature


def _text(path: Path) -> str:
    """All text of the PDF twice over: pdfplumber's lines across the page, and pdfminer's layout
    analysis, which keeps the lines of a text box together (a table cell wrapped over lines would
    otherwise be interleaved with its neighbours' text)."""
    import pdfplumber
    from pdfminer.high_level import extract_text

    with pdfplumber.open(path) as pdf:
        chunks = [page.extract_text() or "" for page in pdf.pages]
    chunks.append(extract_text(path))
    return normalise("\n".join(chunks))


def _outline(pdf) -> list:
    from pdfminer.pdfdocument import PDFNoOutlines

    try:
        return list(pdf.doc.get_outlines())
    except PDFNoOutlines:
        return []


def _links(pdf) -> list[dict]:
    """Link annotations that go somewhere: to a URI, or to a destination in the document."""
    from pdfminer.pdftypes import resolve1

    out = []
    for page in pdf.pages:
        for annot in page.annots:
            data = resolve1(annot.get("data")) or {}
            action = resolve1(data.get("A")) or {}
            if annot.get("uri") or "Dest" in data or "URI" in action or "D" in action:
                out.append(annot)
    return out


@pytest.fixture(scope="module")
def report_dir(workflow) -> Path:
    return workflow / "results" / "report"


@pytest.fixture(scope="module")
def report_pdf(report_dir):
    import pdfplumber

    with pdfplumber.open(report_dir / "report.pdf") as pdf:
        yield pdf


def test_report_pdf_is_at_most_twelve_pages(report_pdf):
    assert 1 <= len(report_pdf.pages) <= MAX_REPORT_PAGES, len(report_pdf.pages)


def test_report_pdf_states_every_verdict(report_dir, workflow):
    import pandas as pd

    verdicts = pd.read_parquet(workflow / "results" / "audit" / "verdicts.parquet")["verdict"]
    distinct = sorted(set(verdicts.dropna().astype(str)))
    assert distinct
    text = _text(report_dir / "report.pdf")
    missing = [v for v in distinct if not phrase_pattern(v).search(text)]
    assert not missing, f"verdicts not found in report.pdf: {missing}"


def test_report_pdf_has_bookmarks_and_links(report_pdf):
    assert _outline(report_pdf), "report.pdf has no outline (bookmarks)"
    assert _links(report_pdf), "report.pdf has no link annotation (/URI or /Dest)"


def test_supplement_pdf_exists_with_at_least_two_pages(report_dir):
    import pdfplumber

    path = report_dir / "supplement.pdf"
    assert path.is_file(), "the workflow wrote no results/report/supplement.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= MIN_SUPPLEMENT_PAGES, len(pdf.pages)


# ---------------------------------------------------------------------------------------------
# A PDF read on paper, or sent alone by e-mail

MIN_PRINTED_PT = 7.5
# both documents in every language of the default config (a Russian or Kazakh sentence is longer:
# the same checks of size, margins, links and fonts); links go to the sibling in the same language
PDFS = tuple(f"{doc}{lang}.pdf" for lang in ("", ".ru", ".kk") for doc in ("report", "supplement"))
PINNED_FONT = re.compile(r"^(?:[A-Z]{6}\+)?KZ-(?:Serif|Sans|Mono)")  # kzrd.present.fonts.FAMILIES


def named_destinations(pdf) -> set[str]:
    """The named destinations of a PDF (its /Dests name tree, or the older /Dests dictionary)."""
    from pdfminer.pdftypes import resolve1

    out: set[str] = set()

    def walk(node) -> None:
        node = resolve1(node)
        names = resolve1(node.get("Names", []))
        out.update(k.decode() if isinstance(k, bytes) else str(k) for k in names[::2])
        for kid in resolve1(node.get("Kids", [])) or []:
            walk(kid)

    catalog = pdf.doc.catalog
    if "Names" in catalog and "Dests" in resolve1(catalog["Names"]):
        walk(resolve1(catalog["Names"])["Dests"])
    if "Dests" in catalog:
        out.update(str(k) for k in resolve1(catalog["Dests"]))
    return out


def link_targets(pdf) -> list[tuple[int, str | None, object]]:
    """Every link annotation as (page, URI or None, destination or None)."""
    from pdfminer.pdftypes import resolve1

    out = []
    for page in pdf.pages:
        for annot in page.annots:
            data = resolve1(annot.get("data")) or {}
            action = resolve1(data.get("A")) or {}
            uri = annot.get("uri") or action.get("URI")
            dest = resolve1(data.get("Dest") or action.get("D"))
            out.append((page.page_number,
                        uri.decode() if isinstance(uri, bytes) else uri,
                        dest.decode() if isinstance(dest, bytes) else dest))  # fmt: skip
    return out


def dead_links(pdfs: dict[str, object]) -> dict[str, list]:
    """Links of each PDF that do not resolve with only the PDFs at hand: a URI must be http(s), or
    a sibling PDF with an existing named destination; a destination must exist in the PDF itself."""
    dests = {name: named_destinations(pdf) for name, pdf in pdfs.items()}
    dead: dict[str, list] = {}
    for name, pdf in pdfs.items():
        for page, uri, dest in link_targets(pdf):
            if uri:
                target, _, fragment = uri.partition("#")
                ok = uri.startswith(("https://", "http://")) or (
                    target in dests and (not fragment or fragment in dests[target])
                )
            else:
                ok = dest is not None and (not isinstance(dest, str) or dest in dests[name])
            if not ok:
                dead.setdefault(name, []).append((page, uri or dest))
    return dead


@dataclass(frozen=True)
class Page:
    page_number: int
    width: float
    chars: list[dict]  # text, size (pt, as set on the page), fontname, x0, x1


def pdfium_pages(path: Path) -> list[Page]:
    """Every page's characters as PDFium reads them (the ones it generates, such as the spaces and
    line ends of its text extraction, left out), as pdfplumber gives them: a character's size is
    its font size scaled by its transformation to the page, its x0 the pen's position, its x1 the
    right edge of its box."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    pdf = pdfium.PdfDocument(path)
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            text = page.get_textpage()
            chars = []
            for i in range(text.count_chars()):
                if raw.FPDFText_IsGenerated(text, i) == 1:
                    continue
                m = raw.FS_MATRIX()
                raw.FPDFText_GetMatrix(text, i, ctypes.byref(m))
                name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
                raw.FPDFText_GetFontInfo(text, i, name, 256, ctypes.byref(flags))
                origin_x, origin_y = ctypes.c_double(), ctypes.c_double()  # where the pen sets it
                raw.FPDFText_GetCharOrigin(text, i, ctypes.byref(origin_x), ctypes.byref(origin_y))
                _left, _bottom, x1, _top = text.get_charbox(i, loose=True)  # (its advance's end)
                x0 = origin_x.value
                chars.append(dict(text=chr(raw.FPDFText_GetUnicode(text, i)), x0=x0, x1=x1,
                                  size=raw.FPDFText_GetFontSize(text, i) * abs(m.a * m.d - m.b * m.c) ** 0.5,
                                  fontname=name.value.decode()))  # fmt: skip
            pages.append(Page(n + 1, page.get_size()[0], chars))
            text.close()
            page.close()
    finally:
        pdf.close()
    return pages


@pytest.fixture(scope="module")
def pdf_chars(report_dir) -> dict[str, list[Page]]:
    return {name: pdfium_pages(report_dir / name) for name in PDFS}


def test_pdfium_reads_the_characters_as_pdfplumber(report_dir):
    """On the main report, page by page: the same fonts in the same sizes, and the visible text's
    left and right edges within half of the margin checks' point of tolerance (pdfplumber gives a
    ligature as one character of two letters, so the characters are not compared one for one)."""
    import pdfplumber

    def summary(chars) -> tuple:
        seen = [c for c in chars if c["text"].strip()]
        return ({(round(c["size"], 1), c["fontname"]) for c in seen},
                min(c["x0"] for c in seen), max(c["x1"] for c in seen))  # fmt: skip

    fast = pdfium_pages(report_dir / "report.pdf")
    with pdfplumber.open(report_dir / "report.pdf") as pdf:
        assert len(fast) == len(pdf.pages)
        for page, slow in zip(fast, pdf.pages, strict=True):
            (styles, left, right), (want, want_left, want_right) = (
                summary(page.chars),
                summary(slow.chars),
            )
            assert styles == want, page.page_number
            assert abs(left - want_left) < 0.5 and abs(right - want_right) < 0.5, page.page_number


@pytest.fixture(scope="module")
def both_pdfs(report_dir):
    import pdfplumber

    opened = {name: pdfplumber.open(report_dir / name) for name in PDFS}
    yield opened
    for pdf in opened.values():
        pdf.close()


def test_no_printed_text_below_the_minimum(pdf_chars):
    for name, pages in pdf_chars.items():
        small = sorted({(p.page_number, round(c["size"], 1), c["fontname"]) for p in pages
                        for c in p.chars if c["size"] < MIN_PRINTED_PT})  # fmt: skip
        assert not small, f"{name}: text below {MIN_PRINTED_PT} pt (page, size, font): {small[:10]}"


def side_margins_mm() -> tuple[float, float]:
    """The left and right page margins of the documents' @page rule (base.html.j2)."""
    template = Path(__file__).parents[2] / "scripts/kzrd/present/templates/base.html.j2"
    found = re.search(
        r"@page\s*\{[^}]*margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm",
        template.read_text(),
    )
    assert found, "no @page margin in base.html.j2"
    return float(found[4]), float(found[2])


def chars_outside(chars: list[dict], width: float, margins_mm: tuple[float, float]) -> list[dict]:
    """Visible characters set beyond the text box's left or right edge (a point of tolerance): a
    table wider than the page loses its last columns past the paper's edge. A space that ends a
    line in the margin shows nothing."""
    left, right = (m * 72 / 25.4 for m in margins_mm)
    seen = [c for c in chars if c["text"].strip()]
    return [c for c in seen if c["x0"] < left - 1 or c["x1"] > width - right + 1]


def test_chars_outside_finds_a_cut_column():
    """Self-check, without the workflow: on an A4 page (595 pt) with 14 mm margins (39.7 pt)."""
    inside, cut = dict(x0=40.0, x1=100.0, text="a"), dict(x0=560.0, x1=600.0, text="b")
    space = dict(x0=556.0, x1=559.0, text=" ")  # a line's last space, in the margin: nothing shows
    assert chars_outside([inside, cut, space], 595.0, (14, 14)) == [cut]


def test_no_text_beyond_the_text_box(pdf_chars):
    margins = side_margins_mm()
    for name, pages in pdf_chars.items():
        cut = {p.page_number: "".join(c["text"] for c in chars_outside(p.chars, p.width, margins))[:40]
               for p in pages if chars_outside(p.chars, p.width, margins)}  # fmt: skip
        assert not cut, f"{name}: text past the side margins (page: text): {cut}"


def test_every_link_resolves_with_the_pdfs_alone(both_pdfs):
    assert all(link_targets(pdf) for pdf in both_pdfs.values()), "a PDF without links"
    assert dead_links(both_pdfs) == {}


def test_dead_links_are_found():
    """Self-check of dead_links on PDFs of our own: a link to the HTML edition and a data: URI are
    dead, a link to the sibling PDF's named destination and an https link are not."""
    import io

    import pdfplumber
    from weasyprint import HTML

    def pdf(body: str):
        return pdfplumber.open(io.BytesIO(HTML(string=f"<body>{body}</body>").write_pdf()))

    good = {"report.pdf": pdf('<h1 id="a">A</h1><a href="#a">here</a> <a href="supplement.pdf#b">there</a>'
                              ' <a href="https://stat.gov.kz/">BNS</a>'),
            "supplement.pdf": pdf('<h1 id="b">B</h1><a href="#b">here</a>')}  # fmt: skip
    assert dead_links(good) == {}
    bad = {"report.pdf": pdf('<h1 id="a">A</h1><a href="data.html#x">appendix</a>'
                             ' <a href="data:text/csv;base64,YQ==">CSV</a> <a href="supplement.pdf#zz">gone</a>'),
           "supplement.pdf": pdf('<h1 id="b">B</h1>')}  # fmt: skip
    assert [u for _, u in dead_links(bad)["report.pdf"]] == [
        "data.html#x",
        "data:text/csv;base64,YQ==",
        "supplement.pdf#zz",
    ]


def test_fonts_are_the_pinned_files(pdf_chars):
    """Every character is set in one of the fonts the project loads by path, none from the system."""
    for name, pages in pdf_chars.items():
        fonts = {c["fontname"] for p in pages for c in p.chars}
        assert fonts and all(PINNED_FONT.match(f) for f in fonts), f"{name}: {sorted(fonts)}"


def test_every_verdict_carries_its_mark(report_dir, workflow):
    """Each verdict of the audit is printed with its mark beside its word (told apart in black and
    white and by colour-blind readers), as kzrd.present.style declares."""
    import pandas as pd

    from kzrd.present.style import VERDICT_STYLE

    verdicts = pd.read_parquet(workflow / "results" / "audit" / "verdicts.parquet")["verdict"]
    text = _text(report_dir / "report.pdf")
    marked = {v: phrase_pattern(f"{VERDICT_STYLE[v][3]} {v}") for v in set(verdicts)}
    missing = sorted(v for v, pattern in marked.items() if not pattern.search(text))
    assert not missing, f"verdicts without their mark in report.pdf: {missing}"


def test_page_one_explains_the_terms_it_uses(report_pdf):
    """Every glossary term page 1 uses outside its Terms paragraph is explained in that paragraph,
    and page 1 states the bottom line."""
    from kzrd.present.context import GLOSSARY

    page = normalise(report_pdf.pages[0].extract_text())
    assert "Bottom line." in page
    before, _, rest = page.partition("Terms.")
    terms, _, after = rest.partition("Table 1.")
    assert terms, "page 1 has no Terms paragraph before Table 1"
    used = [t for t, (rx, _m) in GLOSSARY.items() if re.search(rx, before + after)]
    unexplained = [t for t in used if not re.search(re.escape(t) + r"\s*:", terms)]
    assert used and not unexplained, f"page 1 uses {unexplained} without explaining them"
