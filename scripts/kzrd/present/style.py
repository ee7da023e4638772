"""How a verdict looks wherever it is shown: an Okabe-Ito colour, a hatch (figures) and a mark
(documents), so that verdicts are told apart in colour, by colour-blind readers and in black-and-white
print, and always with their word beside them."""

from __future__ import annotations

import html

from markupsafe import Markup

from kzrd.paper2025.verdicts import TAXONOMY

# verdict -> (colour, hatch, short label, mark, css class)
VERDICT_STYLE: dict[str, tuple[str, str, str, str, str]] = {
    "consistent": ("#009E73", "", "consistent", "✓", "ok"),
    "partly consistent": ("#E69F00", "//", "partly consistent", "◐", "partly"),
    "inconsistent with official statistics": ("#D55E00", "xx", "inconsistent", "✗", "bad"),
    "reproduced": ("#0072B2", "", "reproduced", "✓", "ok"),
    "not reproduced": ("#CC79A7", "xx", "not reproduced", "✗", "bad"),
    "not checked offline: proxy only": ("#56B4E9", "..", "proxy only", "○", "proxy"),
    "not checkable with published data": ("#DDDDDD", "", "not checkable", "–", "none"),
    "depends on a choice the paper does not state": ("#555555", "", "depends", "↔", "depends"),
}
assert set(VERDICT_STYLE) == set(TAXONOMY), "every verdict of the taxonomy has a style"


def badge(verdict: str, text: str | None = None) -> Markup:
    """The verdict's mark and its word (or ``text``), coloured: ``✗ inconsistent with official
    statistics``. The mark is hidden from screen readers, which read the word."""
    _colour, _hatch, _short, mark, css = VERDICT_STYLE[verdict]
    word = html.escape(verdict if text is None else text)
    return Markup(
        f'<span class="v v-{css}"><span class="vm" aria-hidden="true">{mark}</span> {word}</span>'
    )
