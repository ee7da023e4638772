"""How a table cell is printed, and the exhibit map's rows (kzrd.reference.exhibits)."""

from __future__ import annotations

import pandas as pd
import pytest

from kzrd.reference.exhibits import cell, exhibit_map, exhibit_rows, load_registry


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (7280.0, "sig3", "7,280"),  # the official researchers of Almaty city, never '7.28e+03'
        (3554.4, "sig3", "3,554"),
        (46.83, "sig3", "46.8"),
        (370.4, "sig3", "370"),
        (0.0035812, "sig3", "0.00358"),
        (2023, "year", "2023"),  # a year has no thousands separator
        (2023, "int", "2,023"),
        (2567.2, "ratio", "2,567"),
        (1.444, "ratio", "1.44"),
        (0.0004, "pval", "< 0.001"),
        (float("nan"), ".1f", "—"),
        (pd.NA, "text", "—"),
        ("", "text", "—"),
    ],
)
def test_cell_formats(value, fmt, printed):
    assert cell(value, fmt) == printed


def test_exhibit_rows_carry_what_the_map_prints(root):
    entries = load_registry(root / "resources" / "exhibits.yaml")
    rows = exhibit_rows(entries)
    assert len(rows) == len(entries)
    assert rows[0]["id"] == entries[0]["id"]
    for kind, word in (("table", "Table 1"), ("figure", "Figure 1")):  # each kind counts on its own
        first = next(r for r, e in zip(rows, entries, strict=True) if e["kind"] == kind)
        assert first["number"] == word
    assert "{{" not in "".join(r["caption"] for r in rows)  # template expressions shown as …
    markdown = exhibit_map(entries)
    assert markdown.count("\n") == len(rows) + 2
    assert all(f"| {r['number']} (`{r['id']}`)" in markdown for r in rows)
    assert all(r["files"] and r["rule"] and r["code"] for r in rows)


def _figure_entry(eid: str, section: str, kind: str = "figure") -> dict:
    return dict(id=eid, kind=kind, document="supplement", section=section, caption=eid,
                files=[f"results/{eid}.parquet"], rule="r", code="kzrd.m.f")  # fmt: skip


PLACED = [_figure_entry("t1", "s-a", "table"), _figure_entry("f1", "s-a"), _figure_entry("t2", "s-b", "table")]  # fmt: skip
PAGE = '<main><h2 id="s-a">A</h2><p>a</p>T1<h2 id="s-b">B</h2>T2</main>'


def _render(entries: list[dict], page: str):
    from kzrd.reference.exhibits import Exhibits

    x = Exhibits(entries, "supplement", {}, lambda t: t)
    for e in entries:  # the template places the tables
        if e["kind"] == "table":
            x.rendered.append(e["id"])
    figures = {e["id"]: (lambda i=e["id"]: x._open(i) and f"<figure>{i}</figure>")
               for e in entries if e["kind"] == "figure"}  # fmt: skip
    out = x.place_rest(page, figures)
    x.check_order()
    return out


def test_a_figure_no_template_places_goes_at_the_end_of_its_section():
    out = _render(PLACED, PAGE)
    assert (
        out
        == '<main><h2 id="s-a">A</h2><p>a</p>T1<figure>f1</figure>\n<h2 id="s-b">B</h2>T2</main>'
    )
    # the last section ends at the end of main
    last = [*PLACED[:1], PLACED[2] | {"section": "s-a"}, PLACED[1] | {"section": "s-b"}]
    assert _render(last, PAGE).endswith("T2<figure>f1</figure>\n</main>")


def test_a_figure_no_template_places_must_be_last_of_its_section():
    early = [PLACED[1], PLACED[0], PLACED[2]]  # before the section's table
    with pytest.raises(
        ValueError, match=r"exhibit f1: no template places it, so it must be the last"
    ):
        _render(early, PAGE)
    with pytest.raises(ValueError, match=r"section 's-c'"):
        _render([PLACED[0], PLACED[1] | {"section": "s-c"}], PAGE)
