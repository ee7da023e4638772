"""Publication figures. Each function takes analysis tables and returns a matplotlib Figure.

The figure rule (scripts/figure.py) calls the function an exhibit's ``code`` names in
resources/exhibits.yaml with what its parameters name: each is the figure's input of that name (a
Parquet file as a DataFrame, a YAML file as a mapping, a CSV file as a table of strings, anything
else as its path), else the figure setting of that name (``year``, ``cities``, the map's
``boundaries`` and ``attribution``); ``narrow`` asks for the variant for phones. A few functions at
the end of this module adapt the rule's inputs to a drawing function's arguments. The table a
figure's CSV holds is its entry's first Parquet file, or what :data:`TABLES` makes of its files.

Sizes are set by where the documents place a figure (scripts/kzrd/present/templates/base.html.j2):
the PDF prints the PNG at most the A4 text width wide and 88 mm high (the multiverse 200 mm), so a
figure drawn ``WIDE_IN`` wide and at most ``PRINT_MAX_HEIGHT_MM`` high prints at its own size, and
no text is smaller than ``MIN_TEXT_PT`` on paper. The figures of the main report also come as a
narrow variant (``narrow=True``, ``NARROW_IN`` wide, about 360 CSS px) for a phone, where the wide
one would shrink its text below ``MIN_PHONE_PX``.

Text stays text in the SVG (selectable, searchable), in DejaVu Sans with a generic fallback; every
font matplotlib uses is one of the files inside its own wheel (``pin_fonts``), so the PNGs and the
layout of the SVGs do not depend on the fonts of the machine.
"""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.font_manager
import matplotlib.layout_engine
import matplotlib.legend
import matplotlib.patches
import matplotlib.patheffects
import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kzrd.core import i18n
from kzrd.core.i18n import N_, _, ngettext
from kzrd.core.io import atomic_path
from kzrd.paper2025.multiverse import DEPENDS
from kzrd.paper2025.verdicts import PROXY_ONLY
from kzrd.present.style import VERDICT_STYLE as VERDICT_LOOK
from kzrd.reference.labels import INDICATOR_LABELS, TREND_LABELS
from kzrd.reference.regions import NATIONAL

# Where the documents place the figures (base.html.j2): A4 less 14 mm margins each side; images
# capped at 88 mm high in print (the multiverse at 200 mm); the main column of a 390 px phone less
# 1rem padding each side.
PRINT_WIDTH_MM = 182.0
PRINT_MAX_HEIGHT_MM = 88.0
PRINT_MAX_HEIGHT_MM_OF = {"fig_multiverse": 130.0, "s_fig_index": 120.0}
PHONE_COLUMN_PX = 358.0
MIN_TEXT_PT = 7.5  # the least size of any text of a figure as printed
MIN_PHONE_PX = 9.0  # ... and as shown on a phone
WIDE_IN = PRINT_WIDTH_MM / 25.4
PRINT_HEIGHT_IN = PRINT_MAX_HEIGHT_MM / 25.4
NARROW_IN = 3.75  # 360 CSS px

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def pin_fonts() -> None:
    """Let matplotlib find only the fonts inside its own wheel (mpl-data/fonts/ttf), by path: a
    system font of the same family name (DejaVu Sans of another version, installed with a browser)
    can no longer be picked, whatever the font cache or MPLCONFIGDIR holds."""
    manager = matplotlib.font_manager.fontManager
    manager.ttflist = []
    manager.afmlist = []
    for path in sorted(FONT_DIR.glob("*.ttf")):
        manager.addfont(str(path))


pin_fonts()

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STYLE = {
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 8,
    "axes.titlesize": 8.5,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "legend.title_fontsize": 7.5,
    "figure.titlesize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    # text measured without hinting: the layout then holds at every resolution (the PNG's dpi, a
    # browser's rendering of the SVG), where hinted widths at figure.dpi ran about 6% short
    "text.hinting": "no_hinting",
    "svg.hashsalt": "kz-rd-repro",
    "svg.fonttype": "none",
    "figure.dpi": 100,
    "figure.constrained_layout.h_pad": 0.03,
    "figure.constrained_layout.w_pad": 0.03,
}
SMALL = 7.5  # notes, point labels, legends
# The bulletin's indicators as the over-time figure's legend names them (each followed by ", BNS
# bulletin <year>").
BULLETIN_LABELS = {
    # Translators: an indicator of the BNS R&D bulletin, in a legend entry (about 30 characters)
    "rd_internal_expenditure": N_("Internal R&D expenditure"),
    # Translators: an indicator of the BNS R&D bulletin, in a legend entry (about 30 characters)
    "researchers": N_("Researchers (persons)"),
    # Translators: an indicator of the BNS R&D bulletin, in a legend entry (about 30 characters)
    "enterprises_rd": N_("Enterprises doing R&D"),
}


def humanise(name: str, labels: dict[str, str] | None = None) -> str:
    """The label of an id, else the id with spaces for underscores and a capital first letter."""
    if labels and name in labels:
        return labels[name]
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def print_scale(fig: plt.Figure, exhibit_id: str = "") -> float:
    """The factor by which the PDF scales the figure: its PNG at most the text width wide and the
    exhibit's maximum height high, the aspect kept (base.html.j2, @media print ``.art img``)."""
    w, h = fig.get_size_inches()
    max_h = PRINT_MAX_HEIGHT_MM_OF.get(exhibit_id, PRINT_MAX_HEIGHT_MM) / 25.4
    return min(WIDE_IN / w, max_h / h)


def phone_scale(fig: plt.Figure) -> float:
    """CSS px per point of the figure shown at the full width of a phone's column."""
    return PHONE_COLUMN_PX / (fig.get_size_inches()[0] * 72)


def _figure(narrow: bool, wide_h: float, narrow_h: float, **kw) -> tuple[plt.Figure, object]:
    """A figure of the documents' width (wide: the print width, at most the print height; narrow:
    the phone's), constrained layout, with ``plt.subplots`` keywords."""
    size = (NARROW_IN, narrow_h) if narrow else (WIDE_IN, wide_h)
    return plt.subplots(figsize=size, layout="constrained", **kw)


def _wrap(text: str, width: int, lines: int | None = None) -> str:
    """``text`` in lines of at most ``width`` characters of English text: fewer of a language whose
    letters are wider (:data:`CHAR_EM`), so that a line is as long on the page."""
    width = round(width * CHAR_EM["en"] / CHAR_EM[i18n.current().code])
    return "\n".join(textwrap.wrap(text, width)[:lines])


# The average advance of a character of DejaVu Sans in each language's text, in em: Cyrillic letters
# are wider than Latin ones. The figures' own messages measure 0.51 em in English, 0.57 in Russian and
# 0.58 in Kazakh (advance widths of the font file); the English estimate of 0.56 is scaled by those
# ratios, so that a translated label wraps earlier (_wrap) instead of running past the figure.
CHAR_EM = {"en": 0.56, "ru": 0.63, "kk": 0.64}


def _chars(fig: plt.Figure, size: float = SMALL, frac: float = 0.98) -> int:
    """About how many characters of DejaVu Sans at ``size`` fit across ``frac`` of the figure."""
    return int(fig.get_size_inches()[0] * 72 * frac / (CHAR_EM["en"] * size))  # (see _wrap)


def _source_line(fig: plt.Figure, text: str, legend: dict | None = None) -> None:
    """The figure's source note, wrapped to its width, at the bottom, and above it the figure's
    legend when ``legend`` gives its keywords (handles, labels, ncols, ...); the constrained layout
    keeps the axes above both."""
    wrapped = _wrap(text, _chars(fig))
    lines = wrapped.count("\n") + 1
    band = (lines * SMALL * 1.2 + 5) / 72 / fig.get_figheight()
    fig.text(
        0.01,
        0.004,
        wrapped,
        fontsize=SMALL,
        color="#444444",
        ha="left",
        va="bottom",
        linespacing=1.1,
    )
    if legend is not None:
        leg = fig.legend(
            loc="lower center", bbox_to_anchor=(0.5, band), frameon=False, borderaxespad=0, **legend
        )
        band += leg.get_window_extent(fig.canvas.get_renderer()).height / fig.bbox.height + 0.01
    fig.get_layout_engine().set(rect=(0, band, 1, 1 - band))


def fit_texts(ax: plt.Axes, texts: list, pad_px: float = 3.0, iters: int = 8) -> None:
    """Widen the data limits of ``ax`` until every text in ``texts`` lies inside the axes.

    For labels anchored in data coordinates: the extents are measured with the figure's renderer,
    the limits widened to cover them, and the measurement repeated until nothing moves.
    """
    if not texts:
        return
    ax.get_xlim(), ax.get_ylim()  # settle pending autoscaling before measuring
    renderer = ax.figure.canvas.get_renderer()
    for _step in range(iters):
        box = ax.get_window_extent(renderer)
        ext = [t.get_window_extent(renderer) for t in texts]
        x0 = min(min(e.x0 for e in ext) - pad_px, box.x0)
        x1 = max(max(e.x1 for e in ext) + pad_px, box.x1)
        y0 = min(min(e.y0 for e in ext) - pad_px, box.y0)
        y1 = max(max(e.y1 for e in ext) + pad_px, box.y1)
        if (x0, x1, y0, y1) == (box.x0, box.x1, box.y0, box.y1):
            return
        (dx0, dy0), (dx1, dy1) = ax.transData.inverted().transform([(x0, y0), (x1, y1)])
        ax.set_xlim(dx0, dx1)
        ax.set_ylim(dy0, dy1)


def _freeze_layout(fig: plt.Figure) -> None:
    """Run the constrained layout once and keep it, every axes' position rounded to 1e-6 of the
    figure: the layout solver's last digits vary from run to run (and the SVG's clip ids hash them),
    so the same inputs give the same bytes only from rounded positions. Also called before limits
    are widened to fit labels."""
    if isinstance(fig.get_layout_engine(), matplotlib.layout_engine.ConstrainedLayoutEngine):
        fig.canvas.draw()
        fig.set_layout_engine("none")
    for ax in fig.axes:
        ax.set_position([round(v, 6) for v in ax.get_position().bounds])


def fit_translation(fig: plt.Figure, narrow: bool = False, exhibit_id: str = "") -> plt.Figure:
    """A figure drawn in Russian or Kazakh with every text inside it: a text that runs past the
    figure's edge (a longer word, a wider letter than the English the layout was made for) is
    wrapped again, shorter, then made smaller, never below the printed (:data:`MIN_TEXT_PT`) or the
    phone's (:data:`MIN_PHONE_PX`) minimum. English figures are left exactly as drawn."""
    if i18n.current().code == i18n.SOURCE:
        return fig
    fig.canvas.draw()
    renderer, box = fig.canvas.get_renderer(), fig.bbox
    scale = phone_scale(fig) if narrow else print_scale(fig, exhibit_id)
    least = (MIN_PHONE_PX if narrow else MIN_TEXT_PT) / scale

    def sides(a) -> tuple[bool, bool]:
        """(past the left or right edge, past the top or bottom), with 3 px to spare: a browser
        draws text a little wider."""
        e = a.get_window_extent(renderer)
        return (e.x0 < box.x0 + 3 or e.x1 > box.x1 - 3), (e.y0 < box.y0 + 3 or e.y1 > box.y1 - 3)

    for t in fig.findobj(matplotlib.text.Text):
        if not (t.get_visible() and t.get_text().strip()) or not any(sides(t)):
            continue
        words = " ".join(t.get_text().split())
        width = max(len(line) for line in t.get_text().split("\n"))
        along = 1 if t.get_rotation() % 180 == 90 else 0  # a y label's lines run up the page
        while sides(t)[along] and not sides(t)[1 - along] and width > 12:  # too long: shorter lines
            before, width = t.get_text(), int(width * 0.85)
            t.set_text("\n".join(textwrap.wrap(words, width)))
            if sides(t)[1 - along]:  # now too deep: the lines as they were
                t.set_text(before)
                break
        while any(sides(t)) and t.get_fontsize() * 0.95 >= least:
            t.set_fontsize(t.get_fontsize() * 0.95)
    for legend in fig.findobj(matplotlib.legend.Legend):
        texts = legend.get_texts()
        while any(sides(legend)) and texts and texts[0].get_fontsize() * 0.95 >= least:
            for t in texts:
                t.set_fontsize(t.get_fontsize() * 0.95)
            fig.canvas.draw()
    return fig


def save_svg(fig: plt.Figure, svg: str | Path) -> None:
    """SVG without dates or software stamps, text as text, so reruns give the same bytes."""
    with plt.rc_context(STYLE):
        _freeze_layout(fig)
    with plt.rc_context(STYLE), atomic_path(svg) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})


def save(fig: plt.Figure, svg: str | Path, png: str | Path, dpi: int) -> None:
    """SVG (HTML) and PNG (PDF) without dates or software stamps, so reruns give the same bytes."""
    save_svg(fig, svg)
    with plt.rc_context(STYLE), atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)


def _city(name: str) -> str:
    """A city's name without the word city, in any of the three languages ('Almaty city',
    'город Алматы', 'Алматы қаласы': Almaty, Алматы)."""
    for word in ("(city)", " city", "город ", " қаласы"):
        name = name.replace(word, "")
    return name.strip()


def _short(name: str) -> str:
    """A region's name without " Region" (in Kazakh without "облысы"; in Russian "область" as
    "обл.", or left out before a name, and "город" as "г."), except where the short form would read
    as a city beside it ("Almaty" for Almaty Region, next to Almaty city)."""
    code = i18n.current().code
    if code == "kk":
        short = name.replace(" облысы", "")
        return name if short == "Алматы" else short
    if code == "ru":
        return name.removeprefix("область ").replace(" область", " обл.").replace("город ", "г. ")
    short = name.replace(" Region", "")
    return name if short == "Almaty" else short


def figure_concentration(
    shares: pd.DataFrame, year: int | None = None, narrow: bool = False
) -> plt.Figure:
    """Official shares of the national number of researchers, every region, largest first.

    One denominator only: bars are basis ``official`` (share of the national total); the shares the
    paper's text states (basis ``paper_text``) are black diamonds on the same axis. The year is the
    table's ``year`` column when it has one, else ``year``.
    """
    official = shares[shares["basis"] == "official"].sort_values(
        ["share_pct", "region"], ascending=[False, True]
    )
    if "year" in shares.columns and official["year"].notna().any():
        year = int(official["year"].dropna().iloc[0])
    paper = shares[shares["basis"] == "paper_text"]
    regions = official["region"].tolist()
    regions += [r for r in paper["region"] if r not in regions]
    pos = {r: i for i, r in enumerate(regions)}
    with plt.rc_context(STYLE):
        fig, ax = _figure(narrow, PRINT_HEIGHT_IN, 4.9)
        what = (
            # Translators: legend entry of the bars (BNS: the Bureau of National Statistics)
            _("Official share of national researchers (BNS, {year})").format(year=year)
            if year
            # Translators: legend entry of the bars, when the year is not known
            else _("Official share of national researchers (BNS)")
        )
        ax.barh(
            [pos[r] for r in official["region"]],
            official["share_pct"].to_numpy(),
            height=0.7,
            color=OKABE_ITO[0],
            label=what,
        )
        ax.scatter(
            paper["share_pct"].to_numpy(),
            [pos[r] for r in paper["region"]],
            marker="D",
            s=30,
            color=OKABE_ITO[7],
            edgecolor="white",
            linewidth=0.6,
            zorder=3,
            # Translators: legend entry of the black diamonds
            label=_("Share stated in the paper's text"),
        )
        ax.set_yticks(range(len(regions)), [_short(r) for r in regions])
        ax.tick_params(axis="y", length=2, pad=2)
        ax.set_ylim(len(regions) - 0.4, -0.6)
        top = shares.loc[shares["basis"].isin(["official", "paper_text"]), "share_pct"].max()
        ax.set_xlim(0, max(top * 1.08, 1))
        # Translators: x axis label; wrapped to the figure's width (about 55 characters a line on a phone)
        ax.set_xlabel(
            # Translators: x axis label; wrapped to the axes' width (about 48 characters on a phone)
            _wrap(_("Share of the national number of researchers (%)"), _chars(fig, 8, 0.8))
        )
        handles, names = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], names[::-1], frameon=False, loc="center right")
        _source_line(
            fig,
            (
                # Translators: the figure's source note (wrapped to the figure's width)
                _(
                    "Sources: BNS, Main indicators of R&D {year}, sheet 36 (researchers, persons; "
                    "share of the national total); diamonds: shares stated in the paper's text, "
                    "denominator not stated."
                ).format(year=year)
                if year
                # Translators: the figure's source note, when the year is not known
                else _(
                    "Sources: BNS, Main indicators of R&D, sheet 36 (researchers, persons; "
                    "share of the national total); diamonds: shares stated in the paper's text, "
                    "denominator not stated."
                )
            ),
        )
        return fig


# Where a point's label may go, in order of preference: (dx, dy) in points and the alignment; the
# first NEAR_SPOTS touch their point.
NEAR_SPOTS = 8
LABEL_SPOTS = [
    (4, 0, "left", "center"),
    (-4, 0, "right", "center"),
    (3, 4, "left", "bottom"),
    (3, -4, "left", "top"),
    (-3, 4, "right", "bottom"),
    (-3, -4, "right", "top"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    # farther out, where the near spots are taken (a crowded corner of a scatter)
    (0, 10, "center", "bottom"),
    (0, -10, "center", "top"),
    (6, 9, "left", "bottom"),
    (6, -9, "left", "top"),
    (-6, 9, "right", "bottom"),
    (-6, -9, "right", "top"),
    # farther still, with a leader line to the point (points a label's width apart on one line)
    (14, 0, "left", "center"),
    (-14, 0, "right", "center"),
    (10, 14, "left", "bottom"),
    (10, -14, "left", "top"),
    (-10, 14, "right", "bottom"),
    (-10, -14, "right", "top"),
]
LEADER_SPOTS = 16  # spots from this index on draw a line from the label to its point


def place_labels(
    ax: plt.Axes, xy: list[tuple[float, float]], names: list[str], marker_pt: float = 2.5
) -> list:
    """A label beside each point, at one of LABEL_SPOTS: each label in turn moves to the spot where it
    overlaps the fewest other labels and points and stays inside the axes (ties: the earlier spot),
    until no label moves. Measured on the drawn figure: call it once the layout is fixed."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72
    box = ax.get_window_extent(renderer)
    centres = ax.transData.transform(np.asarray(xy, dtype=float))
    r = marker_pt * px
    dots = [matplotlib.transforms.Bbox([[cx - r, cy - r], [cx + r, cy + r]]) for cx, cy in centres]
    boxes = []  # boxes[i][s]: the extent of label i at spot s
    for i in range(len(xy)):
        row = []
        for dx, dy, ha, va in LABEL_SPOTS:
            t = ax.annotate(
                names[i],
                xy[i],
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=SMALL,
            )
            row.append(t.get_window_extent(renderer).padded(0.8 * px))
            t.remove()
        boxes.append(row)
    # Every overlap once, as arrays (Bbox.overlaps' test, ends ordered): over[i, s, k, t] whether
    # label i at spot s overlaps label k at spot t; the rest of the cost does not depend on the
    # other labels' spots.
    n, spots_n = len(xy), len(LABEL_SPOTS)
    ext = np.sort(
        np.array([[b.extents for b in row] for row in boxes]).reshape(n, spots_n, 2, 2), axis=2
    )
    lo, hi = ext[:, :, 0, :], ext[:, :, 1, :]  # (x0, y0), (x1, y1)
    dot = np.sort(np.array([d.extents for d in dots]).reshape(n, 2, 2), axis=1)
    over = np.all(
        (lo[:, :, None, None, :] <= hi[None, None, :, :, :])
        & (lo[None, None, :, :, :] <= hi[:, :, None, None, :]),
        axis=-1,
    )
    on_dot = np.all(
        (lo[:, :, None, :] <= dot[None, None, :, 1, :])
        & (dot[None, None, :, 0, :] <= hi[:, :, None, :]),
        axis=-1,
    )
    on_dot[np.arange(n), :, np.arange(n)] = False  # a label beside its own point
    inside = np.all((lo >= [box.x0, box.y0]) & (hi <= [box.x1, box.y1]), axis=-1)
    index = np.arange(spots_n)
    fixed = (
        100 * ~inside
        + 4 * on_dot.sum(axis=2)
        + (index >= NEAR_SPOTS)[None, :]
        + 3 * (index >= LEADER_SPOTS)[None, :]
    ).tolist()
    over[np.arange(n), :, np.arange(n), :] = False  # a label does not overlap itself

    def cost(i: int, s: int, at: list[int]) -> int:
        # a label over a label reads worst, then one over a point, then a far spot
        return fixed[i][s] + 10 * int(over[i, s, np.arange(n), at].sum())

    at = [0] * len(xy)
    spots = range(len(LABEL_SPOTS))
    for _round in range(20):
        moved = False
        for i in range(len(xy)):
            best = min(spots, key=lambda s: (cost(i, s, at), s))
            if cost(i, best, at) < cost(i, at[i], at):
                at[i], moved = best, True
        # two labels that still overlap: the best pair of spots for both at once (one label at a
        # time cannot leave a spot the other needs)
        for i in range(len(xy)):
            for k in range(i + 1, len(xy)):
                if not over[i, at[i], k, at[k]]:
                    continue

                def both(si: int, sk: int, i: int = i, k: int = k) -> tuple[int, int, int]:
                    trial = [*at[:i], si, *at[i + 1 : k], sk, *at[k + 1 :]]
                    return (cost(i, si, trial) + cost(k, sk, trial), si, sk)

                _cost, si, sk = min(both(a, b) for a in spots for b in spots)
                if (si, sk) != (at[i], at[k]) and both(si, sk)[0] < both(at[i], at[k])[0]:
                    at[i], at[k], moved = si, sk, True
        if not moved:
            break
    return [
        ax.annotate(
            names[i],
            xy[i],
            xytext=LABEL_SPOTS[s][:2],
            textcoords="offset points",
            ha=LABEL_SPOTS[s][2],
            va=LABEL_SPOTS[s][3],
            fontsize=SMALL,
            **({"arrowprops": LEADER} if s >= LEADER_SPOTS else {}),
        )
        for i, s in enumerate(at)
    ]


LEADER = dict(arrowstyle="-", lw=0.4, color="#555555", shrinkA=1, shrinkB=2)


def correlation_row(correlations: pd.DataFrame, stats_row: pd.Series) -> pd.Series:
    """The audit's row of the figure's own pair (x, y of the correlation stage)."""
    rows = correlations[
        (correlations["x"] == stats_row["x"]) & (correlations["y"] == stats_row["y"])
    ]
    if rows.empty:
        raise ValueError(f"no audit correlation for x={stats_row['x']!r}, y={stats_row['y']!r}")
    return rows.iloc[0]


def figure_correlation(
    points: pd.DataFrame,
    stats_row: pd.Series,
    audit_row: pd.Series,
    cities: list[str],
    x_label: str,
    y_label: str,
    note: str,
    narrow: bool = False,
) -> plt.Figure:
    """All regions with the OLS line over all of them (left, or top when narrow), and the regions
    without the two cities (``cities``, KATO) on their own axes with their own Pearson r and no line:
    over them the fit of all regions does not hold (r without the cities, from the audit). The
    statistics are the audit's (``audit_row``): Pearson r with its BCa interval as the text gives
    it, Spearman rho with its Holm-adjusted p."""
    with plt.rc_context(STYLE):
        fig, (ax, zoom) = _figure(
            narrow,
            PRINT_HEIGHT_IN,
            8.0,
            nrows=2 if narrow else 1,
            ncols=1 if narrow else 2,
            **({"height_ratios": [1, 2]} if narrow else {"width_ratios": [1, 1.5]}),
        )
        is_city = points["kato"].isin(cities)
        rest = points[~is_city].reset_index(drop=True)
        names = points.set_index("kato")["region"]
        shown_cities = [names[k] for k in cities if k in names.index]  # in config order
        city_names = (
            functools.reduce(
                # Translators: two region names joined, as in "Almaty city and Astana city"
                lambda first, second: _("{first} and {second}").format(first=first, second=second),
                shown_cities,
            )
            if shown_cities
            else ""
        )
        x_max = float(rest["x"].max()) * 1.1 + 0.5
        y_max = float(rest["y"].max()) * 1.1
        xs = np.linspace(0, points["x"].max(), 50)
        fit = stats_row["ols_intercept"] + audit_row["ols_slope"] * xs
        n = int(audit_row["n"])
        ax.scatter(points["x"], points["y"], s=16, color=OKABE_ITO[0], zorder=3)
        ax.plot(
            xs,
            fit,
            color=OKABE_ITO[5],
            lw=1.2,
            label=_wrap(
                # Translators: legend entry of the fitted line (ordinary least squares; HC3 SE: the
                # heteroskedasticity-robust standard error); wrapped at 30 characters a line
                ngettext(
                    "OLS, {n} region: slope {slope} (HC3 SE {se})",
                    "OLS, all {n} regions: slope {slope} (HC3 SE {se})",
                    n,
                ).format(
                    n=n,
                    slope=f"{audit_row['ols_slope']:.1f}",
                    se=f"{audit_row['ols_slope_se_hc3']:.1f}",
                ),
                30,
            ),
        )
        ax.add_patch(
            matplotlib.patches.Rectangle(
                (0, 0), x_max, y_max, fill=False, ls=":", lw=0.8, color="#555555"
            )
        )
        share = 1.0 if narrow else 0.4  # the panels' shares of the figure's width
        ax.set_title(
            _wrap(
                # Translators: title of the left panel (wrapped to the panel's width); BCa 95%: the
                # bias-corrected and accelerated 95% confidence interval, from {low} to {high}
                ngettext(
                    "{n} region: Pearson r = {r}, BCa 95% {low} to {high}; "
                    "Spearman ρ = {rho} (Holm p = {p})",
                    "All {n} regions: Pearson r = {r}, BCa 95% {low} to {high}; "
                    "Spearman ρ = {rho} (Holm p = {p})",
                    n,
                ).format(
                    n=n,
                    r=f"{audit_row['pearson_r']:.2f}",
                    low=f"{audit_row['pearson_bca_low']:.2f}",
                    high=f"{audit_row['pearson_bca_high']:.2f}",
                    rho=f"{audit_row['spearman_rho']:.2f}",
                    p=f"{audit_row['spearman_p_holm']:.3f}",
                ),
                _chars(fig, frac=share * 0.95),
            ),
            loc="left",
            fontsize=SMALL,
        )
        ax.legend(frameon=False, loc="lower right", handlelength=1.5)
        ax.set_ylabel(_wrap(y_label, 44 if narrow else 40))
        zoom.scatter(rest["x"], rest["y"], s=16, color=OKABE_ITO[0], zorder=3)
        zoom.set_xlim(0, x_max)
        zoom.set_ylim(0, y_max)
        zoom.set_title(
            _wrap(
                # Translators: title of the right panel, the regions inside the dotted box of the
                # left one (wrapped to the panel's width); {cities}: two region names
                ngettext(
                    "The dotted box, without {cities}: {n} region, Pearson r = {r}; "
                    "no line (the fit of all regions does not hold here)",
                    "The dotted box, without {cities}: {n} regions, Pearson r = {r}; "
                    "no line (the fit of all regions does not hold here)",
                    int(audit_row["n_without_capitals"]),
                ).format(
                    cities=city_names,
                    n=int(audit_row["n_without_capitals"]),
                    r=f"{audit_row['pearson_r_without_capitals']:.2f}",
                ),
                _chars(fig, frac=(1.0 if narrow else 0.6) * 0.95),
            ),
            loc="left",
            fontsize=SMALL,
        )
        for a, frac in ((ax, share), (zoom, 1.0 if narrow else 0.6)):
            a.set_xlabel(_wrap(x_label, _chars(fig, 8, frac * 0.95)))  # each panel's width
        _source_line(fig, note)
        _freeze_layout(fig)
        # Point labels where they overlap nothing; the limits first widen to leave room at the right.
        zoom.set_xlim(0, x_max * 1.12)
        zoom.set_ylim(-0.05 * y_max, y_max)
        ax.set_xlim(right=float(points["x"].max()) * 1.08)
        place_labels(
            ax,
            list(zip(points.loc[is_city, "x"], points.loc[is_city, "y"], strict=True)),
            [_short(n) for n in points.loc[is_city, "region"]],
        )
        place_labels(
            zoom, list(zip(rest["x"], rest["y"], strict=True)), [_short(n) for n in rest["region"]]
        )
        return fig


def _border_year(tr: pd.DataFrame) -> int | None:
    """The first year in which a region's same-territory value differs from the published one (the
    border change the recombination undoes), or None."""
    w = tr.pivot_table(index=["indicator", "kato", "year"], columns="territory", values="value")
    if "pre2022" not in w or "current" not in w:
        return None
    diff = w[(w["pre2022"] - w["current"]).abs() > 1e-12]
    return int(diff.index.get_level_values("year").min()) if len(diff) else None


GROWTH_CLAIM = "finding2_growth"


def growth_rule(
    growth: pd.DataFrame, multiverse: pd.DataFrame, numbers: pd.DataFrame
) -> tuple[pd.DataFrame, float]:
    """The growth verdict's reference reading as drawn: the audit's growth rows of the claim's
    reference window, territory and noise measure (the multiverse's reference specification) and
    the noise multiple at its centre (the verdict's numbers)."""
    ref = multiverse[
        (multiverse["claim_id"] == GROWTH_CLAIM) & multiverse["reference"].astype(bool)
    ]
    if ref.empty:
        raise ValueError(f"the multiverse has no reference specification of {GROWTH_CLAIM}")
    ref = ref.iloc[0]
    k = numbers.loc[numbers["id"] == f"rule_{GROWTH_CLAIM}_noise_multiple", "value"]
    if k.empty:
        raise ValueError(f"the verdict numbers have no rule_{GROWTH_CLAIM}_noise_multiple")
    rows = growth[
        (growth["window"] == ref["window"])
        & (growth["territory"] == ref["territory"])
        & (growth["noise_measure"] == ref["noise"])
    ]
    return rows, float(k.iloc[0])


def figure_trends(
    tr: pd.DataFrame,
    labels: dict[str, str],
    rule: pd.DataFrame | None = None,
    k_noise: float = 1.0,
    narrow: bool = False,
) -> plt.Figure:
    """The series of the trend regions and the country, published and on the same territory; with
    ``rule`` (``growth_rule``), the growth verdict's rule on each region's series: the band of its
    start value ± k × noise over the window, which the change must leave to count as growth or fall."""
    border = _border_year(tr)
    with plt.rc_context(STYLE):
        fig, axes = _figure(
            narrow, PRINT_HEIGHT_IN, 6.4, nrows=2 if narrow else 1, ncols=1 if narrow else 2
        )
        colours = {}
        for ax, ind in zip(
            axes, ["rd_expenditure_pct_grp", "researchers_per_million"], strict=True
        ):
            sub = tr[tr["indicator"] == ind]
            for i, (kato, g) in enumerate(sub.groupby("kato", sort=True)):
                color = colours.setdefault(
                    kato, "#000000" if kato == NATIONAL else OKABE_ITO[i % len(OKABE_ITO)]
                )
                cur = g[g["territory"] == "current"].sort_values("year")
                name = _short(cur["region"].iloc[0])
                ax.plot(
                    cur["year"], cur["value"], marker="o", ms=2.5, lw=1.1, color=color, label=name
                )
                pre = g[
                    (g["territory"] == "pre2022") & (g["year"] >= (border or 0) - 1)
                ].sort_values("year")
                if kato != NATIONAL and pre["value"].notna().sum() > 1:
                    ax.plot(
                        pre["year"],
                        pre["value"],
                        ls="--",
                        color=color,
                        lw=1,
                        # Translators: legend entry of a dashed line: the region's series on
                        # its territory before the borders were redrawn in {year}
                        label=_("{region}, territory before {year}").format(
                            region=name, year=border
                        ),
                    )
            if rule is not None:
                for r in rule[rule["indicator"] == ind].itertuples():
                    band = k_noise * r.noise
                    ax.add_patch(
                        matplotlib.patches.Rectangle(
                            (r.year_from, r.value_first - band),
                            r.year_to - r.year_from,
                            2 * band,
                            facecolor=colours.get(r.kato, "#888888"),
                            alpha=0.18,
                            edgecolor="none",
                            zorder=1,
                        )
                    )
                    ax.plot(
                        [r.year_from, r.year_to],
                        [r.value_first] * 2,
                        color=colours.get(r.kato, "#888888"),
                        lw=0.8,
                        ls=":",
                        zorder=1,
                    )
                    ax.scatter(
                        [r.year_to],
                        [r.value_last],
                        s=22,
                        facecolor="white",
                        edgecolor=colours.get(r.kato, "#888888"),
                        linewidth=1.1,
                        zorder=4,
                    )
            if border:
                ax.axvline(
                    border - 0.5,
                    color="#888888",
                    lw=0.8,
                    ls=":",
                    # Translators: legend entry of the dotted vertical line
                    label=_("Regions redrawn in {year}").format(year=border),
                )
            # a panel's title: 60 characters a line on a phone, 54 (half the figure) in print
            ax.set_title(_wrap(labels[ind], 60 if narrow else 54), loc="left")
            ax.set_ylim(bottom=0)
            ax.set_xlim(tr["year"].min() - 0.5, tr["year"].max() + 0.5)
        handles = {}
        for ax in axes:
            for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(lab, h)
        if rule is not None and len(rule):
            y0, y1 = int(rule["year_from"].min()), int(rule["year_to"].max())
            # Translators: legend entry of the shaded band (wrapped at 34 characters a line):
            # the band is the start value plus or minus {k} times the noise; the ring marks the
            # last value
            label = _(
                "Growth rule, {start}→{end}: start value ± {k} × noise; ring: last value"
            ).format(start=y0, end=y1, k=f"{k_noise:g}")
            handles[label] = Patch(facecolor="#888888", alpha=0.35, edgecolor="none")
        _source_line(
            fig,
            # Translators: the figure's source note (wrapped to the figure's width); GRP: gross
            # regional product
            _(
                "Source: BNS via the national SDG platform, indicators 9-5-1 and 9-5-2. "
                "Dashed: the region split off in {year} recombined (weighted by GRP for 9-5-1, population for 9-5-2; BNS). "
                "Noise: the year-to-year variation of the base years times the square root of the years spanned "
                "(the growth table); a change that stays inside the band is no change beyond it."
            ).format(year=border),
            legend=dict(
                handles=list(handles.values()),
                labels=[_wrap(k, 34) for k in handles],
                ncols=1 if narrow else 3,
                handlelength=1.6,
                columnspacing=1.0,
            ),
        )
        return fig


BROADBAND_SERIES = ["1a", "1b", "1c"]


def figure_digital(cs: pd.DataFrame, year: int, narrow: bool = False) -> plt.Figure:
    """Internet users and the three broadband series by region. The series keep the platform's codes:
    the published files carry no labels for them; the legend lists them top to bottom as the bars."""
    with plt.rc_context(STYLE):
        regions = cs[cs["kato"] != NATIONAL].sort_values("internet_users_pct")
        fig, axes = _figure(
            narrow,
            PRINT_HEIGHT_IN,
            8.6,
            nrows=2 if narrow else 1,
            ncols=1 if narrow else 2,
            sharey=not narrow,
        )
        y = np.arange(len(regions))
        names = regions["region"].map(_short)
        axes[0].barh(y, regions["internet_users_pct"], height=0.7, color=OKABE_ITO[0])
        nat = cs.loc[cs["kato"] == NATIONAL, "internet_users_pct"]
        if len(nat) and pd.notna(nat.iloc[0]):
            axes[0].axvline(
                nat.iloc[0],
                color="#000000",
                lw=0.8,
                ls="--",
                # Translators: legend entry of the dashed line, the national value
                label=_("Kazakhstan {value}%").format(value=f"{nat.iloc[0]:.1f}"),
            )
            axes[0].legend(
                frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), borderaxespad=0.2
            )
        axes[0].set_xlim(0, 100)  # bars start at zero: no truncated axis
        share = 1.0 if narrow else 0.5
        axes[0].set_xlabel(
            _wrap(
                # Translators: x axis label (wrapped to the panel's width)
                _("Individuals using the Internet, % of population (SDG 17-8-1, {year})").format(
                    year=year
                ),
                _chars(fig, 8, share * 0.8),
            )
        )
        h = 0.27
        for i, s in enumerate(BROADBAND_SERIES):  # the first series on top, as in the legend
            axes[1].barh(
                y + (1 - i) * h,
                regions[f"broadband_{s}_per_100"],
                height=h,
                color=OKABE_ITO[i + 1],
                # Translators: legend entry: a broadband series by its code (1A, 1B, 1C); three
                # side by side, keep it short
                label=_("Series {code}").format(code=s.upper()),
            )
        axes[1].set_xlim(left=0)
        axes[1].set_xlabel(
            _wrap(
                # Translators: x axis label (wrapped to the panel's width)
                _("Fixed broadband subscriptions per 100 inhabitants (SDG 17-6-2, {year})").format(
                    year=year
                ),
                _chars(fig, 8, share * 0.8),
            )
        )
        axes[1].legend(
            frameon=False,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=3,
            borderaxespad=0.2,
            title=_wrap(
                # Translators: legend title above the series codes (wrapped to the panel's width)
                _(
                    "SDG 17-6-2 by the platform's series code (it publishes no labels), top to bottom:"
                ),
                _chars(fig, SMALL, share * 0.75),
            ),
            alignment="left",
            handlelength=1.2,
            columnspacing=1.0,
        )
        for ax in axes if narrow else axes[:1]:
            ax.set_yticks(y, names)
            ax.tick_params(axis="y", length=2, pad=2)
        for ax in axes:
            ax.set_ylim(-0.6, len(regions) - 0.4)
        fig.suptitle(
            _wrap(
                # Translators: the figure's title (wrapped at 60 characters a line on a phone, 120
                # in print); TVET: technical and vocational education and training
                _(
                    "Digital infrastructure by region, {year} (official series, not the paper's TVET indicators)"
                ).format(year=year),
                60 if narrow else _chars(fig, 9),
            ),
            x=0.01,
            ha="left",
        )
        _source_line(
            fig,
            # Translators: the figure's source note (wrapped to the figure's width)
            _(
                "Sources: BNS via SDG platform, indicators 17-8-1 and 17-6-2 (series codes as published; "
                "their labels are not in the published files); per 100: subscriptions / BNS population on 1 January 2023."
            ),
        )
        return fig


OVER_TIME_SERIES = {
    # variable of the over-time table -> (label, colour); the bulletin markers reuse the colours
    # Translators: legend entries of the over-time concentration figure: the series each line is
    # computed from (GRP: gross regional product; FTE: full-time equivalent)
    "rd_expenditure_sdg_x_grp": (N_("R&D expenditure (SDG 9-5-1 × GRP)"), OKABE_ITO[0]),
    "researchers_sdg_x_population": (
        # Translators: legend entry: the series the line is computed from (FTE: full-time
        # equivalent)
        N_("Researchers, FTE (SDG 9-5-2 × implied population)"),
        OKABE_ITO[1],
    ),
}
BULLETIN_COLOURS = {
    "rd_internal_expenditure": OKABE_ITO[0],
    "researchers": OKABE_ITO[1],
    "enterprises_rd": OKABE_ITO[2],
}


def figure_concentration_time(
    over_time: pd.DataFrame, bulletin: pd.DataFrame, narrow: bool = False
) -> plt.Figure:
    """CR2 and normalised HHI over time (SDG-based), with the bulletin's values as markers; a dotted
    line where the regional base changes (column base_change). Both axes start at zero. Narrow: the
    two panels one above the other."""
    changes = sorted(
        int(y)
        for y in over_time.loc[
            over_time.get("base_change", pd.Series(False, index=over_time.index)).astype(bool),
            "year",
        ].unique()
    )
    with plt.rc_context(STYLE):
        fig, axes = _figure(
            narrow, PRINT_HEIGHT_IN, 6.2, nrows=2 if narrow else 1, ncols=1 if narrow else 2
        )
        for ax, col, label in zip(
            axes,
            ["cr2", "hhi_normalised"],
            [
                # Translators: panel title: the concentration ratio of the two largest regions
                _("CR2: two largest regional shares (%)"),
                # Translators: panel title: the Herfindahl-Hirschman index, normalised to 0-1
                _("Normalised HHI (0-1)"),
            ],
            strict=True,
        ):
            for var, (name, colour) in OVER_TIME_SERIES.items():
                series = over_time[(over_time["variable"] == var) & (over_time["status"] == "ok")]
                ax.plot(
                    series["year"], series[col], marker="o", ms=2.5, color=colour, label=_(name)
                )
            for r in bulletin.itertuples():
                ax.scatter(
                    [r.year],
                    [getattr(r, col)],
                    marker="D",
                    s=24,
                    zorder=3,
                    color=BULLETIN_COLOURS.get(r.variable, OKABE_ITO[7]),
                    edgecolor="black",
                    linewidth=0.5,
                    # Translators: legend entry of a diamond: an indicator (Internal R&D
                    # expenditure, ...) as the BNS bulletin of {year} gives it
                    label=_("{indicator}, BNS bulletin {year}").format(
                        indicator=_(BULLETIN_LABELS[r.variable])
                        if r.variable in BULLETIN_LABELS
                        else humanise(r.variable),
                        year=r.year,
                    ),
                )
            for y in changes:
                ax.axvline(y - 0.5, color="#888888", lw=0.8, ls=":")
            ax.set_title(_wrap(label, _chars(fig, 8.5, 0.85 if narrow else 0.45)), loc="left")
            ax.set_ylim(0, ax.get_ylim()[1])  # from zero: no truncated axis
        handles, names = axes[0].get_legend_handles_labels()
        changes_text = ", ".join(str(y) for y in changes)
        years = ", ".join(str(int(y)) for y in sorted(bulletin["year"].unique()))
        _source_line(
            fig,
            # Translators: the figure's source note (wrapped to the figure's width); {years}: the
            # bulletins' years, as "2021, 2022"
            _(
                "Sources: BNS via SDG platform (9-5-1, 9-5-2), BNS GRP and GRP per capita by region; "
                "BNS R&D bulletin {years}."
            ).format(years=years)
            + (
                " "
                # Translators: the sentence that ends the source note when the regional base
                # changes; {years}: the years, as "2022"
                + _("Dotted line: the regional base changes ({years}).").format(years=changes_text)
                if changes
                else ""
            ),
            legend=dict(
                handles=handles,
                labels=[_wrap(n, _chars(fig, SMALL, 0.9 if narrow else 0.45)) for n in names],
                ncols=1 if narrow else 2,
            ),
        )
        return fig


def figure_index(
    normalised: pd.DataFrame,
    scores: pd.DataFrame,
    blocks: dict[str, str] | None = None,
    indicator_labels: dict[str, str] | None = None,
    narrow: bool = False,
) -> plt.Figure:
    """2019 study: heatmap of the normalised indicators (regions by rank) and the index by block
    (narrow: the index below the heatmap, each panel with the regions' names).

    ``blocks`` names the blocks by letter (the framework's ``blocks``); ``indicator_labels`` names the
    indicator ids (default: INDICATOR_LABELS).
    """
    blocks = blocks or {}
    indicator_labels = INDICATOR_LABELS if indicator_labels is None else indicator_labels
    with plt.rc_context(STYLE):
        order = scores.sort_values("rank")
        wide = normalised.pivot(index="kato", columns="indicator", values="value").reindex(
            order["kato"]
        )
        fig, (ax, bx) = _figure(
            narrow,
            PRINT_MAX_HEIGHT_MM_OF["s_fig_index"] / 25.4,  # a row per region, each label clear
            9.6,
            **(
                dict(nrows=2, height_ratios=[1.25, 1])
                if narrow
                else dict(ncols=2, sharey=True, width_ratios=[1.5, 1])
            ),
        )
        im = ax.imshow(wide.to_numpy(), aspect="auto", cmap="cividis", vmin=0, vmax=100)
        ax.set_xticks(
            range(wide.shape[1]),
            [_wrap(humanise(c, indicator_labels), 18) for c in wide.columns],
            rotation=90 if narrow else 40,  # narrow: the columns are too close for a slant
            ha="right",
            va="center" if narrow else "top",
            rotation_mode="anchor",
            linespacing=1.0,
        )
        y = np.arange(len(order))
        names = [f"{r} {_short(n)}" for r, n in zip(order["rank"], order["region"], strict=True)]
        for axis in (ax, bx) if narrow else (ax,):
            axis.set_yticks(y, names)
            axis.tick_params(length=2, pad=2)
        fig.colorbar(im, ax=ax, fraction=0.05, pad=0.02).set_label(
            # Translators: label of the heatmap's colour bar (vertical, beside it)
            _("Normalised value (0-100)")
        )
        block_cols = [c for c in order.columns if c.startswith("block_")]
        h = 0.8 / len(block_cols)
        for i, b in enumerate(block_cols):
            bx.barh(
                y + (i - (len(block_cols) - 1) / 2) * h,
                order[b],
                height=h,
                color=OKABE_ITO[i],
                # Translators: legend entry: a block of the index by its letter (A, B, ...) and
                # its name
                label=_("Block {letter}: {name}").format(letter=b[6:], name=blocks[b[6:]])
                if b[6:] in blocks
                # Translators: legend entry: a block of the index by its letter (A, B, ...)
                else _("Block {letter}").format(letter=b[6:]),
            )
        # Translators: legend entry of the composite index's marks
        bx.plot(order["index"], y, "k|", ms=7, label=_("Index"))
        if narrow:
            bx.set_ylim(len(order) - 0.5, -0.5)  # rank 1 on top, as in the heatmap
        bx.set_xlim(0, 100)
        # Translators: x axis label of the index panel (about 40 characters of width)
        bx.set_xlabel(_("Sub-index and index (0-100)"))
        bx.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), borderaxespad=0.2)
        _source_line(
            fig,
            # Translators: the figure's source note (wrapped to the figure's width); keep the file
            # name resources/index_framework.yaml as it is
            _(
                "Sources: BNS R&D and innovation bulletins 2022, GRP, population, higher education; SDG 17-8-1. "
                "Method: resources/index_framework.yaml (min-max, equal weights, arithmetic mean)."
            ),
        )
        return fig


def cluster_colour(k: int) -> str:
    """Colour of cluster ``k`` (1-based) in every figure."""
    return OKABE_ITO[(int(k) - 1) % len(OKABE_ITO)]


def _cluster_label(k: int) -> str:
    # Translators: legend entry: a cluster by its number
    return _("Cluster {k}").format(k=k)


def _cluster_handles(clusters, marker: str = "s", label=_cluster_label, **kw) -> list:
    return [
        Line2D([], [], marker=marker, color=cluster_colour(k), label=label(k), **kw)
        for k in sorted({int(c) for c in clusters})
    ]


def figure_dendrogram(
    linkage_table: pd.DataFrame, members: pd.DataFrame, narrow: bool = False
) -> plt.Figure:
    """Ward dendrogram; links coloured by Ward cluster, squares under the leaves by k-means cluster.
    Narrow: the tree on its side (leaves on the left, names read across), the legends below."""
    from scipy.cluster.hierarchy import dendrogram

    z = linkage_table[["left", "right", "distance", "size"]].to_numpy()
    n = len(members)
    ward = members["ward"].astype(int).to_numpy()
    # The Ward cluster under each link, or none where the link joins two clusters.
    under: dict[int, set[int]] = {i: {int(ward[i])} for i in range(n)}
    for j, (left, right) in enumerate(z[:, :2].astype(int)):
        under[n + j] = under[left] | under[right]

    def link_colour(node: int) -> str:
        c = under[node]
        return cluster_colour(next(iter(c))) if len(c) == 1 else "#555555"

    with plt.rc_context(STYLE):
        fig, ax = _figure(narrow, PRINT_HEIGHT_IN, 5.6)
        labels = [_short(name) for name in members["region"]]
        d = dendrogram(
            z,
            labels=labels,
            ax=ax,
            orientation="right" if narrow else "top",
            leaf_rotation=0 if narrow else 60,
            leaf_font_size=SMALL,
            link_color_func=link_colour,
        )
        if not narrow:
            for t in ax.get_xticklabels():
                t.set_ha("right")
                t.set_rotation_mode("anchor")
        # k-means membership under each leaf, in the leaf order of the dendrogram
        km = members["kmeans"].astype(int).to_numpy()[d["leaves"]]
        leaves = 5 + 10 * np.arange(n)
        ax.scatter(
            *((np.zeros(n), leaves) if narrow else (leaves, np.zeros(n))),
            marker="s",
            s=24,
            c=[cluster_colour(k) for k in km],
            edgecolor="black",
            linewidth=0.4,
            zorder=4,
            clip_on=False,
        )
        top = float(z[:, 2].max())
        if narrow:  # leaves at the left beside their names, the root at the right
            ax.set_xlim(0, top * 1.05)
            # Translators: axis label: the height of a link of the dendrogram (Ward's method)
            ax.set_xlabel(_wrap(_("Ward distance (z-scored indicators)"), _chars(fig, 8, 0.7)))
            ax.tick_params(axis="y", length=0, pad=8)  # room for the squares
            ax.spines["left"].set_visible(False)
            ax.spines["bottom"].set_visible(True)
        else:
            ax.set_ylim(0, top * 1.6)  # headroom for the legends above the top link
            # Translators: axis label: the height of a link of the dendrogram (Ward's method)
            ax.set_ylabel(
                _wrap(
                    _("Ward distance (z-scored indicators)"),
                    int(fig.get_figheight() * 72 * 0.75 / (0.56 * 8)),  # the axes' height
                )
            )
        k_ward = len(set(ward.tolist()))
        # narrow: both keys in one legend below the tree, each entry saying its method
        links = _cluster_handles(
            ward,
            marker="",
            lw=2,
            # Translators: legend entry: a cluster of Ward's method by its number
            **({"label": lambda k: _("Ward cluster {k}").format(k=k)} if narrow else {}),
        )
        if any(len(c) > 1 for c in under.values()):
            links.append(
                # Translators: legend entry of the grey links, which join two clusters
                Line2D([], [], color="#555555", lw=2, label=_("Link joining clusters"))
            )
        squares = _cluster_handles(
            km,
            ls="",
            ms=5,
            markeredgecolor="black",
            markeredgewidth=0.4,
            # Translators: legend entry: a k-means cluster by its number
            **({"label": lambda k: _("k-means cluster {k}").format(k=k)} if narrow else {}),
        )
        # Translators: the figure's note (wrapped to the figure's width)
        note = _(
            "Same indicators as the index (z-scored); k-means clusters and their stability: the supplement's clusters table."
        )
        # Translators: legend title over the link colours (Ward's method cut into {k} clusters)
        links_title = ngettext(
            "Links: Ward, cut at {k} cluster", "Links: Ward, cut at {k} clusters", k_ward
        ).format(k=k_ward)
        # Translators: legend title over the squares under the leaves
        squares_title = _("Squares: k-means, as on the map")
        if narrow:
            _source_line(
                fig,
                # Translators: the start of the figure's note on a phone, where the legend has no
                # titles: what the link colours and the squares show
                ngettext(
                    "Links: Ward, cut at {k} cluster; squares: k-means, as on the map.",
                    "Links: Ward, cut at {k} clusters; squares: k-means, as on the map.",
                    k_ward,
                ).format(k=k_ward)
                + " "
                + note,
                # one column where an entry is longer than the English ones
                legend=dict(
                    handles=links + squares,
                    ncols=2 if max(len(h.get_label()) for h in links + squares) <= 21 else 1,
                ),
            )
            return fig
        ax.add_artist(
            ax.legend(
                handles=links,
                title=links_title,
                frameon=False,
                loc="upper right",
                alignment="left",
            )
        )
        ax.legend(
            handles=squares,
            title=squares_title,
            frameon=False,
            loc="upper right",
            bbox_to_anchor=(0.66, 1.0),
            alignment="left",
        )
        _source_line(fig, note)
        return fig


def figure_rank_bands(bands: pd.DataFrame, named: set[str], narrow: bool = False) -> plt.Figure:
    """Nominal rank, median and 5-95% band of each region over the Monte Carlo replications
    (narrow: the legend below the axes)."""
    from matplotlib.ticker import MaxNLocator

    with plt.rc_context(STYLE):
        b = bands.sort_values("nominal_rank")
        fig, ax = _figure(narrow, PRINT_HEIGHT_IN, 5.4)
        y = np.arange(len(b))
        colors = [OKABE_ITO[5] if k in named else OKABE_ITO[0] for k in b["kato"]]
        ax.hlines(y, b["p05_rank"], b["p95_rank"], color=colors, lw=3, alpha=0.6)
        ax.scatter(b["median_rank"], y, color=colors, s=14, zorder=3)
        ax.scatter(b["nominal_rank"], y, marker="|", color="#000000", s=50, zorder=4)
        ax.set_yticks(y, [_short(n) for n in b["region"]])
        ax.tick_params(axis="y", length=2, pad=2)
        ax.set_ylim(len(b) - 0.4, -0.6)
        n = len(b)
        ax.set_xlim(0.5, n + 0.5)
        if n <= 25:
            ax.set_xticks(np.arange(1, n + 1, 2 if narrow else 1))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        # Translators: x axis label
        ax.set_xlabel(_("Rank (1 = highest)"))
        handles = [
            Line2D(
                [],
                [],
                color=OKABE_ITO[5],
                lw=3,
                alpha=0.6,
                # Translators: legend entry: the band of ranks of a region the 2019 study names
                label=_("Named by the 2019 study: 5-95% band"),
            ),
            Line2D(
                [],
                [],
                color=OKABE_ITO[0],
                lw=3,
                alpha=0.6,
                # Translators: legend entry: the band of ranks of a region the study does not name
                label=_("Not named: 5-95% band"),
            ),
            # Translators: legend entry of the dots
            Line2D([], [], color="#555555", marker="o", ls="", ms=4, label=_("Median rank")),
            # Translators: legend entry of the vertical ticks: the rank of the index as published
            Line2D([], [], color="#000000", marker="|", ls="", ms=8, label=_("Nominal rank")),
        ]
        if not narrow:
            ax.legend(handles=handles, frameon=False, loc="upper right")
        _source_line(
            fig,
            # Translators: the figure's note (wrapped to the figure's width)
            ngettext(
                "Monte Carlo over normalisation, weights (Dirichlet), aggregation and one dropped indicator; "
                "{n} replication; bands span 5-95% of them.",
                "Monte Carlo over normalisation, weights (Dirichlet), aggregation and one dropped indicator; "
                "{n} replications; bands span 5-95% of them.",
                int(b["replications"].iloc[0]),
            ).format(n=f"{int(b['replications'].iloc[0]):,}"),
            legend=dict(handles=handles, ncols=1) if narrow else None,
        )
        return fig


MISSING = "#dddddd"


def figure_boundary_map(
    scores: pd.DataFrame,
    members: pd.DataFrame,
    boundaries: str | Path,
    attribution: str,
    narrow: bool = False,
) -> plt.Figure:
    """The regions by index and by k-means cluster, from a boundary file with a KATO per unit: the
    shipped GeoJSON (resources/geo), a configured shapefile or the fetched one (geokz, CC BY 4.0).
    Narrow: the two maps one above the other."""
    from matplotlib.path import Path as MplPath

    from kzrd.present.geo import read_boundaries

    units = read_boundaries(boundaries)
    with plt.rc_context(STYLE):
        fig, (ax, bx) = _figure(
            narrow, 2.55, 4.6, nrows=2 if narrow else 1, ncols=1 if narrow else 2
        )
        idx = scores.set_index("kato")["index"]
        cmap = matplotlib.colormaps["cividis"]
        norm = matplotlib.colors.Normalize(idx.min(), idx.max())
        colors = {
            k: cluster_colour(c) for k, c in zip(members["kato"], members["kmeans"], strict=True)
        }
        for u in units:
            path = MplPath.make_compound_path(*(MplPath(r, closed=True) for r in u.rings))
            for axis, colour in (
                (ax, cmap(norm(idx.get(u.kato, np.nan)))),
                (bx, colors.get(u.kato, MISSING)),
            ):
                axis.add_patch(
                    matplotlib.patches.PathPatch(path, facecolor=colour, edgecolor="white", lw=0.3)
                )
        x0 = min(u.bbox[0] for u in units)
        y0 = min(u.bbox[1] for u in units)
        x1 = max(u.bbox[2] for u in units)
        y1 = max(u.bbox[3] for u in units)
        # Units too small to see at this scale (the cities) get a marker in their colour and a label,
        # put to the left when another such unit lies close to the east.
        width = x1 - x0
        small = sorted(
            (
                (u.bbox[0] + u.bbox[2]) / 2,
                (u.bbox[1] + u.bbox[3]) / 2,
                u.kato,
                _city(i18n.current().regions.get(u.kato, u.name)),
            )
            for u in units
            if max(u.bbox[2] - u.bbox[0], u.bbox[3] - u.bbox[1]) <= 0.03 * width
        )
        halo = [matplotlib.patheffects.withStroke(linewidth=2, foreground="white")]
        for i, (cx, cy, kato, name) in enumerate(small):
            crowded = any(0 < ox - cx < 0.12 * width for ox, *_rest in small[i + 1 :])
            for axis, colour in (
                (ax, cmap(norm(idx.get(kato, np.nan)))),
                (bx, colors.get(kato, MISSING)),
            ):
                axis.scatter(
                    [cx], [cy], s=30, color=colour, edgecolor="black", linewidth=0.6, zorder=4
                )
                axis.annotate(
                    name or kato,
                    (cx, cy),
                    xytext=(-4 if crowded else 4, 3),
                    textcoords="offset points",
                    fontsize=SMALL,
                    zorder=5,
                    ha="right" if crowded else "left",
                    path_effects=halo,
                )
        for axis in (ax, bx):
            axis.set_axis_off()
            axis.set_aspect("equal")
            axis.set_xlim(x0, x1)
            axis.set_ylim(y0, y1)
        fig.colorbar(
            matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap),
            ax=ax,
            location="bottom",
            fraction=0.06,
            pad=0.02,
            shrink=0.7,
            # Translators: label of the colour bar under the left map
        ).set_label(_("Reconstructed index (0-100 scale)"))
        handles = [
            Patch(facecolor=cluster_colour(k), label=_cluster_label(k))
            for k in sorted({int(c) for c in members["kmeans"]})
        ]
        if not {u.kato for u in units} <= set(colors):
            # Translators: legend entry: a region without a cluster (grey)
            handles.append(Patch(facecolor=MISSING, label=_("No cluster (no data)")))
        bx.legend(
            handles=handles,
            # Translators: legend title and the right map's title: the clusters of the k-means method
            title=_("k-means cluster"),
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(0.0, 0.0),
            ncols=len(handles),
            alignment="left",
        )
        # Translators: the left map's title
        ax.set_title(_("Reconstructed index"), loc="left")
        # Translators: legend title and the right map's title: the clusters of the k-means method
        bx.set_title(_("k-means cluster"), loc="left")
        # Translators: the figure's source note: where the region boundaries come from (a source
        # and its licence, as "geokz, CC BY 4.0")
        _source_line(fig, _("Boundaries: {attribution}").format(attribution=attribution))
        return fig


# verdict -> (colour, hatch, short label): Okabe-Ito colours and a hatch, so that the verdicts are
# told apart in colour, by colour-blind readers and in black-and-white print; each segment also
# carries its count as text
VERDICT_STYLE = {  # (colour, hatch, short label) of every verdict a specification can have
    v: style[:3] for v, style in VERDICT_LOOK.items() if v != DEPENDS
}


UNDECIDED = "not checkable with published data"  # a specification no official series decides


def multiverse_shown(mv: pd.DataFrame, verdicts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the multiverse figure shows: the claims checked against official statistics that have
    a verdict (the internal checks, the paper against its own tables, are a different question and
    have their own section), and their specifications."""
    official = verdicts["kind"].eq("official") & ~verdicts["verdict"].eq(UNDECIDED)
    rows = verdicts[official].reset_index(drop=True)
    return rows, mv[mv["claim_id"].isin(rows["claim_id"])]


def multiverse_kinds(mv: pd.DataFrame, verdicts: pd.DataFrame) -> dict[str, bool]:
    """Whether the multiverse figure's bars have undecided and proxy-only specifications (its
    caption explains only the kinds it shows)."""
    _rows, shown = multiverse_shown(mv, verdicts)
    return dict(
        undecided=bool(shown["verdict"].eq(UNDECIDED).any()),
        proxy=bool(shown["verdict"].eq(PROXY_ONLY).any()),
    )


def figure_multiverse(mv: pd.DataFrame, verdicts: pd.DataFrame, narrow: bool = False) -> plt.Figure:
    """The whole multiverse: one bar per claim (in the order of the verdict table), split by the
    verdicts of its specifications, each part labelled with its count; the published verdict at the
    right (narrow: after the claim's title, above its bar)."""
    rows, mv = multiverse_shown(mv, verdicts)
    rows = rows.assign(title=rows["title"].map(_))  # the claims' titles (resources/claims.yaml)
    line = SMALL * 1.25 / 72  # inches per line of text
    summaries = []
    for _i, r in rows.iterrows():
        g = mv[mv["claim_id"] == r["claim_id"]]
        undecided = int((g["verdict"] == UNDECIDED).sum())
        total = (
            # Translators: the count of a claim's specifications in the multiverse figure: {n}
            # decided by the data, {undecided} that no published series decides
            ngettext("{n}; {undecided} undecided", "{n}; {undecided} undecided", undecided).format(
                n=len(g) - undecided, undecided=undecided
            )
            if undecided
            else f"{len(g)}"
        )
        # a claim that waits for its true variable is not robust but unjudged: say so
        waits = r["verdict"] == PROXY_ONLY
        word = (
            # Translators: a claim's verdict depends on the specification (beside its bar; short)
            _("depends")
            if not r["robust"]
            # Translators: a claim only checked with a proxy (beside its bar; short)
            else _("proxy only")
            if waits
            # Translators: a claim's verdict is the same for every specification (beside its
            # bar; short)
            else _("robust")
        )
        # Translators: beside a claim's bar: its robustness word and the count of its
        # specifications, as "depends (12; 2 undecided)"
        summaries.append(_("{word} ({total})").format(word=word, total=total))
    if narrow:
        titles = [
            _wrap(f"{t}: {s}", 62).split("\n")
            for t, s in zip(rows["title"], summaries, strict=True)
        ]
        tops, y = [], 0.0
        for t in titles:  # each claim: its title's lines, then its bar, in lines of text
            tops.append(y)
            y += len(t) + 1.6
        fig_h = y * line + 1.0
    else:
        fig_h = 0.19 * len(rows) + 1.0
    with plt.rc_context(STYLE):
        fig, ax = _figure(narrow, fig_h, fig_h)
        bar_y = (
            [top + len(t) + 0.6 for top, t in zip(tops, titles, strict=True)]
            if narrow
            else list(range(len(rows)))
        )
        for i, r in rows.iterrows():
            g = mv[mv["claim_id"] == r["claim_id"]]
            counts = g["verdict"].value_counts()
            left = 0.0
            for verdict, (colour, hatch, _label) in VERDICT_STYLE.items():
                k = int(counts.get(verdict, 0))
                if not k:
                    continue
                w = k / len(g)
                ax.barh(
                    bar_y[i],
                    w,
                    left=left,
                    color=colour,
                    hatch=hatch,
                    edgecolor="#333333",
                    lw=0.4,
                    height=1.0 if narrow else 0.72,
                )
                if w > (0.035 if narrow else 0.025) * (len(str(k)) + 1):  # the count fits its part
                    ax.text(
                        left + w / 2,
                        bar_y[i],
                        f"{k}",
                        ha="center",
                        va="center",
                        fontsize=SMALL,
                        color="#000000",
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7),
                    )
                left += w
            if narrow:
                ax.text(
                    0,
                    tops[i],
                    "\n".join(titles[i]),
                    ha="left",
                    va="top",
                    fontsize=SMALL,
                    linespacing=1.1,
                )
            else:
                ax.text(1.01, i, summaries[i], ha="left", va="center", fontsize=SMALL)
        if narrow:
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
            ax.set_ylim(y, -0.2)
            ax.set_xlabel(
                _wrap(
                    # Translators: x axis label on a phone (wrapped at 60 characters a line)
                    _(
                        "Share of the claim's specifications giving each verdict (count in each part)"
                    ),
                    60,
                )
            )
        else:
            ax.set_yticks(
                range(len(rows)), [_wrap(t, 48, 2) for t in rows["title"]], linespacing=1.0
            )
            ax.tick_params(axis="y", length=2, pad=2)
            ax.set_ylim(len(rows) - 0.5, -0.5)
            ax.set_xlabel(
                _wrap(
                    # Translators: x axis label (one line of about 110 characters in English;
                    # wrapped where longer)
                    _(
                        "Share of the claim's specifications giving each verdict (count in each part; total at the right)"
                    ),
                    _chars(fig, 8, 0.85),
                )
            )
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "25%", "50%", "75%", "100%"])
        seen = [v for v in VERDICT_STYLE if (mv["verdict"] == v).any()]
        handles = [
            Patch(
                facecolor=VERDICT_STYLE[v][0],
                hatch=VERDICT_STYLE[v][1],
                edgecolor="#333333",
                lw=0.4,
                # Translators: legend entry of the specifications no published series decides
                label=_("undecided") if v == UNDECIDED else _(VERDICT_STYLE[v][2]),
            )
            for v in seen
        ]
        fig.legend(
            handles=handles,
            loc="outside upper center",
            # seven verdicts would not fit one row; on a phone, two columns where an entry is longer
            # than the English ones
            ncols=(3 if max(len(h.get_label()) for h in handles) <= 18 else 2)
            if narrow
            else min(len(handles), 4),
            frameon=False,
        )
        if not narrow:  # room at the right for the totals
            fig.get_layout_engine().set(rect=(0, 0, 0.87, 1))
        return fig


# ============================================================ the registry's entry points


# Figure 4's y axis: the official proxy (snapshot mode) or the true variable (online mode).
# (y axis label, source note); translated where drawn
FIGURE2_Y = {
    True: (
        # Translators: y axis label (wrapped at about 40 characters a line)
        N_("Researchers (FTE) per million inhabitants (SDG 9-5-2, {year})"),
        # Translators: the figure's source note (wrapped to the figure's width); "y" is the
        # vertical axis' variable
        N_(
            "PROXY: the paper's y variable (share of employment in technical sectors) is not in the shipped data; "
            "y here is the official proxy researchers (FTE) per million inhabitants, SDG 9-5-2. "
            "Sources: BNS, Higher education in the Republic of Kazakhstan (2022), p. 3; BNS via SDG platform, indicator 9-5-2."
        ),
    ),
    False: (
        # Translators: y axis label (wrapped at about 40 characters a line); Taldau: the BNS
        # database
        N_("Employment in technical sectors (% of employed, Taldau, {year})"),
        # Translators: the figure's source note (wrapped to the figure's width); keep
        # figure2.technical_sections (a configuration key) as it is
        N_(
            "y: employed persons in the sections of config figure2.technical_sections / all employed persons, "
            "BNS Taldau index 702840, fetched online. Sources: BNS, Higher education in the Republic of Kazakhstan (2022), p. 3; BNS Taldau."
        ),
    ),
}


def figure_universities(
    points: pd.DataFrame,
    stats: pd.DataFrame,
    correlations: pd.DataFrame,
    cities: list[str],
    year: int,
    narrow: bool = False,
) -> plt.Figure:
    """Figure 4 from the correlation stage's tables: its axis labels follow the y it used."""
    row = stats.iloc[0]
    y_label, note = FIGURE2_Y[bool(row["y_is_proxy"])]
    return figure_correlation(
        points,
        row,
        correlation_row(correlations, row),
        list(cities),
        # Translators: x axis label (wrapped to each panel's width, about 40 characters a line)
        _("Higher-education organisations (BNS, {year})").format(year=year),
        _(y_label).format(year=year),
        _(note),
        narrow=narrow,
    )


def figure_growth(
    trends: pd.DataFrame,
    growth: pd.DataFrame,
    multiverse: pd.DataFrame,
    numbers: pd.DataFrame,
    narrow: bool = False,
) -> plt.Figure:
    """The trend figure with the growth rule's noise band (key finding 2)."""
    rule, k = growth_rule(growth, multiverse, numbers)
    return figure_trends(trends, TREND_LABELS, rule, k, narrow=narrow)


def figure_index_blocks(
    normalised: pd.DataFrame, scores: pd.DataFrame, framework: dict, narrow: bool = False
) -> plt.Figure:
    """The index figure with the block names of the framework (validated by the index rule)."""
    return figure_index(normalised, scores, framework["blocks"], narrow=narrow)


def figure_rank_bands_named(
    bands: pd.DataFrame, named: pd.DataFrame, narrow: bool = False
) -> plt.Figure:
    """The rank bands, the regions the 2019 study names (its table of KATO codes) marked."""
    return figure_rank_bands(bands, set(named["kato"]), narrow=narrow)


def _digital_columns(cs: pd.DataFrame) -> pd.DataFrame:
    shown = [
        c
        for c in cs.columns
        if c.startswith(("internet_", "broadband_")) and not c.endswith("_thousand")
    ]
    return cs[["kato", "region", *shown]]


# What a figure's CSV holds when it is not its entry's first Parquet file: drawing function ->
# the table, from the entry's Parquet files in the order of its ``files``.
TABLES = {
    "figure_concentration": lambda shares: shares.query("basis in ['official', 'paper_text']"),
    "figure_digital": _digital_columns,
    "figure_dendrogram": lambda linkage, members: members,
    "figure_boundary_map": lambda scores, members: scores.merge(
        members[["kato", "kmeans"]], on="kato", how="left"
    ),
}


def figure_table(draw: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The table under a figure drawn by ``draw``: :data:`TABLES`' reading of ``frames``, else the
    first."""
    return TABLES[draw](*frames) if draw in TABLES else frames[0]
