"""The Russian and Kazakh documents of the session's shared run against the English ones: the same
numbers (every number of the text, in each language's notation, read back and compared as a
multiset), every message translated (the render logs name none missing), the language switch and
the sibling links in the same language, and the paper's own Kazakh and Russian quotes."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from kzrd.core import i18n

DOCS = ("report", "supplement")
LANGS = ("ru", "kk")
SKIP = {"style", "script", "svg"}  # not prose; the figures' own text is checked by their tests
EN_NUMBER = re.compile(
    r"(?<![\w.,])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.,])-?\d+(?:\.\d+)?(?![\d])"
)
# Russian and Kazakh: groups of three digits after a no-break or narrow no-break space, a decimal comma
LOCAL_NUMBER = re.compile(
    r"(?<![\w.,])-?\d{1,3}(?:[\u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])|(?<![\w.,])-?\d+(?:,\d+)?(?![\d])"
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


# not numbers to compare: a DOI or URL, a dotted code or date (9.5.1, 15.12.2023), left as they are
# not numbers: addresses, DOIs, dotted codes and the files' checksums (a translated document reads
# its own verdicts' files, results/audit/verdicts.<lang>.parquet, whose checksums differ)
CODES = re.compile(r"https?://\S+|doi:\S+|\b10\.\d{4,}/\S+|\d+(?:\.\d+){2,}|sha256\s+[0-9a-f]{6,}")


class _Text(HTMLParser):
    """The text of a document, without its drawings, styles and scripts and, with
    ``quotes=False``, without the paper's quoted words: the translations quote the paper's own Kazakh
    or Russian abstract where it states a claim (another place, other numbers) and add the project's
    translation to an English quote (its numbers twice); the quotes have tests of their own."""

    def __init__(self, quotes: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.depth = 0  # inside a quote (blockquote, q) or the project's translation of one
        self.quotes = quotes

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        quote = tag in ("blockquote", "q") or (tag == "span" and ("class", "translation") in attrs)
        if not self.quotes and (quote or (self.depth and tag == "span")):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in ("blockquote", "q", "span") and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.skip and not self.depth:
            self.parts.append(data)


def text_of(path: Path, quotes: bool = True) -> str:
    p = _Text(quotes)
    p.feed(path.read_text(encoding="utf-8"))
    return " ".join(p.parts)


def numbers(text: str, lang: str) -> Counter:
    """Every number of ``text`` read in the notation of ``lang``, as a canonical decimal."""
    text = CODES.sub(" ", text)
    if lang == "en":
        found = (m.replace(",", "") for m in EN_NUMBER.findall(text))
    else:
        found = (
            re.sub(r"[\u00a0\u202f]", "", m).replace(",", ".") for m in LOCAL_NUMBER.findall(text)
        )
    return Counter(str(Decimal(x).normalize()) if "." in x else x for x in found)


@pytest.fixture(scope="module")
def report_dir(workflow) -> Path:
    return workflow / "results" / "report"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("doc", DOCS)
def test_every_number_is_the_same_in_every_language(report_dir, doc, lang):
    english = text_of(report_dir / f"{doc}.html", quotes=False)
    translated = text_of(report_dir / f"{doc}.{lang}.html", quotes=False)
    # dates: the commit's 2026-12-07 is "7 декабря 2026 г." in Russian (babel's long date)
    for iso in set(ISO_DATE.findall(english)):
        english = english.replace(iso, " ")
        translated = translated.replace(i18n.date_text(iso, lang), " ").replace(iso, " ")
    en, tr = numbers(english, "en"), numbers(translated, lang)
    missing, extra = en - tr, tr - en
    assert not missing and not extra, (
        f"{doc}.{lang}.html: numbers of the English edition missing: {dict(missing)}; "
        f"numbers only in the translation: {dict(extra)}"
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("doc", DOCS)
def test_no_message_is_left_in_english(workflow, doc, lang):
    """The render logs every message its catalogue lacks (kzrd.present.document.render)."""
    log = (workflow / "results" / "logs" / f"report_html_{doc}.{lang}.log").read_text(
        encoding="utf-8"
    )
    assert "untranslated" not in log, [x for x in log.splitlines() if "untranslated" in x][:20]


@pytest.mark.parametrize("lang", LANGS)
def test_the_verdicts_words_are_composed_in_the_language(workflow, lang):
    """Rule verdicts_translated logs every message its catalogue lacks; its verdicts are those of
    rule verdicts, row for row, with words that differ from the English ones."""
    log = (workflow / "results" / "logs" / f"verdicts.{lang}.log").read_text(encoding="utf-8")
    assert "untranslated" not in log, [x for x in log.splitlines() if "untranslated" in x][:20]
    audit = workflow / "results" / "audit"
    en = pd.read_parquet(audit / "verdicts.parquet")
    tr = pd.read_parquet(audit / f"verdicts.{lang}.parquet")
    same = ["claim_id", "verdict", "reference_verdict", "robust", "n_specs", "n_decided", "n_agree"]
    pd.testing.assert_frame_equal(en[same], tr[same])
    words = en["deciding"] != tr["deciding"]
    assert words.all(), list(en.loc[~words, "deciding"])
    mv_en = pd.read_parquet(audit / "multiverse.parquet")
    mv_tr = pd.read_parquet(audit / f"multiverse.{lang}.parquet")
    pd.testing.assert_frame_equal(
        mv_en[["claim_id", "spec", "verdict", "value"]],
        mv_tr[["claim_id", "spec", "verdict", "value"]],
    )


@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_and_links_stay_in_the_language(report_dir, lang):
    html = (report_dir / f"report.{lang}.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    assert 'href="report.html" hreflang="en"' in html
    other = next(x for x in LANGS if x != lang)
    assert f'href="report.{other}.html" hreflang="{other}"' in html
    assert "supplement.html#" not in html and f"supplement.{lang}.html#" in html
    en = (report_dir / "report.html").read_text(encoding="utf-8")
    assert f'href="report.{lang}.html" hreflang="{lang}"' in en


@pytest.mark.parametrize("lang", LANGS)
def test_claims_the_abstracts_state_are_quoted_in_the_papers_own_words(workflow, report_dir, lang):
    quotes = yaml.safe_load(
        (workflow / "resources/paper/abstract_quotes.yaml").read_text(encoding="utf-8")
    )
    text = text_of(report_dir / f"report.{lang}.html")
    for claim, q in quotes["claims"].items():
        assert q[lang]["quote"] in text, (claim, lang)


def test_numbers_are_read_back_in_each_notation():
    """Self-check, without the workflow: the same numbers in the three notations compare equal, and
    one changed digit, one dropped number or a date's ISO form do not pass unseen."""
    en = numbers("1,234.5 persons, 12.3% and 0.42 (n = 17; SDG 9.5.1; doi:10.1/x.2)", "en")
    assert en == numbers("1\u00a0234,5 чел., 12,3\u00a0% и 0,42 (n = 17; ЦУР 9.5.1)", "ru")
    assert en == numbers("1\u00a0234,5 адам, 12,3% және 0,42 (n = 17)", "kk")
    assert en != numbers("1\u00a0234,6 чел., 12,3\u00a0% и 0,42 (n = 17)", "ru")
    assert en != numbers("1\u00a0234,5 чел. и 0,42 (n = 17)", "ru")


def test_the_translated_verdict_words_come_from_the_meta_rule_itself(workflow):
    """The translations take each claim's count of specifications by verdict and what moves it from
    kzrd.paper2025.multiverse.meta_rule at render time (its words are in the catalogue); in English
    it gives exactly what the verdicts rule wrote, so the three editions say the same thing."""
    import pandas as pd

    from kzrd.paper2025.claims import choice_columns, load_claims
    from kzrd.paper2025.multiverse import meta_rule

    audit = workflow / "results" / "audit"
    v = pd.read_parquet(audit / "verdicts.parquet").set_index("claim_id")
    mv = pd.read_parquet(audit / "multiverse.parquet")
    words = meta_rule(mv, load_claims(workflow / "resources/claims.yaml"), choice_columns())
    words = words.set_index("claim_id")
    for col in ("robustness", "moved_by", "verdict"):
        assert words[col].to_dict() == v[col].to_dict(), col
