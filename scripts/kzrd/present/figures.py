"""Publication figures. Each function takes analysis tables and returns a matplotlib Figure."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.patches
import matplotlib.patheffects
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kzrd.core.io import atomic_path
from kzrd.reference.labels import INDICATOR_LABELS
from kzrd.reference.regions import NATIONAL

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "svg.hashsalt": "kz-rd-repro",
    "svg.fonttype": "path",
    "figure.dpi": 100,
}
BULLETIN_LABELS = {
    "rd_internal_expenditure": "Internal R&D expenditure",
    "researchers": "Researchers (persons)",
    "enterprises_rd": "Enterprises doing R&D",
}


def humanise(name: str, labels: dict[str, str] | None = None) -> str:
    """The label of an id, else the id with spaces for underscores and a capital first letter."""
    if labels and name in labels:
        return labels[name]
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def fit_texts(ax: plt.Axes, texts: list, pad_px: float = 3.0, iters: int = 8) -> None:
    """Widen the data limits of ``ax`` until every text in ``texts`` lies inside the axes.

    For labels anchored in data coordinates: the extents are measured with the figure's renderer,
    the limits widened to cover them, and the measurement repeated until nothing moves.
    """
    if not texts:
        return
    ax.get_xlim(), ax.get_ylim()  # settle pending autoscaling before measuring
    renderer = ax.figure.canvas.get_renderer()
    for _ in range(iters):
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


def _source_line(fig: plt.Figure, text: str) -> None:
    fig.text(0.01, 0.01, text, fontsize=7, color="#444444", ha="left", va="bottom", wrap=True)


def save(fig: plt.Figure, svg: str | Path, png: str | Path, dpi: int) -> None:
    """SVG and PNG without dates or software stamps, so reruns give the same bytes."""
    with plt.rc_context(STYLE), atomic_path(svg) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)


def figure_concentration(shares: pd.DataFrame, year: int | None = None) -> plt.Figure:
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
        fig, ax = plt.subplots(figsize=(7.5, 5.6))
        what = "Official share of national researchers (BNS" + (f", {year})" if year else ")")
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
            s=36,
            color=OKABE_ITO[7],
            edgecolor="white",
            linewidth=0.6,
            zorder=3,
            label="Share stated in the paper's text",
        )
        ax.set_yticks(range(len(regions)), [_short(r) for r in regions], fontsize=8)
        ax.set_ylim(len(regions) - 0.4, -0.6)
        ax.set_xlim(
            0,
            max(
                shares.loc[shares["basis"].isin(["official", "paper_text"]), "share_pct"].max()
                * 1.08,
                1,
            ),
        )
        ax.set_xlabel("Share of the national number of researchers (%)")
        handles, names = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], names[::-1], frameon=False, fontsize=7.5, loc="lower right")
        ax.set_title("Territorial concentration of researchers", loc="left", fontsize=10)
        fig.subplots_adjust(left=0.2, bottom=0.14, right=0.97, top=0.93)
        _source_line(
            fig,
            "Sources: BNS, Main indicators of R&D"
            + (f" {year}" if year else "")
            + ", sheet 36 (researchers, persons; share of the national total); "
            "diamonds: shares stated in the paper's text, denominator not stated.",
        )
        return fig


def label_positions(points: pd.DataFrame, min_gap_frac: float = 0.045) -> list[float]:
    """Label heights that do not overlap among points sharing (nearly) the same x.

    Within each group of points closer than 1 x unit, labels are placed in y order at least
    ``min_gap_frac`` of the y range apart, starting at the lowest point.
    """
    span = float(points["y"].max() - points["y"].min()) or 1.0
    gap = span * min_gap_frac
    order = points.assign(_i=range(len(points))).sort_values(["x", "y"])
    out = dict.fromkeys(range(len(points)), 0.0)
    groups = (order["x"].diff().fillna(0) >= 1).cumsum()
    for _, g in order.groupby(groups):
        last = -np.inf
        for i, y in zip(g["_i"], g["y"], strict=True):
            last = max(float(y), last + gap)
            out[i] = last
    return [out[i] for i in range(len(points))]


def figure_correlation(
    points: pd.DataFrame, stats_row: pd.Series, x_label: str, y_label: str, note: str
) -> plt.Figure:
    """Scatter with the OLS line; the right panel zooms into the crowded lower-left corner."""
    with plt.rc_context(STYLE):
        fig, (ax, zoom) = plt.subplots(
            1, 2, figsize=(8.5, 5.2), gridspec_kw={"width_ratios": [1, 1.25]}
        )
        x_max = max(9.0, float(points["x"].quantile(0.8)) + 1)
        y_max = float(points.loc[points["x"] <= x_max, "y"].max()) * 1.12
        inside = (points["x"] <= x_max) & (points["y"] <= y_max)
        xs = np.linspace(0, points["x"].max(), 50)
        fit = stats_row["ols_intercept"] + stats_row["ols_slope"] * xs
        for a, pts in ((ax, points), (zoom, points[inside])):
            a.scatter(pts["x"], pts["y"], s=22, color=OKABE_ITO[0], zorder=3)
            a.plot(
                xs,
                fit,
                color=OKABE_ITO[5],
                lw=1.2,
                label=f"OLS: slope {stats_row['ols_slope']:.1f} (HC3 SE {stats_row['ols_slope_se_hc3']:.1f})",
            )
            a.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.add_patch(
            matplotlib.patches.Rectangle(
                (0, 0), x_max, y_max, fill=False, ls=":", lw=0.8, color="#555555"
            )
        )
        outer = [
            ax.annotate(
                _short(r.region),
                (r.x, r.y),
                xytext=(-4, 4),
                textcoords="offset points",
                fontsize=7,
                ha="right",
            )
            for r in points[~inside].itertuples()
        ]
        zoom.set_xlim(0, x_max)
        zoom.set_ylim(0, y_max)
        zoom.set_title("Detail of the dotted box", fontsize=8, loc="left")
        sub = points[inside].reset_index(drop=True)
        inner = [
            zoom.annotate(
                _short(r.region),
                (r.x, r.y),
                xytext=(r.x + 0.15, y_text),
                textcoords="data",
                fontsize=6.5,
                va="center",
                ha="left",
                arrowprops=dict(arrowstyle="-", lw=0.4, color="#999999"),
            )
            for r, y_text in zip(sub.itertuples(), label_positions(sub), strict=True)
        ]
        txt = (
            f"Spearman ρ = {stats_row['spearman_rho']:.2f} [{stats_row['spearman_ci_low']:.2f}, {stats_row['spearman_ci_high']:.2f}]\n"
            f"Pearson r = {stats_row['pearson_r']:.2f} [{stats_row['pearson_ci_low']:.2f}, {stats_row['pearson_ci_high']:.2f}]\n"
            f"n = {int(stats_row['n'])} regions; Fisher-z 95% intervals;\nBCa and r without the two cities: see the table"
        )
        ax.text(0.03, 0.97, txt, transform=ax.transAxes, va="top", fontsize=7.5)
        ax.legend(frameon=False, fontsize=7, loc="lower right")
        fig.suptitle(
            "Universities and "
            + ("the proxy for " if bool(stats_row["y_is_proxy"]) else "")
            + "technical-sector employment, by region",
            x=0.01,
            ha="left",
            fontsize=10,
        )
        fig.subplots_adjust(left=0.09, bottom=0.2, right=0.98, top=0.9, wspace=0.2)
        _source_line(fig, note)
        # Point labels inside their panel: the limits widen until every label fits (the zoom keeps
        # only the points of the dotted box, so a wider view adds room for labels, not points).
        fit_texts(ax, outer)
        fit_texts(zoom, inner)
        return fig


def _short(name: str) -> str:
    """A region's name without " Region", except where the short form would read as a city beside
    it ("Almaty" for Almaty Region, next to Almaty city)."""
    short = name.replace(" Region", "")
    return name if short == "Almaty" else short


def _border_year(tr: pd.DataFrame) -> int | None:
    """The first year in which a region's same-territory value differs from the published one (the
    border change the recombination undoes), or None."""
    w = tr.pivot_table(index=["indicator", "kato", "year"], columns="territory", values="value")
    if "pre2022" not in w or "current" not in w:
        return None
    diff = w[(w["pre2022"] - w["current"]).abs() > 1e-12]
    return int(diff.index.get_level_values("year").min()) if len(diff) else None


def figure_trends(tr: pd.DataFrame, labels: dict[str, str]) -> plt.Figure:
    border = _border_year(tr)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(8.5, 4.6))
        for ax, ind in zip(
            axes, ["rd_expenditure_pct_grp", "researchers_per_million"], strict=True
        ):
            sub = tr[tr["indicator"] == ind]
            for i, (kato, g) in enumerate(sub.groupby("kato", sort=True)):
                color = "#000000" if kato == NATIONAL else OKABE_ITO[i % len(OKABE_ITO)]
                cur = g[g["territory"] == "current"].sort_values("year")
                name = cur["region"].iloc[0]
                ax.plot(cur["year"], cur["value"], marker="o", ms=3, color=color, label=f"{name}")
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
                        label=f"{name}, territory before {border}",
                    )
            if border:
                ax.axvline(
                    border - 0.5,
                    color="#888888",
                    lw=0.8,
                    ls=":",
                    label=f"Regions redrawn in {border}",
                )
            ax.set_title(labels[ind], loc="left", fontsize=9)
            ax.set_xlabel("Year")
            ax.set_ylim(bottom=0)
        # One legend for both panels (they share their series), in space reserved below the axes.
        handles = {}
        for ax in axes:
            for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(lab, h)
        fig.legend(
            handles.values(),
            handles.keys(),
            frameon=False,
            fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.2),
            ncol=3,
        )
        fig.subplots_adjust(left=0.07, bottom=0.3, right=0.97, top=0.92, wspace=0.25)
        _source_line(
            fig,
            "Source: BNS via the national SDG platform, indicators 9-5-1 and 9-5-2, 2010-2023. "
            f"Dashed: the region split off in {border} recombined (weighted by GRP for 9-5-1, population for 9-5-2; BNS).",
        )
        return fig


def figure_digital(cs: pd.DataFrame, year: int) -> plt.Figure:
    with plt.rc_context(STYLE):
        regions = cs[cs["kato"] != NATIONAL].sort_values("internet_users_pct")
        fig, axes = plt.subplots(1, 2, figsize=(8.5, 5.2), sharey=True)
        y = np.arange(len(regions))
        names = regions["region"].map(_short)
        axes[0].barh(y, regions["internet_users_pct"], color=OKABE_ITO[0])
        nat = cs.loc[cs["kato"] == NATIONAL, "internet_users_pct"]
        if len(nat) and pd.notna(nat.iloc[0]):
            axes[0].axvline(
                nat.iloc[0],
                color="#000000",
                lw=0.8,
                ls="--",
                label=f"Kazakhstan {nat.iloc[0]:.1f}%",
            )
            axes[0].legend(
                frameon=False,
                fontsize=7,
                loc="lower left",
                bbox_to_anchor=(0, 1.0),
                borderaxespad=0.2,
            )
        axes[0].set_yticks(y, names)
        axes[0].set_xlim(0, 100)  # bars start at zero: no truncated axis
        axes[0].set_xlabel("Individuals using the Internet (% of population)")
        h = 0.27
        for i, s in enumerate(["1a", "1b", "1c"]):
            axes[1].barh(
                y + (i - 1) * h,
                regions[f"broadband_{s}_per_100"],
                height=h,
                color=OKABE_ITO[i + 1],
                label=f"Series {s.upper()}",
            )
        axes[1].set_xlim(left=0)
        axes[1].set_xlabel("Fixed broadband subscriptions per 100 inhabitants")
        axes[1].legend(
            frameon=False,
            fontsize=7,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncol=3,
            borderaxespad=0.2,
        )
        fig.suptitle(
            f"Digital infrastructure by region, {year} (official series, not the paper's TVET indicators)",
            x=0.01,
            ha="left",
            fontsize=10,
        )
        fig.subplots_adjust(left=0.18, bottom=0.16, right=0.97, top=0.87, wspace=0.12)
        _source_line(
            fig,
            "Sources: BNS via SDG platform, indicators 17-8-1 and 17-6-2 (series codes as published; "
            "their labels are not in the published files); BNS population on 1 January 2023.",
        )
        return fig


OVER_TIME_SERIES = {
    # variable of the over-time table -> (label, colour); the 2022 bulletin markers reuse the colours
    "rd_expenditure_sdg_x_grp": ("R&D expenditure (SDG 9-5-1 × GRP)", OKABE_ITO[0]),
    "researchers_sdg_x_population": (
        "Researchers, FTE (SDG 9-5-2 × implied population)",
        OKABE_ITO[1],
    ),
}
BULLETIN_COLOURS = {
    "rd_internal_expenditure": OKABE_ITO[0],
    "researchers": OKABE_ITO[1],
    "enterprises_rd": OKABE_ITO[2],
}


def figure_concentration_time(over_time: pd.DataFrame, bulletin: pd.DataFrame) -> plt.Figure:
    """CR2 and normalised HHI over time (SDG-based), with the bulletin's values as markers; a dotted
    line where the regional base changes (column base_change)."""
    changes = sorted(
        int(y)
        for y in over_time.loc[
            over_time.get("base_change", pd.Series(False, index=over_time.index)).astype(bool),
            "year",
        ].unique()
    )
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(8.5, 3.9))
        for ax, col, label in zip(
            axes,
            ["cr2", "hhi_normalised"],
            ["CR2: two largest regional shares (%)", "Normalised HHI (0-1)"],
            strict=True,
        ):
            for var, (name, colour) in OVER_TIME_SERIES.items():
                series = over_time[(over_time["variable"] == var) & (over_time["status"] == "ok")]
                ax.plot(series["year"], series[col], marker="o", ms=3, color=colour, label=name)
            for r in bulletin.itertuples():
                ax.scatter([r.year], [getattr(r, col)], marker="D", s=28, zorder=3,
                           color=BULLETIN_COLOURS.get(r.variable, OKABE_ITO[7]),
                           edgecolor="black", linewidth=0.5,
                           label=f"{humanise(r.variable, BULLETIN_LABELS)}, BNS bulletin {r.year}")  # fmt: skip
            for y in changes:
                ax.axvline(y - 0.5, color="#888888", lw=0.8, ls=":")
            ax.set_title(label, loc="left", fontsize=9)
            ax.set_xlabel("Year")
        axes[0].legend(
            frameon=False, fontsize=6.5, loc="upper center", bbox_to_anchor=(1.1, -0.17), ncol=3
        )
        fig.subplots_adjust(left=0.07, bottom=0.32, right=0.99, top=0.9, wspace=0.25)
        changes_text = ", ".join(str(y) for y in changes)
        years = ", ".join(str(int(y)) for y in sorted(bulletin["year"].unique()))
        _source_line(fig, "Sources: BNS via SDG platform (9-5-1, 9-5-2), BNS GRP and GRP per capita by region; "
                          f"BNS R&D bulletin {years}." + (f" Dotted line: the regional base changes ({changes_text})." if changes else ""))  # fmt: skip
        return fig


def figure_index(
    normalised: pd.DataFrame,
    scores: pd.DataFrame,
    blocks: dict[str, str] | None = None,
    indicator_labels: dict[str, str] | None = None,
) -> plt.Figure:
    """2019 study: heatmap of the normalised indicators (regions by rank) and the index by block.

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
        fig, (ax, bx) = plt.subplots(
            1, 2, figsize=(9.0, 5.6), gridspec_kw={"width_ratios": [1.5, 1]}, sharey=True
        )
        im = ax.imshow(wide.to_numpy(), aspect="auto", cmap="cividis", vmin=0, vmax=100)
        ax.set_xticks(
            range(wide.shape[1]),
            [humanise(c, indicator_labels) for c in wide.columns],
            rotation=40,
            ha="right",
            fontsize=7,
        )
        y = np.arange(len(order))
        ax.set_yticks(
            y,
            [
                f"{r} {n.replace(' Region', '')}"
                for r, n in zip(order["rank"], order["region"], strict=True)
            ],
            fontsize=7,
        )
        fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02).set_label(
            "Normalised value (0-100)", fontsize=7
        )
        block_cols = [c for c in order.columns if c.startswith("block_")]
        h = 0.8 / len(block_cols)
        for i, b in enumerate(block_cols):
            bx.barh(
                y + (i - (len(block_cols) - 1) / 2) * h,
                order[b],
                height=h,
                color=OKABE_ITO[i],
                label=f"Block {b[6:]}" + (f": {blocks[b[6:]]}" if b[6:] in blocks else ""),
            )
        bx.plot(order["index"], y, "k|", ms=9, label="Index")
        bx.set_xlabel("Sub-index and index (0-100)")
        bx.legend(frameon=False, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13))
        fig.suptitle(
            "Regional innovation index, a reconstruction of Mussabalina & Kireyeva (2019)",
            x=0.01,
            ha="left",
            fontsize=10,
        )
        fig.subplots_adjust(left=0.2, bottom=0.27, right=0.98, top=0.93, wspace=0.35)
        _source_line(fig, "Sources: BNS R&D and innovation bulletins 2022, GRP, population, higher education; SDG 17-8-1. "
                          "Method: resources/index_framework.yaml (min-max, equal weights, arithmetic mean).")  # fmt: skip
        return fig


def cluster_colour(k: int) -> str:
    """Colour of cluster ``k`` (1-based) in every figure."""
    return OKABE_ITO[(int(k) - 1) % len(OKABE_ITO)]


def _cluster_handles(clusters, marker: str = "s", **kw) -> list:
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], marker=marker, color=cluster_colour(k), label=f"Cluster {k}", **kw)
        for k in sorted({int(c) for c in clusters})
    ]


def figure_dendrogram(linkage_table: pd.DataFrame, members: pd.DataFrame) -> plt.Figure:
    """Ward dendrogram; links coloured by Ward cluster, squares under the leaves by k-means cluster."""
    from matplotlib.lines import Line2D
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
        fig, ax = plt.subplots(figsize=(8.5, 4.6))
        labels = [_short(name) for name in members["region"]]
        d = dendrogram(z, labels=labels, ax=ax, leaf_rotation=60, leaf_font_size=7,
                       link_color_func=link_colour)  # fmt: skip
        # k-means membership under each leaf, in the leaf order of the dendrogram
        km = members["kmeans"].astype(int).to_numpy()[d["leaves"]]
        xs = 5 + 10 * np.arange(n)
        ax.scatter(xs, np.zeros(n), marker="s", s=30, c=[cluster_colour(k) for k in km],
                   edgecolor="black", linewidth=0.4, zorder=4, clip_on=False)  # fmt: skip
        ax.set_ylim(0, float(z[:, 2].max()) * 1.5)  # headroom for the legends above the top link
        ax.set_ylabel("Ward distance (z-scored indicators)")
        ax.set_title("Ward clustering of the regions", loc="left", fontsize=10)
        k_ward = len(set(ward.tolist()))
        links = _cluster_handles(ward, marker="", lw=2)
        if any(len(c) > 1 for c in under.values()):
            links.append(Line2D([], [], color="#555555", lw=2, label="Link joining clusters"))
        ax.add_artist(
            ax.legend(
                handles=links,
                title=f"Links: Ward, cut at {k_ward} clusters",
                frameon=False,
                fontsize=7,
                title_fontsize=7,
                loc="upper right",
                alignment="left",
            )
        )
        squares = _cluster_handles(km, ls="", ms=6, markeredgecolor="black", markeredgewidth=0.4)
        ax.legend(handles=squares, title="Squares: k-means, as on the map", frameon=False,
                  fontsize=7, title_fontsize=7, loc="upper right", bbox_to_anchor=(0.72, 1.0),
                  alignment="left")  # fmt: skip
        fig.subplots_adjust(left=0.08, bottom=0.3, right=0.98, top=0.92)
        _source_line(
            fig,
            "Same indicators as the index (z-scored); k-means clusters and their stability in the report's table.",
        )
        return fig


def figure_rank_bands(bands: pd.DataFrame, named: set[str]) -> plt.Figure:
    """Nominal rank, median and 5-95% band of each region over the Monte Carlo replications."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    with plt.rc_context(STYLE):
        b = bands.sort_values("nominal_rank")
        fig, ax = plt.subplots(figsize=(7.5, 5.2))
        y = np.arange(len(b))
        colors = [OKABE_ITO[5] if k in named else OKABE_ITO[0] for k in b["kato"]]
        ax.hlines(y, b["p05_rank"], b["p95_rank"], color=colors, lw=3, alpha=0.6)
        ax.scatter(b["median_rank"], y, color=colors, s=18, zorder=3)
        ax.scatter(b["nominal_rank"], y, marker="|", color="#000000", s=80, zorder=4)
        ax.set_yticks(y, [_short(n) for n in b["region"]], fontsize=7)
        ax.invert_yaxis()
        n = len(b)
        ax.set_xlim(0.5, n + 0.5)
        if n <= 25:
            ax.set_xticks(np.arange(1, n + 1))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Rank (1 = highest)")
        handles = [
            Line2D(
                [],
                [],
                color=OKABE_ITO[5],
                lw=3,
                alpha=0.6,
                label="Named by the 2019 study: 5-95% band",
            ),
            Line2D([], [], color=OKABE_ITO[0], lw=3, alpha=0.6, label="Not named: 5-95% band"),
            Line2D([], [], color="#555555", marker="o", ls="", ms=4, label="Median rank"),
            Line2D([], [], color="#000000", marker="|", ls="", ms=9, label="Nominal rank"),
        ]
        ax.legend(handles=handles, frameon=False, fontsize=7, loc="upper right")
        ax.set_title("Rank bands of the reconstructed index", loc="left", fontsize=10)
        fig.subplots_adjust(left=0.2, bottom=0.15, right=0.97, top=0.93)
        _source_line(fig, f"Monte Carlo over normalisation, weights (Dirichlet), aggregation and one dropped indicator; "
                          f"{int(b['replications'].iloc[0]):,} replications; bands span 5-95% of them.")  # fmt: skip
        return fig


def _map_panels(title: str) -> tuple[plt.Figure, np.ndarray]:
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.4))
    for ax in axes:
        ax.set_axis_off()
        ax.set_aspect("equal")
    fig.suptitle(title, x=0.01, ha="left", fontsize=10)
    return fig, axes


def _cluster_colors(members: pd.DataFrame) -> dict[str, str]:
    return {k: cluster_colour(c) for k, c in zip(members["kato"], members["kmeans"], strict=True)}


MISSING = "#dddddd"


def _map_keys(
    fig: plt.Figure, ax: plt.Axes, bx: plt.Axes, members: pd.DataFrame, cmap, norm, grey: bool
) -> None:
    """Colorbar (labelled) for the index panel; a legend naming every cluster colour on the other."""
    from matplotlib.patches import Patch

    fig.colorbar(
        matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.04
    ).set_label("Reconstructed index (0-100 scale)", fontsize=7)
    handles = [
        Patch(facecolor=cluster_colour(k), label=f"Cluster {k}")
        for k in sorted({int(c) for c in members["kmeans"]})
    ]
    if grey:
        handles.append(Patch(facecolor=MISSING, label="No cluster (no data)"))
    bx.legend(handles=handles, title="k-means cluster", title_fontsize=7, fontsize=7, frameon=False,
              loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=len(handles), alignment="left")  # fmt: skip


def figure_tile_map(scores: pd.DataFrame, members: pd.DataFrame, tiles: pd.DataFrame) -> plt.Figure:
    """Offline map: the 20 regions as tiles laid out by their relative geography."""
    with plt.rc_context(STYLE):
        fig, (ax, bx) = _map_panels(
            "The regions by index and by cluster (tile-grid map: this run draws no boundaries)"
        )
        idx = scores.set_index("kato")["index"]
        cmap = matplotlib.colormaps["cividis"]
        norm = matplotlib.colors.Normalize(idx.min(), idx.max())
        colors = _cluster_colors(members)
        for t in tiles.itertuples():
            for axis, color in (
                (ax, cmap(norm(idx.get(t.kato, np.nan)))),
                (bx, colors.get(t.kato, MISSING)),
            ):
                axis.add_patch(
                    matplotlib.patches.Rectangle((t.col, -t.row), 0.95, 0.95, color=color)
                )
                axis.text(t.col + 0.47, -t.row + 0.47, t.abbr, ha="center", va="center", fontsize=7,
                          color="white" if axis is ax and norm(idx.get(t.kato, 0)) < 0.5 else "black")  # fmt: skip
        for axis in (ax, bx):
            axis.set_xlim(-0.2, tiles["col"].max() + 1.2)
            axis.set_ylim(-tiles["row"].max() - 0.2, 1.2)
        _map_keys(fig, ax, bx, members, cmap, norm, grey=not set(tiles["kato"]) <= set(colors))
        ax.set_title("Reconstructed index", fontsize=9, loc="left")
        bx.set_title("k-means cluster", fontsize=9, loc="left")
        fig.subplots_adjust(left=0.02, bottom=0.18, right=0.98, top=0.86, wspace=0.22)
        _source_line(
            fig,
            "Tiles: resources/tilegrid.csv (relative geography, not boundaries). The report lists the abbreviations.",
        )
        return fig


def figure_boundary_map(
    scores: pd.DataFrame, members: pd.DataFrame, shapefile: str | Path, attribution: str
) -> plt.Figure:
    """The regions from a boundary shapefile with a KATO field (e.g. geokz, CC BY 4.0)."""
    import shapefile as pyshp  # pyshp

    with plt.rc_context(STYLE):
        fig, (ax, bx) = _map_panels("The regions by index and by cluster")
        idx = scores.set_index("kato")["index"]
        cmap = matplotlib.colormaps["cividis"]
        norm = matplotlib.colors.Normalize(idx.min(), idx.max())
        colors = _cluster_colors(members)
        reader = pyshp.Reader(str(shapefile), encoding="utf-8")
        fields = [f[0] for f in reader.fields[1:]]
        drawn = set()
        for rec, shp in zip(reader.iterRecords(), reader.iterShapes(), strict=True):
            kato = str(rec[fields.index("KATO")])
            drawn.add(kato)
            parts = [*shp.parts, len(shp.points)]
            for a, b in itertools.pairwise(parts):
                pts = np.asarray(shp.points[a:b])
                ax.add_patch(
                    matplotlib.patches.Polygon(
                        pts,
                        closed=True,
                        facecolor=cmap(norm(idx.get(kato, np.nan))),
                        edgecolor="white",
                        lw=0.3,
                    )
                )
                bx.add_patch(
                    matplotlib.patches.Polygon(
                        pts,
                        closed=True,
                        facecolor=colors.get(kato, MISSING),
                        edgecolor="white",
                        lw=0.3,
                    )
                )
        # Units too small to see at this scale (the cities) get a marker in their colour and a label,
        # put to the left when another such unit lies close to the east.
        width = reader.bbox[2] - reader.bbox[0]
        small = []
        for rec, shp in zip(reader.iterRecords(), reader.iterShapes(), strict=True):
            x0, y0, x1, y1 = shp.bbox
            if max(x1 - x0, y1 - y0) <= 0.03 * width:
                name = str(rec[fields.index("ADM1_EN")]) if "ADM1_EN" in fields else ""
                name = name.replace("(city)", "").replace(" city", "").strip()
                small.append(((x0 + x1) / 2, (y0 + y1) / 2, str(rec[fields.index("KATO")]), name))
        small.sort()
        halo = [matplotlib.patheffects.withStroke(linewidth=2, foreground="white")]
        for i, (cx, cy, kato, name) in enumerate(small):
            crowded = any(0 < ox - cx < 0.12 * width for ox, *_ in small[i + 1 :])
            for axis, colour in (
                (ax, cmap(norm(idx.get(kato, np.nan)))),
                (bx, colors.get(kato, MISSING)),
            ):
                axis.scatter(
                    [cx], [cy], s=45, color=colour, edgecolor="black", linewidth=0.6, zorder=4
                )
                axis.annotate(name or kato, (cx, cy), xytext=(-5 if crowded else 5, 3),
                              textcoords="offset points", fontsize=6.5, zorder=5,
                              ha="right" if crowded else "left", path_effects=halo)  # fmt: skip
        for axis in (ax, bx):
            axis.set_xlim(reader.bbox[0], reader.bbox[2])
            axis.set_ylim(reader.bbox[1], reader.bbox[3])
        _map_keys(fig, ax, bx, members, cmap, norm, grey=not drawn <= set(colors))
        ax.set_title("Reconstructed index", fontsize=9, loc="left")
        bx.set_title("k-means cluster", fontsize=9, loc="left")
        fig.subplots_adjust(left=0.02, bottom=0.18, right=0.98, top=0.86, wspace=0.22)
        _source_line(fig, f"Boundaries: {attribution}")
        return fig


# verdict -> (colour, hatch, short label): Okabe-Ito colours and a hatch, so that the verdicts are
# told apart in colour, by colour-blind readers and in black-and-white print; each segment also
# carries its count as text
VERDICT_STYLE = {
    "consistent": ("#009E73", "", "consistent"),
    "partly consistent": ("#E69F00", "//", "partly consistent"),
    "inconsistent with official statistics": ("#D55E00", "xx", "inconsistent"),
    "reproduced": ("#0072B2", "", "reproduced"),
    "not reproduced": ("#CC79A7", "xx", "not reproduced"),
    "not checked offline: proxy only": ("#56B4E9", "..", "proxy only"),
    "not checkable with published data": ("#DDDDDD", "", "not checkable"),
}


def figure_multiverse(mv: pd.DataFrame, verdicts: pd.DataFrame) -> plt.Figure:
    """The whole multiverse: one bar per claim (in the order of the verdict table), split by the
    verdicts of its specifications, each part labelled with its count; the published verdict at the
    right."""
    rows = verdicts[~verdicts["verdict"].eq("not checkable with published data")].reset_index(
        drop=True
    )
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.2, 0.21 * len(rows) + 0.9))
        for i, r in rows.iterrows():
            g = mv[mv["claim_id"] == r["claim_id"]]
            counts = g["verdict"].value_counts()
            left = 0.0
            for verdict, (colour, hatch, _short) in VERDICT_STYLE.items():
                k = int(counts.get(verdict, 0))
                if not k:
                    continue
                w = k / len(g)
                ax.barh(
                    i,
                    w,
                    left=left,
                    color=colour,
                    hatch=hatch,
                    edgecolor="#333333",
                    lw=0.4,
                    height=0.72,
                )
                if w > 0.05:
                    ax.text(left + w / 2, i, f"{k}", ha="center", va="center", fontsize=7,
                            color="#000000", bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))  # fmt: skip
                left += w
            word = "robust" if r["robust"] else "depends"
            undecided = int(counts.get("not checkable with published data", 0))
            total = f"{len(g) - undecided}; {undecided} undecided" if undecided else f"{len(g)}"
            ax.text(1.01, i, f"{word} ({total})", ha="left", va="center", fontsize=7)
        ax.set_yticks(range(len(rows)), [_wrap(t, 44) for t in rows["title"]], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "25%", "50%", "75%", "100%"], fontsize=7)
        ax.set_xlabel(
            "Share of the claim's specifications giving each verdict (count in each part; total at the right)",
            fontsize=7,
        )
        seen = [v for v in VERDICT_STYLE if (mv["verdict"] == v).any()]
        handles = [matplotlib.patches.Patch(facecolor=VERDICT_STYLE[v][0], hatch=VERDICT_STYLE[v][1], edgecolor="#333333", lw=0.4,
                                            label=VERDICT_STYLE[v][2]) for v in seen]  # fmt: skip
        fig.legend(
            handles=handles,
            loc="upper center",
            ncol=len(handles),
            frameon=False,
            fontsize=7,
            bbox_to_anchor=(0.55, 1.0),
        )
        fig.subplots_adjust(
            left=0.36,
            right=0.88,
            top=1 - 0.45 / fig.get_figheight(),
            bottom=0.75 / fig.get_figheight(),
        )
        return fig


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:2])
