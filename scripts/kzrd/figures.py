"""Publication figures. Each function takes analysis tables and returns a matplotlib Figure."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.patheffects
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kzrd.io import atomic_path
from kzrd.regions import NATIONAL

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
BASIS_LABELS = {
    "paper_table1": "Paper Table 1 (share of the 5 listed regions)",
    "paper_table2": "Paper Table 2 (share of the 8 listed regions)",
    "paper_text": "Paper text on Figure 1 (stated shares)",
    "official": "Official: BNS researchers (persons), 2022 (share of national)",
}


def _source_line(fig: plt.Figure, text: str) -> None:
    fig.text(0.01, 0.01, text, fontsize=7, color="#444444", ha="left", va="bottom", wrap=True)


def save(fig: plt.Figure, svg: str | Path, png: str | Path, dpi: int) -> None:
    """SVG and PNG without dates or software stamps, so reruns give the same bytes."""
    with plt.rc_context(STYLE), atomic_path(svg) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)


def figure_concentration(shares: pd.DataFrame) -> plt.Figure:
    with plt.rc_context(STYLE):
        regions = shares[shares["basis"] != "official"]["region"].drop_duplicates().tolist()
        official = shares[shares["basis"] == "official"].sort_values("share_pct", ascending=False)
        for r in official["region"].head(5):
            if r not in regions:
                regions.append(r)
        bases = list(BASIS_LABELS)
        fig, ax = plt.subplots(figsize=(7.5, 4.8))
        h = 0.8 / len(bases)
        y = np.arange(len(regions))
        for i, b in enumerate(bases):
            s = shares[shares["basis"] == b].set_index("region")["share_pct"].reindex(regions)
            ax.barh(
                y + (i - (len(bases) - 1) / 2) * h,
                s.to_numpy(),
                height=h,
                label=BASIS_LABELS[b],
                color=OKABE_ITO[i],
            )
        ax.set_yticks(y, regions)
        ax.invert_yaxis()
        ax.set_xlabel("Share of researchers (%)")
        ax.legend(frameon=False, fontsize=7, loc="lower right")
        ax.set_title("Territorial concentration of research activity", loc="left", fontsize=10)
        fig.subplots_adjust(left=0.22, bottom=0.17, right=0.98, top=0.93)
        _source_line(
            fig,
            "Sources: paper (seed 000) Tables 1-2 and text; BNS, Main indicators of R&D 2022, sheet 36. "
            "Missing bar: the basis gives no value for that region.",
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
        for a in (ax, zoom):
            a.scatter(points["x"], points["y"], s=22, color=OKABE_ITO[0], zorder=3)
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
        for r in points[~inside].itertuples():
            ax.annotate(
                _short(r.region),
                (r.x, r.y),
                xytext=(-4, 4),
                textcoords="offset points",
                fontsize=7,
                ha="right",
            )
        zoom.set_xlim(0, x_max)
        zoom.set_ylim(0, y_max)
        zoom.set_title("Detail of the dotted box", fontsize=8, loc="left")
        sub = points[inside].reset_index(drop=True)
        for r, y_text in zip(sub.itertuples(), label_positions(sub), strict=True):
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
        txt = (
            f"Pearson r = {stats_row['pearson_r']:.2f} [{stats_row['pearson_ci_low']:.2f}, {stats_row['pearson_ci_high']:.2f}]\n"
            f"Spearman ρ = {stats_row['spearman_rho']:.2f} [{stats_row['spearman_ci_low']:.2f}, {stats_row['spearman_ci_high']:.2f}]\n"
            f"n = {int(stats_row['n'])} regions; 95% CIs"
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
        _source_line(
            fig,
            note,
        )
        return fig


def _short(name: str) -> str:
    return name.replace(" Region", "")


def figure_trends(tr: pd.DataFrame, labels: dict[str, str]) -> plt.Figure:
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
                pre = g[(g["territory"] == "pre2022") & (g["year"] >= 2021)].sort_values("year")
                if kato != NATIONAL and pre["value"].notna().sum() > 1:
                    ax.plot(
                        pre["year"],
                        pre["value"],
                        ls="--",
                        color=color,
                        lw=1,
                        label=f"{name}, pre-2022 territory",
                    )
            ax.axvline(2021.5, color="#888888", lw=0.8, ls=":")
            ax.text(
                2021.6,
                ax.get_ylim()[1],
                "2022: new regions",
                fontsize=6.5,
                va="top",
                color="#555555",
            )
            ax.set_title(labels[ind], loc="left", fontsize=9)
            ax.set_xlabel("Year")
            ax.set_ylim(bottom=0)
        for ax in axes:
            ax.legend(
                frameon=False, fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2
            )
        fig.subplots_adjust(left=0.07, bottom=0.33, right=0.99, top=0.92, wspace=0.25)
        _source_line(
            fig,
            "Source: BNS via the national SDG platform, indicators 9-5-1 and 9-5-2, 2010-2023. "
            "Dashed: the 2022 split-off region recombined (weighted by GRP for 9-5-1, population for 9-5-2; BNS).",
        )
        return fig


def figure_digital(cs: pd.DataFrame, year: int) -> plt.Figure:
    with plt.rc_context(STYLE):
        regions = cs[cs["kato"] != NATIONAL].sort_values("internet_users_pct")
        fig, axes = plt.subplots(1, 2, figsize=(8.5, 5.2), sharey=True)
        y = np.arange(len(regions))
        names = regions["region"].str.replace(" Region", "", regex=False)
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
            axes[0].legend(frameon=False, fontsize=7, loc="lower right")
        axes[0].set_yticks(y, names)
        axes[0].set_xlim(80, 100)
        axes[0].set_xlabel("Individuals using the Internet (% of population)")
        h = 0.27
        for i, s in enumerate(["1a", "1b", "1c"]):
            axes[1].barh(
                y + (i - 1) * h,
                regions[f"broadband_{s}_per_100"],
                height=h,
                color=OKABE_ITO[i + 1],
                label=f"series {s.upper()}",
            )
        axes[1].set_xlabel("Fixed broadband subscriptions per 100 inhabitants")
        axes[1].legend(frameon=False, fontsize=7, loc="lower right")
        fig.suptitle(
            f"Digital infrastructure by region, {year} (official series, not the paper's TVET indicators)",
            x=0.01,
            ha="left",
            fontsize=10,
        )
        fig.subplots_adjust(left=0.18, bottom=0.16, right=0.98, top=0.92, wspace=0.08)
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
    """CR2 and normalised HHI over time (SDG-based), with the 2022 bulletin values as markers."""
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
                           label=f"{r.variable.replace('_', ' ')} (BNS bulletin)")  # fmt: skip
            ax.axvline(2021.5, color="#888888", lw=0.8, ls=":")
            ax.set_title(label, loc="left", fontsize=9)
            ax.set_xlabel("Year")
        axes[0].legend(
            frameon=False, fontsize=6.5, loc="upper center", bbox_to_anchor=(1.1, -0.17), ncol=3
        )
        fig.subplots_adjust(left=0.07, bottom=0.32, right=0.99, top=0.9, wspace=0.25)
        _source_line(fig, "Sources: BNS via SDG platform (9-5-1, 9-5-2), BNS GRP and GRP per capita by region; "
                          "BNS R&D bulletin 2022. Dotted line: regional base changes (three new regions in 2022).")  # fmt: skip
        return fig


def figure_index(normalised: pd.DataFrame, scores: pd.DataFrame) -> plt.Figure:
    """2019 study: heatmap of the normalised indicators (regions by rank) and the index by block."""
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
            [c.replace("_", " ") for c in wide.columns],
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
        blocks = [c for c in order.columns if c.startswith("block_")]
        h = 0.8 / len(blocks)
        for i, b in enumerate(blocks):
            bx.barh(
                y + (i - (len(blocks) - 1) / 2) * h,
                order[b],
                height=h,
                color=OKABE_ITO[i],
                label=f"block {b[6:]}",
            )
        bx.plot(order["index"], y, "k|", ms=9, label="index")
        bx.set_xlabel("Sub-index and index (0-100)")
        bx.legend(frameon=False, fontsize=7, loc="lower right")
        fig.suptitle(
            "Regional innovation index, a reconstruction of Mussabalina & Kireyeva (2019)",
            x=0.01,
            ha="left",
            fontsize=10,
        )
        fig.subplots_adjust(left=0.2, bottom=0.2, right=0.98, top=0.93, wspace=0.35)
        _source_line(fig, "Sources: BNS R&D and innovation bulletins 2022, GRP, population, higher education; SDG 17-8-1. "
                          "Method: resources/index_framework.yaml (min-max, equal weights, arithmetic mean).")  # fmt: skip
        return fig


def figure_dendrogram(linkage_table: pd.DataFrame, members: pd.DataFrame) -> plt.Figure:
    from scipy.cluster.hierarchy import dendrogram

    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 4.2))
        labels = [n.replace(" Region", "") for n in members["region"]]
        dendrogram(linkage_table[["left", "right", "distance", "size"]].to_numpy(), labels=labels, ax=ax,
                   leaf_rotation=60, leaf_font_size=7, color_threshold=None, above_threshold_color="#555555")  # fmt: skip
        ax.set_ylabel("Ward distance (z-scored indicators)")
        ax.set_title("Ward clustering of the regions", loc="left", fontsize=10)
        fig.subplots_adjust(left=0.08, bottom=0.3, right=0.99, top=0.92)
        _source_line(
            fig,
            "Same indicators as the index (z-scored); k-means clusters and their stability in the report's table.",
        )
        return fig


def figure_rank_bands(bands: pd.DataFrame, named: set[str]) -> plt.Figure:
    """Nominal rank, median and 5-95% band of each region over the Monte Carlo replications."""
    with plt.rc_context(STYLE):
        b = bands.sort_values("nominal_rank")
        fig, ax = plt.subplots(figsize=(7.5, 5.2))
        y = np.arange(len(b))
        colors = [OKABE_ITO[5] if k in named else OKABE_ITO[0] for k in b["kato"]]
        ax.hlines(y, b["p05_rank"], b["p95_rank"], color=colors, lw=3, alpha=0.6)
        ax.scatter(b["median_rank"], y, color=colors, s=18, zorder=3, label="median rank")
        ax.scatter(
            b["nominal_rank"], y, marker="|", color="#000000", s=80, zorder=4, label="nominal rank"
        )
        ax.set_yticks(y, [n.replace(" Region", "") for n in b["region"]], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("Rank (1 = highest); bar: 5-95% of the replications")
        ax.legend(frameon=False, fontsize=7, loc="upper right")
        ax.set_title(
            "Rank bands of the reconstructed index (orange: named by the 2019 study)",
            loc="left",
            fontsize=10,
        )
        fig.subplots_adjust(left=0.2, bottom=0.15, right=0.98, top=0.93)
        _source_line(fig, f"Monte Carlo over normalisation, weights (Dirichlet), aggregation and one dropped indicator; "
                          f"{int(b['replications'].iloc[0]):,} replications.")  # fmt: skip
        return fig


def _map_panels(title: str) -> tuple[plt.Figure, np.ndarray]:
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.4))
    for ax in axes:
        ax.set_axis_off()
        ax.set_aspect("equal")
    fig.suptitle(title, x=0.01, ha="left", fontsize=10)
    return fig, axes


def _cluster_colors(members: pd.DataFrame) -> dict[str, str]:
    return {
        k: OKABE_ITO[(c - 1) % len(OKABE_ITO)]
        for k, c in zip(members["kato"], members["kmeans"], strict=True)
    }


def figure_tile_map(scores: pd.DataFrame, members: pd.DataFrame, tiles: pd.DataFrame) -> plt.Figure:
    """Offline map: the 20 regions as tiles laid out by their relative geography."""
    with plt.rc_context(STYLE):
        fig, (ax, bx) = _map_panels(
            "The regions by index and by cluster (tile-grid map; no boundary file configured)"
        )
        idx = scores.set_index("kato")["index"]
        cmap = matplotlib.colormaps["cividis"]
        norm = matplotlib.colors.Normalize(idx.min(), idx.max())
        colors = _cluster_colors(members)
        for t in tiles.itertuples():
            for axis, color in (
                (ax, cmap(norm(idx.get(t.kato, np.nan)))),
                (bx, colors.get(t.kato, "#dddddd")),
            ):
                axis.add_patch(
                    matplotlib.patches.Rectangle((t.col, -t.row), 0.95, 0.95, color=color)
                )
                axis.text(t.col + 0.47, -t.row + 0.47, t.abbr, ha="center", va="center", fontsize=7,
                          color="white" if axis is ax and norm(idx.get(t.kato, 0)) < 0.5 else "black")  # fmt: skip
        for axis in (ax, bx):
            axis.set_xlim(-0.2, tiles["col"].max() + 1.2)
            axis.set_ylim(-tiles["row"].max() - 0.2, 1.2)
        fig.colorbar(
            matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.04
        ).set_label("Index", fontsize=7)
        ax.set_title("Reconstructed index", fontsize=9, loc="left")
        bx.set_title("k-means cluster", fontsize=9, loc="left")
        fig.subplots_adjust(left=0.02, bottom=0.12, right=0.98, top=0.86, wspace=0.1)
        _source_line(
            fig,
            "Tiles: resources/tilegrid.csv (relative geography, not boundaries). Abbreviations in the report's Table 22.",
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
        for rec, shp in zip(reader.iterRecords(), reader.iterShapes(), strict=True):
            kato = str(rec[fields.index("KATO")])
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
                        facecolor=colors.get(kato, "#dddddd"),
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
                (bx, colors.get(kato, "#dddddd")),
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
        fig.colorbar(
            matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.04
        ).set_label("Index", fontsize=7)
        ax.set_title("Reconstructed index", fontsize=9, loc="left")
        bx.set_title("k-means cluster", fontsize=9, loc="left")
        fig.subplots_adjust(left=0.02, bottom=0.12, right=0.98, top=0.86, wspace=0.1)
        _source_line(fig, f"Boundaries: {attribution}")
        return fig
