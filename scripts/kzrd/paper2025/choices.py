"""Analysis choices of the 2025 paper's reproduction that are not configuration: which official
variable stands in for Figure 2's y, and the family of correlations the audit adjusts together.
(Light on purpose: the Snakefile imports it when it builds the DAG.)"""

from __future__ import annotations

from typing import Any


def figure2_y(online: bool) -> str:
    """Figure 2's y: the true variable needs Taldau (online); offline the official proxy, labelled."""
    return "technical_employment_share_pct" if online else "researchers_per_million"


def audit_pairs(y: str) -> list[dict[str, Any]]:
    """The Figure 2 family of tests (Holm adjustment across it): counts beside per-capita versions."""
    return [
        dict(family="figure2", x="universities", y=y, label="Figure 2 as drawn"),
        dict(family="figure2", x="universities_per_100k", y=y, label="per-capita universities"),
        dict(
            family="figure2",
            x="universities",
            y="researchers",
            label="counts: universities and researchers",
        ),
        dict(
            family="figure2",
            x="universities_per_100k",
            y="researchers_per_10k",
            label="per capita: universities and researchers",
        ),
    ]
