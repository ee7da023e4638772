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
        ("100000000", "Abai Region", 3, 718),
        ("110000000", "Akmola Region", 4, 509),
        ("150000000", "Aktobe Region", 6, 239),
        ("190000000", "Almaty Region", 1, 104),
        ("230000000", "Atyrau Region", 3, 71),
        ("270000000", "West Kazakhstan Region", 4, 253),
        ("310000000", "Zhambyl Region", 2, 273),
        ("330000000", "Zhetisu Region", 1, 258),
        ("350000000", "Karaganda Region", 8, 466),
        ("390000000", "Kostanay Region", 6, 197),
        ("430000000", "Kyzylorda Region", 3, 171),
        ("470000000", "Mangystau Region", 1, 794),
        ("550000000", "Pavlodar Region", 4, 209),
        ("590000000", "North Kazakhstan Region", 2, 125),
        ("610000000", "Turkistan Region", 3, 89),
        ("620000000", "Ulytau Region", 1, 9),
        ("630000000", "East Kazakhstan Region", 3, 623),
        ("710000000", "Astana city", 14, 1931),
        ("750000000", "Almaty city", 36, 3005),
        ("790000000", "Shymkent city", 8, 195),
    ],
    columns=["kato", "region", "x", "y"],
)
KATO = POINTS["kato"].tolist()
NAMES = POINTS["region"].tolist()
STATS = pd.Series(
    dict(
        x="universities",
        y="researchers_per_million",
        ols_intercept=43.0,
        ols_slope=83.0,
        ols_slope_se_hc3=8.1,
        pearson_r=0.89,
        pearson_ci_low=0.75,
        pearson_ci_high=0.96,
        spearman_rho=0.37,
        spearman_ci_low=-0.11,
        spearman_ci_high=0.70,
        n=20,
        y_is_proxy=True,
    )
)
# The audit's row of the same pair: BCa interval and r without the two cities, as the text gives them.
AUDIT = pd.Series(
    dict(
        x="universities",
        y="researchers_per_million",
        n=20,
        pearson_r=0.894,
        pearson_bca_low=0.048,
        pearson_bca_high=0.986,
        spearman_rho=0.366,
        spearman_p_holm=0.2249,
        n_without_capitals=18,
        pearson_r_without_capitals=0.0235,
        ols_slope=82.97,
        ols_slope_se_hc3=8.10,
    )
)
CITIES = ["750000000", "710000000"]


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
        dict(
            basis="paper_text",
            kato=["710000000", "750000000", "350000000"],
            region=["Astana city", "Almaty city", "Karaganda Region"],
            value=np.nan,
            share_pct=[28.0, 24.0, 15.0],
        )
    )
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
        dict(
            kato=[NATIONAL, *KATO],
            region=["Republic of Kazakhstan", *NAMES],
            internet_users_pct=rng.uniform(88, 98, 21),
            broadband_1a_per_100=rng.uniform(0, 20, 21),
            broadband_1b_per_100=rng.uniform(0, 8, 21),
            broadband_1c_per_100=rng.uniform(0, 1, 21),
        )
    )
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
        dict(
            kato=KATO,
            region=NAMES,
            rank=np.arange(1, 21),
            index=index,
            block_A=index - 5,
            block_B=index + 5,
        )
    )
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
        dict(
            kato=KATO,
            region=NAMES,
            nominal_rank=nominal,
            median_rank=nominal + 0.5,
            p05_rank=np.maximum(nominal - 3, 1),
            p95_rank=np.minimum(nominal + 4, 20),
            replications=10000,
        )
    )


def over_time() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [
        dict(variable=v, status="ok", year=y, cr2=50 + y % 5, hhi_normalised=0.1 + (y % 4) / 50)
        for v in figures.OVER_TIME_SERIES
        for y in range(2010, 2024)
    ]
    bulletin = pd.DataFrame(
        dict(
            variable=list(figures.BULLETIN_LABELS),
            year=2022,
            cr2=[60, 57, 54],
            hhi_normalised=[0.17, 0.16, 0.12],
        )
    )
    return pd.DataFrame(rows), bulletin


def growth_rows() -> tuple[pd.DataFrame, float]:
    """The growth rule as figure_trends draws it: one window per trend region and indicator."""
    rows = [
        dict(
            kato=k,
            indicator=ind,
            year_from=2021,
            year_to=2023,
            value_first=2.0,
            value_last=v,
            noise=0.5,
        )
        for k, v in (("630000000", 3.2), ("350000000", 2.1))
        for ind in TREND_LABELS
    ]
    return pd.DataFrame(rows), 1.0


BOUNDARIES = RESOURCES / "geo" / "regions_adm1.geojson"


@functools.cache
def all_figures() -> dict:
    """Each figure's drawing call, on test tables built once per session, in its wide and its narrow
    variant."""
    normalised, scores = index_tables()
    members = members_table()
    ot, bulletin = over_time()
    rule, k = growth_rows()
    drawings = {
        "concentration": lambda narrow: figures.figure_concentration(
            shares_table(), 2022, narrow=narrow
        ),
        "correlation": lambda narrow: figures.figure_correlation(
            POINTS,
            STATS,
            AUDIT,
            CITIES,
            "Higher-education organisations (BNS, 2022)",
            "Researchers (FTE) per million inhabitants (SDG 9-5-2, 2022)",
            "Sources: test.",
            narrow=narrow,
        ),
        "trends": lambda narrow: figures.figure_trends(
            trends_table(), TREND_LABELS, rule, k, narrow=narrow
        ),
        "digital": lambda narrow: figures.figure_digital(cross_section(), 2022, narrow=narrow),
        "multiverse": lambda narrow: figures.figure_multiverse(
            *multiverse_tables(every_verdict=True), narrow=narrow
        ),
        "concentration_time": lambda narrow: figures.figure_concentration_time(
            ot, bulletin, narrow=narrow
        ),
        "index": lambda narrow: figures.figure_index(
            normalised,
            scores,
            {"A": "Innovation potential", "B": "Cluster preconditions"},
            narrow=narrow,
        ),
        "dendrogram": lambda narrow: figures.figure_dendrogram(
            linkage_table(members), members, narrow=narrow
        ),
        "rank_bands": lambda narrow: figures.figure_rank_bands(
            rank_bands(), {"750000000", "710000000"}, narrow=narrow
        ),
        "map": lambda narrow: figures.figure_boundary_map(
            scores, members, BOUNDARIES, "geokz, CC BY 4.0", narrow=narrow
        ),
    }
    out = {name: functools.partial(f, False) for name, f in drawings.items()}
    out |= {f"{name}.narrow": functools.partial(f, True) for name, f in drawings.items()}
    return out


@functools.cache
def _drawn(name: str):
    return all_figures()[name]()


def drawn_once(name: str):
    """Figure ``name`` of :func:`all_figures`, drawn once per session for the tests that only read
    it (none of them changes a figure; those that redraw or save call :func:`all_figures`). Closing
    a figure (after each test) leaves it a bare canvas; it gets its Agg canvas back."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = _drawn(name)
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig


def multiverse_tables(every_verdict: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three claims: one robust, one split between two verdicts, one decided on a proxy only; with
    ``every_verdict`` a fourth whose specifications give each remaining verdict (the longest legend)."""
    rows = (
        [("a", "consistent")] * 6
        + [("b", "partly consistent")] * 3
        + [("b", "inconsistent with official statistics")] * 5
    )
    rows += [("c", "not checked offline: proxy only")] * 4
    rest = ["reproduced", "not reproduced", "not checkable with published data"]
    rows += [("d", r) for r in rest] if every_verdict else []
    mv = pd.DataFrame(rows, columns=["claim_id", "verdict"])
    v = pd.DataFrame(
        dict(
            claim_id=["a", "b", "c", "d"],
            title=[
                "A robust claim",
                "A claim that depends on a reading of its words",
                "A proxy",
                "Internal",
            ],
            verdict=[
                "consistent",
                "depends on a choice the paper does not state",
                "not checked offline: proxy only",
                "depends on a choice the paper does not state",
            ],
            robust=[True, False, True, False],
            kind="official",
        )
    )
    n = 4 if every_verdict else 3
    return mv, v.iloc[:n]


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
    assert "proxy only (4)" in texts  # a claim waiting for its true variable is not called robust


def test_multiverse_figure_leaves_the_internal_checks_to_their_section():
    mv, v = multiverse_tables(every_verdict=True)
    v = v.assign(kind=["official", "official", "official", "internal"])
    fig = figures.figure_multiverse(mv, v)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["A robust claim", "A claim that depends on a reading of its words", "A proxy"]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "reproduced" not in labels and "not reproduced" not in labels


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
    fig = drawn_once(name)
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
    fig = drawn_once(name)
    texts = [t.get_text() for t in visible_texts(fig)] + [fig.get_suptitle()]
    for text in texts:
        assert not re.search(r"\b(Figure|Fig\.?)\s*\d", text), f"{name}: {text!r}"
        words = re.sub(r"\S*[/.]\w+\b", "", text)  # file paths may keep their underscores
        assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", words), f"{name}: raw id in {text!r}"


@pytest.mark.parametrize("narrow", [False, True])
def test_concentration_one_denominator_every_region_and_paper_markers(narrow):
    sh = shares_table()
    fig = figures.figure_concentration(sh, 2022, narrow=narrow)
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
    fig = drawn_once("correlation")
    r = drawn(fig)
    ax, zoom = fig.axes
    labels = [t.get_text() for t in ax.texts + zoom.texts]
    for name in ["Almaty city", "Astana city", "Shymkent city", "Karaganda", "Ulytau"]:
        assert name in labels
    (shym,) = [t for t in zoom.texts if t.get_text() == "Shymkent city"]
    assert zoom.get_window_extent(r).contains(*shym.get_window_extent(r).p1)


def test_correlation_draws_the_fit_only_where_its_points_are_and_prints_the_bca_interval():
    fig = drawn_once("correlation")
    ax, zoom = fig.axes
    # the detail holds the regions without the two cities, and no fit line
    assert len(zoom.collections[0].get_offsets()) == 18
    assert not [line for line in zoom.get_lines() if len(line.get_xdata()) > 1]
    (fit,) = ax.get_lines()
    assert fit.get_ydata()[0] == pytest.approx(43.0)  # intercept at x = 0
    assert "OLS, all 20 regions: slope 83.0 (HC3 SE 8.1)" in ax.get_legend().get_texts()[
        0
    ].get_text().replace("\n", " ")
    left = ax.get_title("left").replace("\n", " ")
    assert "Pearson r = 0.89, BCa 95% 0.05 to 0.99" in left  # the audit's BCa, as the text gives it
    assert (
        "Fisher" not in left and "0.75" not in left
    )  # not the Fisher-z interval of the stats table
    right = zoom.get_title("left").replace("\n", " ")
    assert "without Almaty city and Astana city: 18 regions, Pearson r = 0.02" in right


def test_correlation_row_is_the_audit_row_of_the_figure_pair():
    other = AUDIT.copy()
    other[["y", "pearson_bca_low"]] = ["other", 0.9]
    audit = pd.DataFrame([other, AUDIT])
    assert figures.correlation_row(audit, STATS)["pearson_bca_low"] == 0.048
    with pytest.raises(ValueError, match="no audit correlation"):
        figures.correlation_row(audit.iloc[:1], STATS)


def test_trends_draw_the_growth_rule_band_from_the_rule_rows():
    rule, _ = growth_rows()
    fig = figures.figure_trends(trends_table(), TREND_LABELS, rule, 2.0)
    for ax in fig.axes:
        bands = [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]
        assert len(bands) == 2  # one per trend region
        for b in bands:  # start value ± k × noise over the window
            assert (b.get_x(), b.get_width()) == (2021, 2)
            assert (b.get_y(), b.get_height()) == pytest.approx((2.0 - 2 * 0.5, 2 * 2 * 0.5))
        rings = [c for c in ax.collections if len(c.get_offsets()) == 1]
        assert sorted(float(c.get_offsets()[0][1]) for c in rings) == [2.1, 3.2]
    names = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    assert any(n.startswith("Growth rule, 2021→2023: start value ± 2 × noise") for n in names)


def test_growth_rule_takes_the_reference_reading_and_the_centre_multiple():
    growth = pd.DataFrame(
        [
            dict(window=w, territory=t, noise_measure=n, kato="1", indicator="i")
            for w in ("short", "long")
            for t in ("same", "published")
            for n in ("sd", "median")
        ]
    )
    mv = pd.DataFrame(
        [
            dict(
                claim_id="finding2_growth",
                reference=True,
                window="long",
                territory="same",
                noise="median",
            ),
            dict(
                claim_id="finding2_growth",
                reference=False,
                window="short",
                territory="same",
                noise="sd",
            ),
        ]
    )
    numbers = pd.DataFrame(dict(id=["rule_finding2_growth_noise_multiple"], value=[1.5]))
    rows, k = figures.growth_rule(growth, mv, numbers)
    assert k == 1.5
    assert rows[["window", "territory", "noise_measure"]].drop_duplicates().values.tolist() == [
        ["long", "same", "median"]
    ]


def test_trends_legend_is_one_visible_figure_legend():
    fig = drawn_once("trends")
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    names = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    assert "Republic of Kazakhstan" in names and "Karaganda, territory before 2022" in names
    assert "Regions redrawn in 2022" in names  # the year of the border change, from the data
    assert len(names) == len(set(names))


@pytest.mark.parametrize("narrow", [False, True])
def test_digital_bars_start_at_zero_and_the_legend_runs_as_the_bars(narrow):
    fig = figures.figure_digital(cross_section(), 2022, narrow=narrow)
    for ax in fig.axes:
        assert ax.get_xlim()[0] == 0
        assert ax.patches and all(p.get_x() == 0 for p in ax.patches)
    broadband = fig.axes[1]
    legend = [t.get_text() for t in broadband.get_legend().get_texts()]
    assert legend == ["Series 1A", "Series 1B", "Series 1C"]
    # within each region's group, the bars from top to bottom are 1A, 1B, 1C (the legend's order)
    colours = {
        to_hex(h.get_facecolor()): t
        for h, t in zip(broadband.get_legend().legend_handles, legend, strict=True)
    }
    first = sorted(broadband.patches[::20], key=lambda p: -p.get_y())  # region 0 of each series
    assert [colours[to_hex(p.get_facecolor())] for p in first] == legend
    assert "no labels" in broadband.get_legend().get_title().get_text().replace("\n", " ")
    assert "SDG 17-8-1, 2022" in fig.axes[0].get_xlabel().replace("\n", " ")


def test_concentration_over_time_axes_start_at_zero():
    fig = drawn_once("concentration_time")
    for ax in fig.axes:
        assert ax.get_ylim()[0] == 0


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


@pytest.mark.parametrize("source", ["shipped", "shapefile"])
def test_boundary_map_names_every_cluster_colour(source):
    from conftest import shared_file

    _, scores = index_tables()
    members = members_table()
    path = BOUNDARIES if source == "shipped" else shared_file("geo/kaz_admbnda_adm1_2024.shp")
    fig = figures.figure_boundary_map(scores, members, path, "geokz, CC BY 4.0")
    _, bx, cbar = fig.axes
    entries = _legend_entries(bx)
    used = {to_hex(p.get_facecolor()) for p in bx.patches}
    assert len(bx.patches) == 20  # one compound path per region, holes included
    assert used <= set(entries.values())
    assert entries == {
        "Cluster 1": figures.OKABE_ITO[0].lower(),
        "Cluster 2": figures.OKABE_ITO[1].lower(),
    }
    assert cbar.get_xlabel().strip()
    labels = {t.get_text() for t in bx.texts}
    assert {"Almaty", "Astana", "Shymkent"} <= labels  # the cities, too small to see, are marked
    assert fig.texts[-1].get_text() == "Boundaries: geokz, CC BY 4.0"


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


def test_crowded_point_labels_do_not_overlap_and_far_ones_point_back():
    """Four points in a tight cluster with long names (the narrow correlation figure's corner): no
    two labels overlap, and a label moved past the near spots has a leader line to its point."""
    fig, ax = plt.subplots(figsize=(3.5, 2.5))
    xy = [(1, 100), (1, 112), (2, 104), (2, 92)]
    ax.scatter(*zip(*xy, strict=True))
    ax.set_xlim(-3, 10)  # room on both sides
    ax.set_ylim(0, 200)
    fig.canvas.draw()
    names = ["North Kazakhstan", "Almaty Region", "West Kazakhstan", "Kyzylorda"]
    labels = figures.place_labels(ax, xy, names)
    r = fig.canvas.get_renderer()
    box = [Text.get_window_extent(t, r) for t in labels]  # the words, not the leader line
    pairs = [(a, b) for a in range(4) for b in range(a + 1, 4)]
    assert not [(names[a], names[b]) for a, b in pairs if box[a].overlaps(box[b])]
    spots = [tuple(t.xyann) for t in labels]
    far = [t for t, s in zip(labels, spots, strict=True) if s in LEADER_AT]
    assert all(t.arrow_patch is not None for t in far)
    near = [t for t, s in zip(labels, spots, strict=True) if s not in LEADER_AT]
    assert all(t.arrow_patch is None for t in near)
    plt.close(fig)


LEADER_AT = {s[:2] for s in figures.LABEL_SPOTS[figures.LEADER_SPOTS :]}


def test_the_figure_rule_passes_inputs_and_settings_by_parameter_name(tmp_path, monkeypatch):
    """scripts/figure.py calls the registry's function with its inputs (a Parquet file as a
    DataFrame, a YAML file as a mapping) and settings by the names of its parameters."""
    import figure as rule_script

    pd.DataFrame({"v": [1, 2]}).to_parquet(tmp_path / "t.parquet")
    (tmp_path / "f.yaml").write_text("blocks: {A: a}\n", encoding="utf-8")
    seen = {}

    def figure_probe(table, framework, year, narrow=False, unused=None):
        seen.update(table=table, framework=framework, year=year, narrow=narrow, unused=unused)
        return "drawn"

    monkeypatch.setattr(figures, "figure_probe", figure_probe, raising=False)
    inputs = {"table": str(tmp_path / "t.parquet"), "framework": str(tmp_path / "f.yaml")}
    assert rule_script.draw("figure_probe", inputs, {"year": 2022}, narrow=True) == "drawn"
    assert seen["table"]["v"].tolist() == [1, 2] and seen["framework"] == {"blocks": {"A": "a"}}
    assert (seen["year"], seen["narrow"], seen["unused"]) == (2022, True, None)
    with pytest.raises(ValueError, match="figure_probe: no input or figure setting named 'year'"):
        rule_script.draw("figure_probe", inputs, {})


def test_a_figures_table_is_its_first_file_unless_tables_says_otherwise():
    a, b = pd.DataFrame({"kato": ["1"], "x": [1]}), pd.DataFrame({"kato": ["1"], "kmeans": [2]})
    assert figures.figure_table("figure_trends", [a, b]) is a
    assert figures.figure_table("figure_dendrogram", [a, b]) is b
    assert figures.figure_table("figure_boundary_map", [a, b]).columns.tolist() == [
        "kato",
        "x",
        "kmeans",
    ]


@pytest.mark.parametrize("every_verdict", [False, True])
def test_figure_1s_caption_explains_only_the_kinds_it_shows(every_verdict):
    """'Undecided' and 'proxy only' are explained under Figure 1 when its bars have such
    specifications (kzrd.present.document passes what multiverse_kinds finds)."""
    from kzrd import PROJECT_ROOT
    from kzrd.present import report
    from kzrd.reference.exhibits import load_registry

    shows = figures.multiverse_kinds(*multiverse_tables(every_verdict))
    assert shows == {"undecided": every_verdict, "proxy": True}
    (entry,) = [
        e
        for e in load_registry(PROJECT_ROOT / "resources" / "exhibits.yaml")
        if e["id"] == "fig_multiverse"
    ]
    text = report.env().from_string(entry["caption"])
    caption = text.render(multiverse_shows=shows, link=lambda doc, anchor, words: words)
    assert ("Undecided: no official series" in caption) is every_verdict
    assert "Proxy only: waiting for the true variable" in caption
    none = text.render(multiverse_shows=dict(undecided=False, proxy=False), link=lambda *a: a[2])
    assert "Undecided" not in none and "Proxy only" not in none
