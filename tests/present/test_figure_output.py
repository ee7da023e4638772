"""The figures as the documents place them: no text below 7.5 pt on paper or 9 CSS px on a phone,
text kept as text in the pinned DejaVu fonts, the same bytes whatever fonts the machine has."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text
from test_figures import all_figures, drawn_once

from kzrd import PROJECT_ROOT
from kzrd.present import figures
from kzrd.reference.exhibits import load_registry

BASE = PROJECT_ROOT / "scripts" / "kzrd" / "present" / "templates" / "base.html.j2"
EXHIBITS = load_registry(PROJECT_ROOT / "resources" / "exhibits.yaml")
# test figure name -> the exhibit it stands for (whose print height applies)
EXHIBIT_OF = {"multiverse": "fig_multiverse", "index": "s_fig_index"}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def shown_texts(fig) -> list[Text]:
    """The texts the figure draws: visible, not empty, and not the label of a tick that lies outside
    its axis' view limits or on an axes drawn without axes (matplotlib keeps those but skips them)."""
    fig.canvas.draw()
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            eps = (hi - lo) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not ax.axison or not lo - eps <= tick.get_loc() <= hi + eps:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


def test_print_placement_constants_are_the_documents_css():
    css = BASE.read_text(encoding="utf-8")
    page = re.search(r"@page \{ size: A4; margin: (\d+)mm (\d+)mm (\d+)mm (\d+)mm", css)
    assert page, "base.html.j2: @page rule not found"
    assert 210 - int(page[2]) - int(page[4]) == figures.PRINT_WIDTH_MM
    assert f".art img {{ max-height: {figures.PRINT_MAX_HEIGHT_MM:g}mm;" in css
    for exhibit_id, mm in figures.PRINT_MAX_HEIGHT_MM_OF.items():
        assert f"#x-{exhibit_id} .art img {{ max-height: {mm:g}mm; }}" in css


@pytest.mark.parametrize("name", [n for n in all_figures() if not n.endswith(".narrow")])
def test_no_text_below_7_5_pt_as_printed(name):
    """Every text at the size the PDF prints it: the figure scaled to the text width or to the
    exhibit's maximum height, whichever binds (placement as in base.html.j2)."""
    fig = drawn_once(name)
    scale = figures.print_scale(fig, EXHIBIT_OF.get(name, ""))
    small = [
        (t.get_text()[:30], round(t.get_fontsize() * scale, 2))
        for t in shown_texts(fig)
        if t.get_fontsize() * scale < figures.MIN_TEXT_PT - 1e-9
    ]
    assert not small, f"{name}: printed below {figures.MIN_TEXT_PT} pt: {small}"


@pytest.mark.parametrize("name", [n for n in all_figures() if n.endswith(".narrow")])
def test_narrow_variant_text_at_least_9_px_on_a_phone(name):
    """The narrow variant shown at the width of a 390 px phone's column (358 CSS px)."""
    fig = drawn_once(name)
    px = figures.phone_scale(fig)
    assert fig.get_size_inches()[0] == figures.NARROW_IN
    small = [
        (t.get_text()[:30], round(t.get_fontsize() * px, 2))
        for t in shown_texts(fig)
        if t.get_fontsize() * px < figures.MIN_PHONE_PX
    ]
    assert not small, f"{name}: below {figures.MIN_PHONE_PX} px on a phone: {small}"


@pytest.mark.parametrize("name", list(all_figures()))
def test_no_text_or_legend_runs_past_the_figures_edge(name):
    """Every text and legend lies inside the figure (a label cut at the edge is unreadable)."""
    from matplotlib.legend import Legend

    fig = drawn_once(name)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    out = []
    for a in shown_texts(fig) + fig.findobj(Legend):
        e = a.get_window_extent(renderer)
        if e.x0 < box.x0 - 1 or e.x1 > box.x1 + 1 or e.y0 < box.y0 - 1 or e.y1 > box.y1 + 1:
            label = a.get_text()[:30] if isinstance(a, Text) else "legend"
            out.append((label, [round(v) for v in e.extents]))
    assert not out, f"{name}: outside the figure {[round(v) for v in box.extents]}: {out}"


def test_text_is_measured_alike_at_every_resolution():
    """The layout is computed at figure.dpi and then drawn at the PNG's dpi and by a browser from
    the SVG: with hinted metrics a label measured at 100 dpi ran about 6% short of its width at
    300 dpi (and in Chromium), and the longest labels were cut at the figure's edge."""
    widths = []
    for dpi in (72, 100, 300):
        with plt.rc_context(figures.STYLE):
            fig = plt.figure(figsize=(3, 1), dpi=dpi)
            t = fig.text(0.1, 0.5, "13 West Kazakhstan", fontsize=figures.SMALL)
            fig.canvas.draw()
            widths.append(t.get_window_extent().width * 72 / dpi)
    assert max(widths) / min(widths) < 1.005, widths
    with plt.rc_context({**figures.STYLE, "text.hinting": "default"}):  # the self-check
        fig = plt.figure(figsize=(3, 1), dpi=100)
        t = fig.text(0.1, 0.5, "13 West Kazakhstan", fontsize=figures.SMALL)
        fig.canvas.draw()
        assert t.get_window_extent().width * 0.72 < 0.97 * min(widths)


def test_the_wide_report_figures_would_shrink_below_9_px_on_a_phone():
    """Why the narrow variants exist: the wide figure at a phone's width is too small to read."""
    fig = drawn_once("trends")
    assert figures.MIN_TEXT_PT * figures.phone_scale(fig) < figures.MIN_PHONE_PX


def test_every_font_is_a_file_of_matplotlibs_own_wheel():
    from matplotlib import font_manager

    files = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    assert files and all(f.parent == figures.FONT_DIR for f in files)
    found = Path(
        font_manager.findfont(font_manager.FontProperties(family=figures.STYLE["font.family"]))
    )
    assert found == figures.FONT_DIR / "DejaVuSans.ttf"


def test_svg_text_is_text_in_dejavu_sans_with_a_generic_fallback(tmp_path):
    fig = all_figures()["trends"]()
    figures.save(fig, tmp_path / "f.svg", tmp_path / "f.png", 100)
    svg = (tmp_path / "f.svg").read_text(encoding="utf-8")
    assert "Republic of Kazakhstan</text>" in svg  # selectable, searchable
    families = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert families == {"'DejaVu Sans', sans-serif"}
    assert '<use xlink:href="#DejaVuSans' not in svg  # no glyphs drawn as paths


DRAW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path[:0] = [{scripts!r}, {tests!r}]
    {before}
    from test_figures import all_figures
    from kzrd.present import figures
    out = Path(sys.argv[1])
    for name in sys.argv[2:]:
        fig = all_figures()[name]()
        figures.save(fig, out / (name + ".svg"), out / (name + ".png"), 100)
    """
)
DRAWN = ("trends", "correlation.narrow", "map")
# A machine whose font lookup would pick another font for "DejaVu Sans": a fresh MPLCONFIGDIR (no
# font cache) and, ahead of every other font, a font file of another design registered under the
# family name DejaVu Sans (as a system copy of another version would be).
IMPOSTOR = """
from matplotlib import font_manager
from pathlib import Path
import matplotlib
serif = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"
font_manager.fontManager.ttflist.insert(0, font_manager.FontEntry(
    fname=str(serif), name="DejaVu Sans", style="normal", variant="normal", weight=400,
    stretch="normal", size="scalable"))
font_manager.fontManager._findfont_cached.cache_clear()
"""
PLAIN_ENV = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}


def draw_in_subprocess(
    out: Path, before: str, env: dict, names: tuple[str, ...] = DRAWN
) -> dict[str, bytes]:
    out.mkdir()
    code = DRAW.format(
        scripts=str(PROJECT_ROOT / "scripts"),
        tests=str(PROJECT_ROOT / "tests" / "present"),
        before=before,
    )
    subprocess.run(
        [sys.executable, "-c", code, str(out), *names], check=True, env=env, cwd=PROJECT_ROOT
    )
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> dict[str, bytes]:
    """The figures drawn in a fresh process on this machine's font configuration (hash seed 1)."""
    out = tmp_path_factory.mktemp("fonts") / "plain"
    return draw_in_subprocess(out, "", {**PLAIN_ENV, "PYTHONHASHSEED": "1"})


def test_same_bytes_under_another_font_configuration(plain, tmp_path):
    """... and under another hash seed: the impostor run has seed 2."""
    env = {**PLAIN_ENV, "MPLCONFIGDIR": str(tmp_path / "mpl"), "PYTHONHASHSEED": "2"}
    other = draw_in_subprocess(tmp_path / "other", IMPOSTOR, env)
    assert len(plain) == 6
    assert plain == other


def test_the_impostor_would_change_the_drawing_without_pinning(plain, tmp_path):
    """The check above can fail: registered after the fonts were pinned, the impostor is found and
    the PNG changes."""
    env = {**PLAIN_ENV, "PYTHONHASHSEED": "1"}
    before = "import kzrd.present.figures\n" + IMPOSTOR
    other = draw_in_subprocess(tmp_path / "other", before, env, ("trends",))
    assert plain["trends.png"] != other["trends.png"]


def test_figure_files_are_named_by_their_exhibit_id():
    for e in EXHIBITS:
        if e["kind"] != "figure":
            continue
        (svg,) = [f for f in e["files"] if f.endswith(".svg")]
        assert svg == f"results/figures/{e['id']}.svg"
    old = re.compile(r"fig\d_[a-z]")
    for path in [
        PROJECT_ROOT / "README.md",
        *(PROJECT_ROOT / "docs").glob("*.md"),
        *(PROJECT_ROOT / "rules").glob("*.smk"),
        *(PROJECT_ROOT / "report" / "captions").glob("*.rst"),
    ]:
        assert not old.search(path.read_text(encoding="utf-8")), f"{path}: an old figure file name"


@functools.cache
def _language(code: str):
    from kzrd.core import i18n
    from kzrd.reference.regions import default_registry

    po = PROJECT_ROOT / "resources" / "locale" / f"{code}.po"
    return i18n.load(code, po, default_registry().names_in(code))


@functools.cache
def _drawn_in(name: str, code: str):
    from kzrd.core import i18n

    with i18n.activate(_language(code)):  # as the figure rule draws it
        fig = all_figures()[name]()
        return figures.fit_translation(fig, name.endswith(".narrow"), EXHIBIT_OF.get(name, ""))


@pytest.mark.parametrize("code", ["kk"])
@pytest.mark.parametrize("name", list(all_figures()))
def test_translated_figures_keep_their_text_inside_and_large_enough(name, code):
    """The figures drawn in Kazakh, the longer of the two translations (its words and letters wider
    than Russian's; both go through the same fitting, and drawing each figure again costs a second
    or so): every text and legend
    inside the figure, none below the printed or the phone minimum (kzrd.present.figures.fit_translation
    keeps them so)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.legend import Legend

    fig = _drawn_in(name, code)
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    texts = shown_texts(fig)
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    out = []
    for a in texts + fig.findobj(Legend):
        e = a.get_window_extent(renderer)
        if e.x0 < box.x0 - 1 or e.x1 > box.x1 + 1 or e.y0 < box.y0 - 1 or e.y1 > box.y1 + 1:
            out.append(
                (a.get_text()[:30] if isinstance(a, Text) else "legend", round(e.x1 - box.x1))
            )
    assert not out, f"{name} ({code}): outside the figure: {out}"
    narrow = name.endswith(".narrow")
    scale = (
        figures.phone_scale(fig) if narrow else figures.print_scale(fig, EXHIBIT_OF.get(name, ""))
    )
    least = figures.MIN_PHONE_PX if narrow else figures.MIN_TEXT_PT
    small = [t.get_text()[:30] for t in texts if t.get_fontsize() * scale < least - 1e-9]
    assert not small, f"{name} ({code}): text below {least}: {small}"
