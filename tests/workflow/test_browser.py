"""The three HTML documents of the report in a real browser: headless Chromium (the system's
/usr/bin/chromium) driven by Playwright, at a desktop and a phone width.

The contract the documents follow, checked here:
- `<meta name="viewport" content="width=device-width, initial-scale=1">`;
- a table of contents `<nav id="toc">` with `<a href="#...">` links; every h2 and h3 has an id;
- every table and figure is an exhibit, `<figure class="exhibit" id=...>` with a `<figcaption>`
  and a `<p class="provenance">` holding `<a class="csv" download="....csv" href="data:text/csv...">`;
- internal links resolve: `#x` to an id in the same document, `other.html#x` to an id in that one;
- no network: the only request is the document's own file:// URL (everything else is inline);
- no console errors or page errors; images have alt text; inline SVG figures are described;
- at 390 px: no horizontal overflow of the page, body paragraphs at 12 px or more; no table of the
  main report (`<body data-document="report">`) wider than its box, and a table of the other documents
  that scrolls keeps its first column in view (position: sticky); the contents start folded
  (`<details id="toc-list">` closed; open at 1280 px); every text of a figure as drawn on the
  screen (the narrow variant a phone shows) is at least 9 CSS px;
- every figure opens full size on a tap (the figure gets class `zoomed` and covers the viewport) and
  Escape closes it.

Each check takes a Playwright page and returns a list of problems (empty when the page passes),
so that the self-check on small pages of our own and the end-to-end test share them.

Without /usr/bin/chromium or the `playwright` module the tests skip, naming what is missing;
with KZRD_REQUIRE_BROWSER=1 (CI sets it) they fail instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCUMENTS = ("report.html", "supplement.html", "data.html")
PHONE, DESKTOP = 390, 1280
WIDTHS = (DESKTOP, PHONE)
HEIGHT = 900
MIN_FONT_PX = 12.0
VIEWPORT_CONTENT = "width=device-width, initial-scale=1"


# ---------------------------------------------------------------------------------------------
# Opening a document


@dataclass
class Recorder:
    """What a page did while it loaded: console errors, page errors, requests it should not make."""

    own_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


def watch(page, own_url: str) -> Recorder:
    """Record errors and block every request but the document itself and data: URLs."""
    rec = Recorder(own_url)
    page.on(
        "console",
        lambda msg: rec.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: rec.page_errors.append(str(exc)))

    def route(r):
        url = r.request.url
        if url == own_url or url.startswith("data:"):
            r.continue_()
        else:
            rec.foreign_requests.append(url)
            r.abort()

    page.route("**/*", route)
    return rec


def open_document(context, path: Path, width: int, height: int = HEIGHT, settle: bool = True):
    """A new page of `context` at the given viewport, with `path` loaded; returns (page, recorder).
    With `settle`, also waits until the page has made no request for half a second."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    url = path.resolve().as_uri()
    rec = watch(page, url)
    page.goto(url, wait_until="load")
    if settle:
        page.wait_for_load_state("networkidle")
    return page, rec


def problems_while_loading(rec: Recorder) -> list[str]:
    return (
        [f"console error: {t}" for t in rec.console_errors]
        + [f"page error: {t}" for t in rec.page_errors]
        + [f"network request: {u}" for u in rec.foreign_requests]
    )


# ---------------------------------------------------------------------------------------------
# Checks: each takes a page and returns its problems


def check_viewport_meta(page) -> list[str]:
    contents = page.eval_on_selector_all(
        'meta[name="viewport"]', "els => els.map(e => e.getAttribute('content'))"
    )
    if not contents:
        return ['no <meta name="viewport">']
    norm = [re.sub(r"\s+", "", c or "") for c in contents]
    if re.sub(r"\s+", "", VIEWPORT_CONTENT) not in norm:
        return [f"viewport meta is {contents}, not {VIEWPORT_CONTENT!r}"]
    return []


def check_toc(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav#toc a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    if not page.query_selector("nav#toc"):
        return ['no table of contents <nav id="toc">']
    if not any(h.startswith("#") and len(h) > 1 for h in hrefs):
        return ['the table of contents has no <a href="#..."> link']
    return []


def check_heading_ids(page) -> list[str]:
    missing = page.eval_on_selector_all(
        "h2, h3",
        "els => els.filter(e => !e.id).map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 60))",
    )
    return [f"heading without id: {m}" for m in missing]


def check_no_overflow(page) -> list[str]:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        wide = page.evaluate(
            """() => Array.from(document.body.querySelectorAll('*'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                          + (e.className && typeof e.className === 'string' ? '.' + e.className : ''))"""
        )
        return [f"page is {scroll}px wide in a {inner}px viewport (e.g. {', '.join(wide)})"]
    return []


def check_body_font_size(page, minimum: float = MIN_FONT_PX) -> list[str]:
    """Paragraphs of the text (not the captions and provenance lines inside exhibits)."""
    sizes = page.eval_on_selector_all(
        "p",
        """els => els.filter(e => !e.closest('figure, nav'))
                     .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 60)])""",
    )
    return [f"paragraph at {px}px < {minimum}px: {text!r}" for px, text in sizes if px < minimum]


def check_exhibits(page) -> list[str]:
    """Every table and figure is a figure.exhibit with an id, a figcaption and a provenance line
    whose a.csv link carries the exhibit's data as a data:text/csv URI named *.csv."""
    return page.evaluate(
        """() => {
        const out = [];
        const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '');
        for (const t of document.querySelectorAll('table')) {
            if (!t.closest('figure.exhibit')) out.push('table outside a figure.exhibit: ' +
                (t.textContent || '').trim().slice(0, 60));
        }
        for (const f of document.querySelectorAll('figure')) {
            if (!f.classList.contains('exhibit')) { out.push('figure without class exhibit: ' + name(f)); continue; }
            const own = sel => Array.from(f.querySelectorAll(sel)).filter(e => e.closest('figure') === f);
            if (!f.id) out.push('exhibit without id: ' + (f.textContent || '').trim().slice(0, 60));
            const caps = own('figcaption');
            if (!caps.length || !caps[0].textContent.trim()) out.push('exhibit without figcaption: ' + name(f));
            const prov = own('p.provenance');
            if (!prov.length) { out.push('exhibit without p.provenance: ' + name(f)); continue; }
            const csv = prov.flatMap(p => Array.from(p.querySelectorAll('a.csv')));
            if (!csv.length) { out.push('provenance without a.csv link: ' + name(f)); continue; }
            for (const a of csv) {
                const href = a.getAttribute('href') || '';
                const dl = a.getAttribute('download') || '';
                if (!href.startsWith('data:text/csv')) out.push('a.csv href is not data:text/csv: ' + name(f) + ' ' + href.slice(0, 40));
                if (!/.\\.csv$/.test(dl)) out.push('a.csv download is not a .csv name: ' + name(f) + ' ' + JSON.stringify(dl));
            }
        }
        return out;
    }"""
    )


def check_images(page) -> list[str]:
    """Images have alt text; an inline SVG in a figure has role=img and an aria-label, or the
    figure's caption describes it."""
    return page.evaluate(
        """() => {
        const out = [];
        for (const img of document.querySelectorAll('img')) {
            if (!(img.getAttribute('alt') || '').trim())
                out.push('img without alt: ' + (img.getAttribute('src') || '').slice(0, 60));
        }
        for (const svg of document.querySelectorAll('figure svg')) {
            if (svg.parentElement.closest('svg')) continue;
            const labelled = svg.getAttribute('role') === 'img' && (svg.getAttribute('aria-label') || '').trim();
            const cap = svg.closest('figure').querySelector('figcaption');
            if (!labelled && !(cap && cap.textContent.trim()))
                out.push('svg figure without aria-label or caption: ' + (svg.closest('figure').id || '?'));
        }
        return out;
    }"""
    )


def _ids_of(context, path: Path, cache: dict[Path, set[str] | None]) -> set[str] | None:
    """The ids of the document at `path` (opened in the browser, network blocked); None if absent."""
    if path not in cache:
        if not path.is_file():
            cache[path] = None
        else:
            page, _ = open_document(context, path, DESKTOP, settle=False)
            cache[path] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
            page.close()
    return cache[path]


def check_internal_links(page, cache: dict[Path, set[str] | None] | None = None) -> list[str]:
    """`#x` resolves to an id in this document; a relative `other.html#x` to an id in that one
    (opened to look). Absolute file: links are not portable and count as broken."""
    cache = {} if cache is None else cache
    here = Path(url2pathname(urlsplit(page.url).path))
    ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    cache.setdefault(here, ids)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in dict.fromkeys(hrefs):
        parts = urlsplit(href)
        if parts.scheme == "file":
            out.append(f"absolute file link: {href}")
            continue
        if parts.scheme or parts.netloc:  # https:, mailto:, data: (the CSV downloads)
            continue
        target = here if not parts.path else (here.parent / unquote(parts.path)).resolve()
        if target != here and target.suffix != ".html":  # a data file (the appendix's CSVs)
            if not target.is_file():
                out.append(f"link to a missing file: {href}")
            continue
        target_ids = ids if target == here else _ids_of(page.context, target, cache)
        if target_ids is None:
            out.append(f"link to a missing document: {href}")
        elif "#" in href and unquote(parts.fragment) not in target_ids:
            out.append(f"link to a missing id: {href}")
    return out


def check_tables_phone(page) -> list[str]:
    """No table of the main report is wider than its box; in the other documents a table that is
    wider scrolls with its first column in view (position: sticky)."""
    return page.evaluate(
        """() => {
        const out = [];
        const main = document.body.dataset.document === 'report';
        for (const t of document.querySelectorAll('table')) {
            const box = t.parentElement, over = t.scrollWidth - box.clientWidth;
            if (over <= 1) continue;
            const id = (t.closest('figure') || {}).id || '?';
            if (main) { out.push('table hides ' + over + 'px of its columns: ' + id); continue; }
            const first = t.querySelector('tbody td, tbody th');
            if (!first || getComputedStyle(first).position !== 'sticky')
                out.push('table scrolls without its first column in view: ' + id);
        }
        return out;
    }"""
    )


MIN_FIGURE_PX = 9.0


def check_figure_text_phone(page, minimum: float = MIN_FIGURE_PX) -> list[str]:
    """Every text of a figure as shown (the drawing the page displays at this width): its font size
    times the SVG's scale on the screen, at least ``minimum`` CSS px."""
    return page.evaluate(
        """min => {
        const out = [];
        for (const t of document.querySelectorAll('figure svg text')) {
            if (!t.textContent.trim() || t.getBoundingClientRect().width === 0) continue;  // not shown
            const m = t.getScreenCTM();
            const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
            if (px < min - 1e-6) {
                const id = (t.closest('figure') || {}).id || '?';
                out.push(`figure text at ${px.toFixed(1)} px: ${id}: ${t.textContent.trim().slice(0, 30)}`);
            }
        }
        return out.slice(0, 20);
    }""",
        minimum,
    )


def check_toc_folded(page) -> list[str]:
    """On a phone the contents start folded; on a desktop they are open."""
    state = page.evaluate(
        "() => { const d = document.getElementById('toc-list'); return d ? d.open : null; }"
    )
    if state is None:
        return ['no contents <details id="toc-list">']
    phone = page.viewport_size["width"] <= PHONE
    if phone and state:
        return ["the contents are open on a phone"]
    if not phone and not state:
        return ["the contents are folded on a desktop"]
    return []


def check_figures_zoom(page) -> list[str]:
    """Each figure opens full size on a tap (class zoomed, covering the viewport); Escape closes it."""
    out = []
    for fid in page.eval_on_selector_all("figure.figure", "els => els.map(e => e.id)"):
        art = page.query_selector(f"#{fid} .art")
        if art is None:
            out.append(f"figure without .art: {fid}")
            continue
        art.scroll_into_view_if_needed()
        art.click()
        covers = page.evaluate(
            """id => { const f = document.getElementById(id), r = f.querySelector('.art').getBoundingClientRect();
                       return f.classList.contains('zoomed') && r.width >= innerWidth - 1 && r.height >= innerHeight - 1; }""",
            fid,
        )
        if not covers:
            out.append(f"figure does not open full size on a tap: {fid}")
        page.keyboard.press("Escape")
        if page.evaluate("id => document.getElementById(id).classList.contains('zoomed')", fid):
            out.append(f"Escape does not close the full-size figure: {fid}")
    return out


PAGE_CHECKS = {
    "viewport-meta": check_viewport_meta,
    "toc": check_toc,
    "heading-ids": check_heading_ids,
    "exhibits": check_exhibits,
    "images": check_images,
    "internal-links": check_internal_links,
    "toc-folded": check_toc_folded,
}
PHONE_CHECKS = {
    "no-overflow": check_no_overflow,
    "font-size": check_body_font_size,
    "tables": check_tables_phone,
    "figure-text": check_figure_text_phone,
}


def all_problems(page, rec: Recorder, width: int) -> dict[str, list[str]]:
    """Every check that applies at this width, by name, with its problems (only failing ones)."""
    checks = {**PAGE_CHECKS, **(PHONE_CHECKS if width <= PHONE else {})}
    found = {"loading": problems_while_loading(rec)}
    found.update({name: check(page) for name, check in checks.items()})
    found["figures-zoom"] = check_figures_zoom(page)  # last: it clicks
    return {name: p for name, p in found.items() if p}


# ---------------------------------------------------------------------------------------------
# The browser


def _missing() -> str | None:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright (pip install -r requirements-dev.lock)")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"{CHROMIUM} (Debian package chromium)")
    return " and ".join(missing) or None


@pytest.fixture(scope="module")
def browser():
    missing = _missing()
    if missing:
        reason = f"needs {missing}"
        if os.environ.get("KZRD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KZRD_REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


# ---------------------------------------------------------------------------------------------
# Self-check: small pages of our own, one that follows the contract and some that break it

CSV = 'href="data:text/csv;charset=utf-8,a%2Cb%0A1%2C2" download="table-1.csv"'
GOOD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>t</title><style>body {{ font-size: 16px; margin: 0 1em; }} {style}</style></head>
<body{body}>
<nav id="toc"><details id="toc-list" open><summary>Contents</summary><a href="#s1">One</a> <a href="#s1-1">One.one</a></details></nav>
{fold}
<h2 id="s1">One</h2>
<p>Body text, see <a href="#t1">Table 1</a>, <a href="other.html#x">the supplement</a>
and <a href="https://example.org/source">the source</a> (an external link, not a request).</p>
<h3 id="s1-1">One.one</h3>
<figure class="exhibit" id="t1"><figcaption>Table 1. Numbers.</figcaption>
<table><tr><td>1</td></tr></table>
<p class="provenance">From results/x.parquet. <a class="csv" {csv}>CSV</a></p></figure>
<figure class="exhibit" id="f1"><figcaption>Figure 1. A square.</figcaption>
<svg role="img" aria-label="A square" width="100" height="100"><rect width="50" height="50"/></svg>
<img alt="A dot" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">
<p class="provenance">From results/y.parquet. <a class="csv" {csv}>CSV</a></p></figure>
{extra}
</body></html>"""
OTHER = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>o</title></head>
<body><nav id="toc"><a href="#x">X</a></nav><h2 id="x">X</h2><p>Other.</p></body></html>"""

FOLD = """<script>var d = document.getElementById('toc-list');
if (d && matchMedia('(max-width: 1099px)').matches) d.open = false;</script>"""
WIDE = (
    '<figure class="exhibit" id="t9"><figcaption>Table 9. Wide.</figcaption><div class="scroll" style="overflow-x: auto">'
    '<table style="width: 900px"><tbody><tr><td>first</td><td>second</td></tr></tbody></table></div>'
    f'<p class="provenance"><a class="csv" {CSV}>CSV</a></p></figure>'
)


BREAKAGES = {
    # name: (what is changed in GOOD, the check that must catch it)
    "broken-anchor": ({"extra": '<p><a href="#nowhere">x</a></p>'}, "internal-links"),
    "broken-cross-link": ({"extra": '<p><a href="other.html#nowhere">x</a></p>'}, "internal-links"),
    "missing-document": ({"extra": '<p><a href="absent.html#x">x</a></p>'}, "internal-links"),
    "missing-file": ({"extra": '<p><a href="../csv/absent.csv">x</a></p>'}, "internal-links"),
    "overflow": ({"extra": '<div style="width: 2000px">wide</div>'}, "no-overflow"),
    "no-provenance": (
        {"extra": '<figure class="exhibit" id="f2"><figcaption>F</figcaption></figure>'},
        "exhibits",
    ),
    "csv-not-data-uri": (
        {
            "extra": '<figure class="exhibit" id="f3"><figcaption>F</figcaption><p class="provenance">'
            '<a class="csv" download="f3.csv" href="f3.csv">CSV</a></p></figure>'
        },
        "exhibits",
    ),
    "no-figcaption": (
        {
            "extra": '<figure class="exhibit" id="f4"><p class="provenance">'
            f'<a class="csv" {CSV}>CSV</a></p></figure>'
        },
        "exhibits",
    ),
    "figure-not-exhibit": ({"extra": "<figure><figcaption>F</figcaption></figure>"}, "exhibits"),
    "unlabelled-svg": (
        {"extra": '<figure class="exhibit" id="f5"><svg width="9" height="9"></svg></figure>'},
        "images",
    ),
    "bare-table": ({"extra": "<table><tr><td>1</td></tr></table>"}, "exhibits"),
    "external-image": (
        {"extra": '<img alt="remote" src="http://example.invalid/x.png">'},
        "loading",
    ),
    "console-error": ({"extra": "<script>console.error('boom')</script>"}, "loading"),
    "page-error": ({"extra": "<script>undefinedFunction()</script>"}, "loading"),
    "no-alt": ({"extra": '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'}, "images"),
    "small-text": ({"style": "p { font-size: 10px; }"}, "font-size"),
    "small-figure-text": (
        {
            "extra": '<figure class="exhibit" id="f6"><figcaption>F</figcaption>'
            '<svg role="img" aria-label="wide" viewBox="0 0 1000 100" width="300"><text x="0" y="50" '
            'style="font-size: 20px">shrunk to 6 px</text></svg>'
            f'<p class="provenance"><a class="csv" {CSV}>CSV</a></p></figure>'
        },
        "figure-text",
    ),
    "heading-without-id": ({"extra": "<h3>No id</h3>"}, "heading-ids"),
    "no-toc": (
        {
            "drop": '<nav id="toc"><details id="toc-list" open><summary>Contents</summary><a href="#s1">One</a> '
            '<a href="#s1-1">One.one</a></details></nav>'
        },
        "toc",
    ),
    "contents-open-on-a-phone": ({"fold": ""}, "toc-folded"),
    "main-report-table-hides-columns": (
        {"extra": WIDE, "body": ' data-document="report"'},
        "tables",
    ),
    "scrolling-table-loses-first-column": ({"extra": WIDE}, "tables"),
    "figure-does-not-zoom": (
        {
            "extra": '<figure class="exhibit figure" id="f6"><div class="art">art</div><figcaption>F</figcaption>'
            f'<p class="provenance"><a class="csv" {CSV}>CSV</a></p></figure>'
        },
        "figures-zoom",
    ),
    "no-viewport": (
        {"drop": '<meta name="viewport" content="width=device-width, initial-scale=1">'},
        "viewport-meta",
    ),
}


def _page(tmp_path: Path, style: str = "", extra: str = "", drop: str = "", body: str = "",
          fold: str = FOLD) -> Path:  # fmt: skip
    html = GOOD.format(style=style, extra=extra, csv=CSV, body=body, fold=fold)
    if drop:
        assert drop in html
        html = html.replace(drop, "")
    (tmp_path / "other.html").write_text(OTHER, encoding="utf-8")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_checks_pass_a_page_that_follows_the_contract(context, tmp_path):
    path = _page(tmp_path)
    for width in WIDTHS:
        page, rec = open_document(context, path, width)
        assert all_problems(page, rec, width) == {}, width
        page.close()


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_checks_catch_a_page_that_breaks_the_contract(context, tmp_path, breakage):
    change, check = BREAKAGES[breakage]
    page, rec = open_document(context, _page(tmp_path, **change), PHONE)
    found = all_problems(page, rec, PHONE)
    assert check in found, found
    if breakage not in ("external-image", "console-error", "page-error"):
        assert "loading" not in found, found  # each breakage trips its own check
    page.close()


# ---------------------------------------------------------------------------------------------
# The documents the workflow writes


@pytest.fixture(scope="module")
def report_dir(browser, workflow) -> Path:
    return workflow / "results" / "report"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_in_the_browser(context, report_dir, name, width):
    path = report_dir / name
    assert path.is_file(), f"the workflow wrote no {path.relative_to(report_dir.parent.parent)}"
    page, rec = open_document(context, path, width)
    found = all_problems(page, rec, width)
    if not page.query_selector("figure.exhibit"):
        found["exhibits"] = [*found.get("exhibits", []), "no figure.exhibit at all"]
    assert found == {}, found
