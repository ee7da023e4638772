"""The translated documents without the workflow: the locale's notation of numbers, percentages and
dates (babel, CLDR), what is left alone (codes, years, markup), the catalogues (complete and
current), the language of the sibling links, and the paper's Kazakh and Russian quotes (verbatim)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed_text

from kzrd.core import i18n
from kzrd.reference.exhibits import doc_href
from kzrd.reference.paper import load_abstract_quotes

ROOT = Path(__file__).resolve().parents[2]
NB = "\u00a0"


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("1,234.5", "ru", f"1{NB}234,5"),
        ("12,345,678", "kk", f"12{NB}345{NB}678"),
        ("0.42", "kk", "0,42"),
        ("12.3%", "ru", f"12,3{NB}%"),  # Russian: a no-break space before the sign (CLDR #,##0 %)
        ("12.3%", "kk", "12,3%"),  # Kazakh: none (CLDR #,##0%)
        ("r = -0.31, n = 17", "ru", "r = -0,31, n = 17"),
        ("-0.005/yr", "kk", "-0,005/yr"),
        ("1,234.5", "en", "1,234.5"),
    ],
)
def test_numbers_in_the_locale_notation(text, code, expected):
    assert i18n.number_text(text, code) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2022",
        "SDG 9.5.1",
        "rocrate 0.16.0",
        "KATO 751110000",
        "Table S12",
        "2010-2023",
        "x1.5y",
        "doi:10.1177/1745691616658637",
        "https://doi.org/10.1080/01621459.1987.10478410",
    ],
)
def test_codes_years_and_versions_are_not_numbers_to_rewrite(text):
    assert i18n.number_text(text, "ru") == text


def test_localise_rewrites_prose_only():
    html = (
        '<p data-x="1,234.5">Share 12.5 of <a href="#a-1.5">1,000</a></p>'
        "<code>0.25</code><svg><text>3.5</text></svg><style>.a{width:1.5em}</style><p>2.5</p>"
    )
    out = i18n.localise(html, "ru")
    assert out == (
        f'<p data-x="1,234.5">Share 12,5 of <a href="#a-1.5">1{NB}000</a></p>'
        "<code>0.25</code><svg><text>3.5</text></svg><style>.a{width:1.5em}</style><p>2,5</p>"
    )
    assert i18n.localise(html, "en") == html


def test_dates_in_full_in_the_language():
    assert (
        i18n.date_text("2026-12-07", "ru") == "7 декабря 2026\u202fг."
    )  # CLDR: narrow no-break space
    assert i18n.date_text("2026-12-07", "kk") == "2026\u202fж. 7 желтоқсан"
    assert i18n.date_text("2026-12-07", "en") == "2026-12-07"
    assert i18n.date_text("date unknown", "ru") == "date unknown"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        i18n.load("de")


def test_a_render_looks_up_its_language_and_records_what_is_missing(tmp_path):
    po = tmp_path / "ru.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Abstract"\nmsgstr "Аннотация"\n\n#, fuzzy\nmsgid "Results"\nmsgstr "Итоги"\n',
        encoding="utf-8",
    )
    lang = i18n.load("ru", po)
    with i18n.activate(lang):
        assert i18n.gettext("Abstract") == "Аннотация"
        assert i18n.gettext("Results") == "Results"  # a fuzzy entry is not used
        assert i18n.current().code == "ru"
    assert lang.missing == {"Results"}
    assert i18n.current().code == "en"
    assert i18n.gettext("Abstract") == "Abstract"


def test_sibling_documents_in_the_same_language():
    with i18n.activate(i18n.Language("kk")):
        assert doc_href("supplement", "report", "screen", "s-2019") == "supplement.kk.html#s-2019"
        assert doc_href("report", "supplement", "print") == "report.kk.pdf"
        assert doc_href("data", "report", "screen", "d-x") == "data.html#d-x"  # English only
    assert doc_href("supplement", "report", "screen") == "supplement.html"


def test_split_document_names():
    assert i18n.split_document("report.ru") == ("report", "ru")
    assert i18n.split_document("supplement") == ("supplement", "en")


def test_every_catalogue_is_current_and_complete():
    """scripts/messages.py --check: messages.pot equals a fresh extraction, and every message of it
    has a reviewed (not fuzzy) translation in ru.po and kk.po; it names each one that has not."""
    proc = subprocess.run(
        [sys.executable, "scripts/messages.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_translations_keep_every_placeholder():
    """A translation that drops or renames a placeholder would print a wrong or no number."""
    from babel.messages.pofile import read_po

    field = re.compile(r"%\(\w+\)s|\{\w+\}")
    for code in ("ru", "kk"):
        with (ROOT / "resources" / "locale" / f"{code}.po").open("rb") as f:
            cat = read_po(f, locale=code)
        for m in cat:
            if not m.id or not m.string:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            # every form of a plural names what either English form names (Russian's "one" form
            # also serves 21, 31, …, which need the number)
            want = set(field.findall(ids[0])) | set(field.findall(ids[-1]))
            for s in strings:
                assert set(field.findall(s)) == want, (code, m.id, s)


def test_the_paper_quotes_are_its_own_words():
    """Every Kazakh and Russian quote is in the paper's text verbatim (line breaks joined)."""
    text = re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", seed_text()))
    quotes = load_abstract_quotes()
    assert {"concentration", "figure2_correlation", "finding2_growth"} <= set(quotes)
    for claim, langs in quotes.items():
        for code, q in langs.items():
            assert q["quote"] in text, (claim, code)


def test_the_references_cite_each_publication_by_its_own_title():
    """In Russian: the Russian titles as they are, the Kazakh-only bulletins' Kazakh titles marked
    as Kazakh, each publication once; in English nothing (the English words of the template)."""
    from kzrd.present.context import own_titles
    from kzrd.reference.sources import load_sources

    sources = load_sources()
    assert own_titles(sources) == ""
    root = Path(__file__).resolve().parents[2]
    ru = i18n.load("ru", root / "resources" / "locale" / "ru.po")
    with i18n.activate(ru):
        text = str(own_titles(sources))
    rnd = sources["bns_rnd_2022_fte"]["own_title"]["kk"]["title"]
    assert text.count(rnd) == 1  # three sources, one publication
    assert f'«<cite lang="kk">{rnd}</cite>» (на казахском языке)' in text
    assert '«<cite lang="ru">Высшее образование в Республике Казахстан</cite>»;' in text
    assert "Численность населения Республики Казахстан по полу и типу местности" in text
    assert "халқының жынысы" not in text  # the population's Kazakh title: Russian is printed too
