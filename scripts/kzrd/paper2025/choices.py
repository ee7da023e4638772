"""Analysis choices of the 2025 paper's reproduction that the Snakefile needs when it builds the DAG:
which official variables stand for Figure 2's y, and the family of correlations the audit adjusts
together (every x and y reading of claim figure2_correlation in resources/claims.yaml).
(Light on purpose: the Snakefile imports it when it builds the DAG.)"""

from __future__ import annotations

from typing import Any

PROXY_YS = ("researchers_per_million", "researchers_per_10k")
XS = {"universities": "universities", "universities_per_100k": "universities per 100,000"}
Y_LABELS = {
    "technical_employment_share_pct": "share of employment in technical sectors",
    "researchers_per_million": "researchers (FTE) per million (proxy)",
    "researchers_per_10k": "researchers (persons) per 10,000 (proxy)",
}


def figure2_ys(online: bool) -> tuple[str, ...]:
    """Figure 2's y: the true variable needs Taldau (online); offline the official proxies, labelled."""
    return ("technical_employment_share_pct",) if online else PROXY_YS


def figure2_y(online: bool) -> str:
    """The y drawn in the figure: the true variable online, the first proxy offline."""
    return figure2_ys(online)[0]


def audit_pairs(online: bool) -> list[dict[str, Any]]:
    """The Figure 2 family of tests (Holm adjustment across it): every x reading against every y."""
    return [
        dict(family="figure2", x=x, y=y, label="Figure 2 as drawn" if (x, y) == ("universities", figure2_y(online))
             else f"{XS[x]} against {Y_LABELS[y]}")
        for y in figure2_ys(online)
        for x in XS
    ]  # fmt: skip
