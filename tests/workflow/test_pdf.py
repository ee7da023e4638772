"""The PDFs the workflow writes, read back with pdfplumber: the main report is short (at most 12
pages), states every verdict of the audit, has bookmarks and links; the supplement exists."""

from __future__ import annotations

import re
import unicodedata
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
