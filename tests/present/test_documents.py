"""The documents' rendering without the workflow: links by medium (screen or print), verdict marks,
page 1's terms, and the PDFs' fonts, which come from files of the project's pinned dependencies
whatever fonts the system has."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kzrd.present import context as C
from kzrd.present.fonts import FAMILIES, font_faces, font_files
from kzrd.present.style import VERDICT_STYLE, badge
from kzrd.reference.exhibits import Col, Exhibits, TableData, doc_href

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = [
    dict(id="t_main", kind="table", document="report", section="s", caption="Main.",
         files=["results/a.parquet"], rule="r", code="c"),
    dict(id="t_supp", kind="table", document="supplement", section="s", caption="Supp.",
         files=["results/b.parquet"], rule="r", code="c"),
    dict(id="t_data", kind="table", document="data", section="s", caption="Data.",
         files=["results/c.parquet"], rule="r", code="c"),
]  # fmt: skip


def test_links_by_medium():
    """On screen the sibling HTML file; in print the sibling PDF, and no link to the data appendix,
    which has no PDF."""
    assert doc_href("supplement", "report", "screen", "x") == "supplement.html#x"
    assert doc_href("supplement", "report", "print", "x") == "supplement.pdf#x"
    assert doc_href("report", "report", "print", "x") == "#x"
    assert doc_href("data", "report", "screen", "f") == "data.html#f"
    assert doc_href("data", "supplement", "print", "f") is None


def test_print_exhibits_link_only_within_the_pdfs():
    x = Exhibits(ENTRIES, "report", {"results/a.parquet": "ab" * 32}, lambda t: t, "print")
    assert x.ref("t_supp") == '<a href="supplement.pdf#x-t_supp">Table S1</a>'
    assert "href" not in x.ref("t_data") and "in the HTML edition" in x.ref("t_data")
    table = x.table("t_main", TableData([Col("a", "A")], pd.DataFrame({"a": ["1"]})))
    assert "data:" not in table and "data.html" not in table
    assert "results/a.parquet" in table  # the file is still named
    screen = Exhibits(ENTRIES, "report", {"results/a.parquet": "ab" * 32}, lambda t: t)
    shown = screen.table("t_main", TableData([Col("a", "A")], pd.DataFrame({"a": ["1"]})))
    assert 'href="data:text/csv' in shown and 'href="data.html#f-results-a-parquet"' in shown
    with pytest.raises(ValueError, match="unknown medium"):
        Exhibits(ENTRIES, "report", {}, lambda t: t, "paper")


def test_numbers_link_to_the_registry_on_screen_only():
    registry = [dict(id="n1", text="42")]
    assert C.number_links(registry, "report")["n1"] == '<a class="n" href="data.html#n-n1">42</a>'
    assert C.number_links(registry, "report", "print")["n1"] == '<span class="n">42</span>'


def test_every_verdict_has_a_distinct_mark_beside_its_word():
    marks = {
        style[3] for v, style in VERDICT_STYLE.items() if v not in ("reproduced", "not reproduced")
    }
    assert len(marks) == len(VERDICT_STYLE) - 2  # official verdicts: one mark each
    b = badge("inconsistent with official statistics")
    assert "✗" in b and "inconsistent with official statistics" in b and 'aria-hidden="true"' in b


def test_page_one_terms_are_those_used():
    used = C.terms_used(["sum = 1.64 × the national total (BNS head count, 2022)", "CV 3%"])
    assert [t for t, _ in used] == ["BNS", "head count", "CV"]
    assert C.terms_used(["no jargon here"]) == []


def _row(cid, verdict, ref="", scope="", joined="", title=None):
    return dict(claim_id=cid, section=f"res-{cid}", title=title or cid, verdict=verdict, reference_verdict=ref,
                scope=scope, judged="part A" if scope else "", not_judged="part B, because" if scope else "", joined_with=joined)  # fmt: skip


def test_a_partial_claim_says_what_it_judges_and_how_its_parts_combine():
    dep = "depends on a choice the paper does not state"
    rows = {"a": _row("a", dep, ref="consistent", scope="1 of 2 parts", joined="b"),
            "b": _row("b", "inconsistent with official statistics", scope="1 of 2 parts", joined="a"),
            "c": _row("c", "consistent", scope="1 of 3 parts"), "d": _row("d", "consistent")}  # fmt: skip
    plain = lambda cid: re.sub(r"<[^>]+>", "", str(C.scope_sentence(rows[cid], rows)))  # noqa: E731
    assert plain("a").startswith(
        "Judged here: part A (1 of 2 parts of the sentence). Not judged here: part B, because."
    )
    # the reference verdicts of the parts, and the sentence as a whole: some parts hold -> partly
    assert "a: ✓ consistent; b: ✗ inconsistent with official statistics" in plain("a")
    # a clause that depends on a reading: so does the whole sentence, with its reference reading
    assert plain("a").endswith(
        "it ↔ depends on a choice the paper does not state; under the reference readings (a: ✓ consistent; b: ✗ inconsistent with official statistics) it is ◐ partly consistent."
    )
    rows["a"]["verdict"], rows["b"]["verdict"] = "consistent", "consistent"  # every clause holds
    assert plain("b").endswith(") it is ✓ consistent.")
    rows["b"]["verdict"] = "inconsistent with official statistics"  # some hold -> partly
    assert plain("b").endswith(") it is ◐ partly consistent.")
    assert "as a whole" not in plain("c") and plain("c").endswith("because.")
    assert plain("d") == ""


def test_every_magnitude_claim_names_its_quantity_and_table():
    assert C.quantity_label("table2_researchers") == "Researchers (Table 2)"  # was a blank cell
    assert C.quantity_label("table1_expenditure") == "R&D expenditure, bn KZT (Table 1)"
    with pytest.raises(KeyError):
        C.quantity_label("table1_patents")


def test_page_one_names_the_robust_claims_worst_first():
    robust = [_row("x", "consistent", title="X's claim"), _row("y", "inconsistent with official statistics", scope="1 of 2 clauses"),
              _row("z", "consistent"), _row("w", "partly consistent")]  # fmt: skip
    plain = re.sub(r"<[^>]+>", "", str(C.robust_findings(robust)))
    assert plain == (
        "✗ inconsistent with official statistics: y (one clause); ◐ partly consistent: w; ✓ consistent: X&#x27;s claim, z"
    )


def test_the_claims_no_series_checks_are_the_verdict_tables_note():
    v = pd.DataFrame(
        [dict(_row("a", "consistent"), kind="official", claim="q", paraphrased=False, proxy="", robust=True,
              robustness="all 3 agree", headline="h", moved_by="", flip="")]
        + [dict(_row(c, "not checkable with published data", title=f"{c} & co"), section="res-not-checkable",
                kind="official", claim="q", paraphrased=False, proxy="", robust=True, robustness="", headline="",
                moved_by="", flip="") for c in ("n1", "n2")]
    )  # fmt: skip
    t = C.verdict_table(v, "official")
    assert list(t.rows["claim_id"]) == ["a"]
    note = re.sub(r"<[^>]+>", "", str(t.note))
    assert note.startswith(
        "Not in the table, 2 claims – not checkable with published data (no official"
    )
    assert note.endswith("n1 &amp; co; n2 &amp; co.")


SAMPLE = "Integrating Kazakhstan's regions — ҒЗТКЖ, НИОКР, Қарағанды, Өскемен; ρ ≥ 0.37 × ±20% → ✓ ✗ ◐ ↔ ○ –"
PRINT_FAMILIES = (
    "body { font-family: 'KZ Serif', 'KZ Sans' } code { font-family: 'KZ Mono', 'KZ Sans' }"
)


def _render(tmp_path: Path, name: str, css: str, env: dict[str, str]) -> bytes:
    """A PDF of SAMPLE in regular, bold, italic and mono, rendered in a fresh process (fontconfig
    reads its configuration once per process)."""
    out = tmp_path / f"{name}.pdf"
    html = f"<style>{css}</style><p>{SAMPLE}</p><p><b>{SAMPLE}</b> <i>{SAMPLE}</i> <code>{SAMPLE}</code></p>"
    code = (
        "import os, sys; os.environ.setdefault('SOURCE_DATE_EPOCH', '0');"
        "from weasyprint import HTML; HTML(string=sys.argv[1]).write_pdf(sys.argv[2])"
    )
    proc = subprocess.run([sys.executable, "-c", code, html, str(out)], env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out.read_bytes()


def _only_font(tmp_path: Path, face: tuple[str, str, str]) -> dict[str, str]:
    """An environment whose fontconfig knows one font only (one of the pinned files, under another
    name), none of the system's."""
    fonts = tmp_path / "-".join(face).replace(" ", "")
    fonts.mkdir(exist_ok=True)
    shutil.copy(font_files()[face], fonts / "Only.ttf")
    conf = fonts / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir>'
                    f"<cachedir>{fonts / 'cache'}</cachedir></fontconfig>", encoding="utf-8")  # fmt: skip
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def test_pdf_bytes_do_not_depend_on_the_system_fonts(tmp_path):
    """The PDFs' fonts come by path from matplotlib's wheel: on this machine and under two other
    font configurations (the system's fonts hidden, one serif or one monospaced font in their place)
    the same document gives the same bytes. A document that looks its font up by family name gives
    other bytes under the two (the comparison can tell)."""
    serif = _only_font(tmp_path, ("KZ Serif", "normal", "normal"))
    mono = _only_font(tmp_path, ("KZ Mono", "normal", "normal"))
    pinned = f"{font_faces()} {PRINT_FAMILIES}"
    usual = _render(tmp_path, "usual", pinned, dict(os.environ))
    assert _render(tmp_path, "serif", pinned, serif) == usual
    assert _render(tmp_path, "mono", pinned, mono) == usual
    lookup = "body, code { font-family: 'DejaVu Serif', serif }"
    assert _render(tmp_path, "l1", lookup, serif) != _render(tmp_path, "l2", lookup, mono)


def test_the_pinned_fonts_cover_every_character_printed():
    """Every family has its four faces on disk; KZ Sans, the fallback of the others in the print
    stylesheet, covers every character of SAMPLE (the marks too), the others all but the marks."""
    from fontTools.ttLib import TTFont

    files = font_files()
    assert len(files) == 4 * len(FAMILIES) and all(p.is_file() for p in files.values())
    needed = {c for c in SAMPLE if not c.isspace()}
    for (family, _weight, _style), path in files.items():
        cmap = TTFont(path, lazy=True).getBestCmap()
        missing = sorted(c for c in needed if ord(c) not in cmap)
        allowed = set() if family == "KZ Sans" else set("✓✗")
        assert set(missing) <= allowed, f"{path.name} lacks {missing}"


def glued_lines(text: str) -> list[int]:
    """Lines of a template that end in a block tag right after text, followed by a line that starts
    with a word: the environment trims the newline after a block tag (trim_blocks), so the two words
    print glued ('statisticsunder')."""
    lines = text.splitlines()
    return [
        n + 1
        for n, line in enumerate(lines[:-1])
        if (m := re.search(r"(\S)\{%-?[^%]*%\}\s*$", line))
        and m.group(1) != ">"
        and re.match(r"[A-Za-z0-9(]", lines[n + 1])
    ]


def test_no_template_line_glues_two_words():
    templates = ROOT / "scripts" / "kzrd" / "present" / "templates"
    found = {p.name: glued_lines(p.read_text(encoding="utf-8")) for p in templates.glob("*.j2")}
    assert not {k: v for k, v in found.items() if v}, found
    # the self-check: the line that printed "statisticsunder" on page 3
    assert glued_lines("are\n{{ a }}{% endif %}\nunder every reading\n") == [2]
    assert glued_lines("are\n{{ a }}{% endif %} under every reading\n") == []


def test_the_2019_grid_marks_the_verdicts_reading():
    g = pd.DataFrame(dict(data_year=[2017, 2022], territory=["units of 2017", "current units"],
                          indicator_set=["common", "framework"], n_units=[16, 20], variants=[12, 12],
                          variants_all_named=[0, 8], built=[True, True], mc_named_top5_share=[0.0, 0.48], note=["", ""]))  # fmt: skip
    rows = C.own_time_table(g, ("2017", "units of 2017", "common")).rows
    assert list(rows["reference_mark"]) == ["reference reading", ""]
    assert list(C.own_time_table(g).rows["reference_mark"]) == ["", ""]
