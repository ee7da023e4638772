"""How a verdict looks wherever it is shown: an Okabe-Ito colour, a hatch (figures) and a mark
(documents), so that verdicts are told apart in colour, by colour-blind readers and in black-and-white
print, and always with their word beside them."""

from __future__ import annotations

import html

from markupsafe import Markup

from kzrd.core.i18n import N_, _
from kzrd.paper2025.verdicts import TAXONOMY

# verdict -> (colour, hatch, short label, mark, css class). The verdicts (the keys, compared in the
# code in English) and their short labels are marked for translation: they are translated where
# they are shown (badge), never where they are tested.
VERDICT_STYLE: dict[str, tuple[str, str, str, str, str]] = {
    # Translators: a verdict of the taxonomy, shown beside its mark (✓, ✗ …); the short label follows it
    N_("consistent"): ("#009E73", "", N_("consistent"), "✓", "ok"),
    N_("partly consistent"): ("#E69F00", "//", N_("partly consistent"), "◐", "partly"),
    N_("inconsistent with official statistics"): ("#D55E00", "xx", N_("inconsistent"), "✗", "bad"),
    N_("reproduced"): ("#0072B2", "", N_("reproduced"), "✓", "ok"),
    N_("not reproduced"): ("#CC79A7", "xx", N_("not reproduced"), "✗", "bad"),
    N_("not checked offline: proxy only"): ("#56B4E9", "..", N_("proxy only"), "○", "proxy"),
    N_("not checkable with published data"): ("#DDDDDD", "", N_("not checkable"), "–", "none"),
    N_("depends on a choice the paper does not state"): (
        "#555555",
        "",
        N_("depends"),
        "↔",
        "depends",
    ),
}
assert set(VERDICT_STYLE) == set(TAXONOMY), "every verdict of the taxonomy has a style"


def badge(verdict: str, text: str | None = None) -> Markup:
    """The verdict's mark and its word (or ``text``), coloured: ``✗ inconsistent with official
    statistics``; the word in the language of the render. The mark is hidden from screen readers,
    which read the word."""
    _colour, _hatch, _short, mark, css = VERDICT_STYLE[verdict]
    word = html.escape(_(verdict) if text is None else text)
    return Markup(
        f'<span class="v v-{css}"><span class="vm" aria-hidden="true">{mark}</span> {word}</span>'
    )
