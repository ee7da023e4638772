"""What a reader sees in the figures: nothing clipped, no typed figure numbers, honest axes, keys."""

from __future__ import annotations

import functools
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.legend import Legend
from matplotlib.text import Text

from kzrd import RESOURCES
from kzrd.present import figures
from kzrd.reference.labels import TREND_LABELS
from kzrd.reference.regions import NATIONAL
from kzrd.study2019.index import load_framework

matplotlib.use("Agg")

# Figure 2's points as the snapshot gives them (BNS 2022): Almaty and Astana far out, Shymkent city
# at the right edge of the detail box, where its label used to be cut off.
POINTS = pd.DataFrame(
    [
        ("100000000", "Abai Region", 3, 718), ("110000000", "Akmola Region", 4, 509),
        ("150000000", "Aktobe Region", 6, 239), ("190000000", "Almaty Region", 1, 104),
        ("230000000", "Atyrau Region", 3, 71), ("270000000", "West Kazakhstan Region", 4, 253),
        ("310000000", "Zhambyl Region", 2, 273), ("330000000", "Zhetisu Region", 1, 258),
        ("350000000", "Karaganda Region", 8, 466), ("390000000", "Kostanay Region", 6, 197),
        ("430000000", "Kyzylorda Region", 3, 171), ("470000000", "Mangystau Region", 1, 794),
        ("550000000", "Pavlodar Region", 4, 209), ("590000000", "North Kazakhstan Region", 2, 125),
        ("610000000", "Turkistan Region", 3, 89), ("620000000", "Ulytau Region", 1, 9),
        ("630000000", "East Kazakhstan Region", 3, 623), ("710000000", "Astana city", 14, 1931),
        ("750000000", "Almaty city", 36, 3005), ("790000000", "Shymkent city", 8, 195),
    ],
    columns=["kato", "region", "x", "y"],
)  # fmt: skip
KATO = POINTS["kato"].tolist()
NAMES = POINTS["region"].tolist()
STATS = pd.Series(
    dict(ols_intercept=43.0, ols_slope=83.0, ols_slope_se_hc3=8.1, pearson_r=0.89,
         pearson_ci_low=0.75, pearson_ci_high=0.96, spearman_rho=0.37, spearman_ci_low=-0.11,
         spearman_ci_high=0.70, n=20, y_is_proxy=True)
)  # fmt: skip


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def shares_table() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    v = rng.integers(50, 1000, size=20).astype(float)
    v[KATO.index("750000000")] = 7200.0
    v[KATO.index("710000000")] = 3500.0
    official = pd.DataFrame(
        dict(basis="official", kato=KATO, region=NAMES, value=v, share_pct=v / v.sum() * 100)
    )
    paper = pd.DataFrame(
        dict(basis="paper_text", kato=["710000000", "750000000", "350000000"],
             region=["Astana city", "Almaty city", "Karaganda Region"], value=np.nan,
             share_pct=[28.0, 24.0, 15.0])
    )  # fmt: skip
    table1 = official.head(5).assign(basis="paper_table1", share_pct=20.0)
    return pd.concat([table1, paper, official], ignore_index=True)


def trends_table() -> pd.DataFrame:
    rows = []
    for ind in TREND_LABELS:
        for kato, name in [
            (NATIONAL, "Republic of Kazakhstan"),
            ("630000000", "East Kazakhstan Region"),
            ("350000000", "Karaganda Region"),
        ]:
            for year in range(2010, 2024):
                rows.append((ind, kato, name, "current", year, 1.0 + year % 3))
                if kato != NATIONAL:  # the same territory differs from the published one from 2022
                    rows.append(
                        (ind, kato, name, "pre2022", year, 1.0 + year % 3 + 0.2 * (year >= 2022))
                    )
    return pd.DataFrame(rows, columns=["indicator", "kato", "region", "territory", "year", "value"])


def cross_section() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    cs = pd.DataFrame(
        dict(kato=[NATIONAL, *KATO], region=["Republic of Kazakhstan", *NAMES],
             internet_users_pct=rng.uniform(88, 98, 21),
             broadband_1a_per_100=rng.uniform(0, 20, 21), broadband_1b_per_100=rng.uniform(0, 8, 21),
             broadband_1c_per_100=rng.uniform(0, 1, 21))
    )  # fmt: skip
    return cs


def index_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(3)
    # the index's own indicators (INDICATOR_LABELS also names the panel's other series)
    ids = [i["id"] for i in load_framework(RESOURCES / "index_framework.yaml")["indicators"]]
    normalised = pd.DataFrame(
        [(k, i, float(rng.uniform(0, 100))) for k in KATO for i in ids],
        columns=["kato", "indicator", "value"],
    )
    index = np.linspace(90, 20, 20)
    scores = pd.DataFrame(
        dict(kato=KATO, region=NAMES, rank=np.arange(1, 21), index=index,
             block_A=index - 5, block_B=index + 5)
    )  # fmt: skip
    return normalised, scores


def members_table() -> pd.DataFrame:
    km = [2 if k in ("710000000", "750000000", "350000000") else 1 for k in KATO]
    ward = [2 if k in ("710000000", "750000000") else 1 for k in KATO]
    return pd.DataFrame(dict(kato=KATO, region=NAMES, kmeans=km, ward=ward, stability=0.9))


def linkage_table(members: pd.DataFrame) -> pd.DataFrame:
    from scipy.cluster.hierarchy import linkage

    z = linkage(POINTS[["x", "y"]].to_numpy(float) / [36, 3005], method="ward")
    return pd.DataFrame(z, columns=["left", "right", "distance", "size"])


def rank_bands() -> pd.DataFrame:
    nominal = np.arange(1, 21)
    return pd.DataFrame(
        dict(kato=KATO, region=NAMES, nominal_rank=nominal, median_rank=nominal + 0.5,
             p05_rank=np.maximum(nominal - 3, 1), p95_rank=np.minimum(nominal + 4, 20),
             replications=10000)
    )  # fmt: skip


def over_time() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [
        dict(variable=v, status="ok", year=y, cr2=50 + y % 5, hhi_normalised=0.1 + (y % 4) / 50)
        for v in figures.OVER_TIME_SERIES
        for y in range(2010, 2024)
    ]
    bulletin = pd.DataFrame(
        dict(variable=list(figures.BULLETIN_LABELS), year=2022, cr2=[60, 57, 54],
             hhi_normalised=[0.17, 0.16, 0.12])
    )  # fmt: skip
    return pd.DataFrame(rows), bulletin


def tiles() -> pd.DataFrame:
    return pd.DataFrame(
        dict(kato=KATO, col=[i % 6 for i in range(20)], row=[i // 6 for i in range(20)],
             abbr=[n[:3].upper() + str(i) for i, n in enumerate(NAMES)])
    )  # fmt: skip


@functools.cache
def all_figures() -> dict:
    """Each figure's drawing call, on test tables built once per session."""
    normalised, scores = index_tables()
    members = members_table()
    ot, bulletin = over_time()
    return {
        "concentration": lambda: figures.figure_concentration(shares_table(), 2022),
        "correlation": lambda: figures.figure_correlation(
            POINTS,
            STATS,
            "Higher-education organisations (BNS, 2022)",
            "Researchers (FTE) per million inhabitants (SDG 9-5-2, 2022)",
            "Sources: test.",
        ),
        "trends": lambda: figures.figure_trends(trends_table(), TREND_LABELS),
        "digital": lambda: figures.figure_digital(cross_section(), 2022),
        "concentration_time": lambda: figures.figure_concentration_time(ot, bulletin),
        "index": lambda: figures.figure_index(
            normalised, scores, {"A": "Innovation potential", "B": "Cluster preconditions"}
        ),
        "dendrogram": lambda: figures.figure_dendrogram(linkage_table(members), members),
        "rank_bands": lambda: figures.figure_rank_bands(rank_bands(), {"750000000", "710000000"}),
        "tile_map": lambda: figures.figure_tile_map(scores, members, tiles()),
        "multiverse": lambda: figures.figure_multiverse(*multiverse_tables()),
    }


def multiverse_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three claims: one robust, one split between two verdicts, one decided on a proxy only."""
    rows = (
        [("a", "consistent")] * 6
        + [("b", "partly consistent")] * 3
        + [("b", "inconsistent with official statistics")] * 5
    )
    rows += [("c", "not checked offline: proxy only")] * 4
    mv = pd.DataFrame(rows, columns=["claim_id", "verdict"])
    v = pd.DataFrame(dict(claim_id=["a", "b", "c"], title=["A robust claim", "A claim that depends on a reading of its words", "A proxy"],
                          verdict=["consistent", "depends on a choice the paper does not state", "not checked offline: proxy only"],
                          robust=[True, False, True]))  # fmt: skip
    return mv, v


def test_multiverse_figure_counts_every_specification_and_marks_verdicts_beyond_colour():
    fig = figures.figure_multiverse(*multiverse_tables())
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"6", "3", "5", "4"} <= set(texts)  # the count of each part, as text
    assert "robust (6)" in texts and "depends (8)" in texts
    hatches = {p.get_hatch() for p in ax.patches}
    assert len(hatches) >= 3  # the verdicts differ by hatching too (black-and-white print)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["consistent", "partly consistent", "inconsistent", "proxy only"]


def drawn(fig):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def visible_texts(fig) -> list[Text]:
    """Every text a reader sees: titles, labels, tick labels in view, legends, annotations."""
    r = drawn(fig)
    out = [t for t in fig.texts if t.get_visible() and t.get_text()]
    for legend in [*fig.legends, *(a for ax in fig.axes for a in ax.get_children())]:
        if isinstance(legend, Legend):
            out += [legend.get_title(), *legend.get_texts()]
    for ax in fig.axes:
        out += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if not ax.axison:  # axes turned off (maps) draw no ticks or axis labels
            continue
        out += [ax.xaxis.label, ax.yaxis.label]
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks():
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    out += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    out = [t for t in out if t.get_visible() and t.get_text().strip()]
    assert r is not None
    return out


@pytest.mark.parametrize("name", list(all_figures()))
def test_every_text_lies_inside_the_figure(name):
    fig = all_figures()[name]()
    r = drawn(fig)
    box = fig.bbox
    texts = visible_texts(fig)
    assert texts
    for t in texts:
        e = t.get_window_extent(r)
        inside = e.x0 >= box.x0 - 0.5 and e.x1 <= box.x1 + 0.5 and e.y0 >= box.y0 - 0.5
        assert inside and e.y1 <= box.y1 + 0.5, f"{name}: {t.get_text()!r} at {e.extents}"
    for ax in fig.axes:  # the whole of each panel, legends and colorbars included
        e = ax.get_tightbbox(r)
        assert e.x0 >= -0.5 and e.y0 >= -0.5 and e.x1 <= box.x1 + 0.5 and e.y1 <= box.y1 + 0.5


@pytest.mark.parametrize("name", list(all_figures()))
def test_no_typed_figure_numbers_or_raw_ids(name):
    fig = all_figures()[name]()
    texts = [t.get_text() for t in visible_texts(fig)] + [fig.get_suptitle()]
    for text in texts:
        assert not re.search(r"\b(Figure|Fig\.?)\s*\d", text), f"{name}: {text!r}"
        words = re.sub(r"\S*[/.]\w+\b", "", text)  # file paths may keep their underscores
        assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", words), f"{name}: raw id in {text!r}"


def test_concentration_one_denominator_every_region_and_paper_markers():
    sh = shares_table()
    fig = figures.figure_concentration(sh, 2022)
    ax = fig.axes[0]
    bars = ax.patches
    official = sh[sh["basis"] == "official"]
    assert len(bars) == len(official) == 20
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths, reverse=True)
    assert sorted(widths) == pytest.approx(sorted(official["share_pct"]))
    assert all(b.get_x() == 0 for b in bars)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    # the diamonds sit at the paper's values, on the rows of their regions
    (markers,) = ax.collections
    xy = markers.get_offsets()
    assert sorted(xy[:, 0]) == [15.0, 24.0, 28.0]
    for x, y in xy:
        name = {28.0: "Astana city", 24.0: "Almaty city", 15.0: "Karaganda"}[float(x)]
        assert ticks[round(y)] == name
        bar = bars[round(y)]
        assert bar.get_y() <= y <= bar.get_y() + bar.get_height()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "Official share of national researchers (BNS, 2022)",
        "Share stated in the paper's text",
    ]
    # one basis only: the paper's table shares (20% each here) are not drawn
    assert 20.0 not in widths


def test_concentration_year_from_the_table_when_it_has_one():
    fig = figures.figure_concentration(shares_table().assign(year=2021), 2022)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Official share of national researchers (BNS, 2021)" in labels


def test_correlation_labels_every_point_and_keeps_shymkent_inside():
    fig = figures.figure_correlation(POINTS, STATS, "x", "y", "note")
    r = drawn(fig)
    ax, zoom = fig.axes
    labels = [t.get_text() for t in ax.texts + zoom.texts]
    for name in ["Almaty city", "Astana city", "Shymkent city", "Karaganda", "Ulytau"]:
        assert name in labels
    (shym,) = [t for t in zoom.texts if t.get_text() == "Shymkent city"]
    assert zoom.get_window_extent(r).contains(*shym.get_window_extent(r).p1)


def test_trends_legend_is_one_visible_figure_legend():
    fig = figures.figure_trends(trends_table(), TREND_LABELS)
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    names = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Republic of Kazakhstan" in names and "Karaganda Region, territory before 2022" in names
    assert "Regions redrawn in 2022" in names  # the year of the border change, from the data
    assert len(names) == len(set(names))


def test_digital_bars_start_at_zero():
    fig = figures.figure_digital(cross_section(), 2022)
    for ax in fig.axes:
        assert ax.get_xlim()[0] == 0
        assert ax.patches and all(p.get_x() == 0 for p in ax.patches)


def test_rank_band_ticks_are_integers():
    fig = figures.figure_rank_bands(rank_bands(), {"750000000"})
    ticks = fig.axes[0].get_xticks()
    lo, hi = fig.axes[0].get_xlim()
    shown = [t for t in ticks if lo <= t <= hi]
    assert shown and all(float(t).is_integer() for t in shown)
    assert 1 in shown
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert all(re.fullmatch(r"\d+", s) for s in labels)


def _legend_entries(ax) -> dict[str, str]:
    out = {}
    for legend in [c for c in ax.get_children() if isinstance(c, Legend)]:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            colour = (
                handle.get_facecolor()
                if hasattr(handle, "get_facecolor") and not hasattr(handle, "get_markerfacecolor")
                else handle.get_color()
            )
            if hasattr(handle, "get_markerfacecolor") and handle.get_marker() not in ("", "None"):
                colour = handle.get_markerfacecolor()
            out[text.get_text()] = to_hex(colour)
    return out


def test_tile_map_names_every_cluster_colour_and_labels_the_colorbar():
    _, scores = index_tables()
    members = members_table()
    fig = figures.figure_tile_map(scores, members, tiles())
    _, bx, cbar = fig.axes
    entries = _legend_entries(bx)
    used = {to_hex(p.get_facecolor()) for p in bx.patches}
    assert used <= set(entries.values())
    assert entries == {
        "Cluster 1": figures.OKABE_ITO[0].lower(),
        "Cluster 2": figures.OKABE_ITO[1].lower(),
    }
    assert cbar.get_ylabel().strip()


def test_boundary_map_names_every_cluster_colour():
    from conftest import shared_file

    _, scores = index_tables()
    members = members_table()
    shp = shared_file("geo/kaz_admbnda_adm1_2024.shp")
    fig = figures.figure_boundary_map(scores, members, shp, "geokz, CC BY 4.0")
    _, bx, cbar = fig.axes
    entries = _legend_entries(bx)
    used = {to_hex(p.get_facecolor()) for p in bx.patches}
    assert used <= set(entries.values())
    assert {"Cluster 1", "Cluster 2"} <= set(entries)
    assert cbar.get_ylabel().strip()
    r = drawn(fig)
    for t in visible_texts(fig):
        e = t.get_window_extent(r)
        assert (
            fig.bbox.x0 <= e.x0
            and e.x1 <= fig.bbox.x1
            and fig.bbox.y0 <= e.y0
            and e.y1 <= fig.bbox.y1
        )


def test_dendrogram_names_every_link_and_square_colour():
    members = members_table()
    fig = figures.figure_dendrogram(linkage_table(members), members)
    ax = fig.axes[0]
    entries = _legend_entries(ax)
    assert {"Cluster 1", "Cluster 2"} <= set(entries)
    link_colours = {to_hex(c) for coll in ax.collections[:-1] for c in coll.get_colors()}
    squares = {to_hex(c) for c in ax.collections[-1].get_facecolors()}
    named = set(entries.values())
    assert link_colours <= named and squares <= named
    assert to_hex(figures.cluster_colour(2)) in squares  # Karaganda: k-means 2, Ward 1


def test_humanise():
    assert (
        figures.humanise("rd_internal_expenditure", figures.BULLETIN_LABELS)
        == "Internal R&D expenditure"
    )
    assert figures.humanise("new_thing") == "New thing"
