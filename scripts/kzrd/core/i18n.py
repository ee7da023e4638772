"""The documents' languages: English (the source language), Russian and Kazakh.

One mechanism per concern, all maintained ones:

- **Words**: GNU gettext message catalogues, one per language (``resources/locale/<lang>.po``, made
  and merged with ``babel``: ``make messages``), read at render time (no compiled ``.mo`` file is
  kept in the repository). Templates mark text with Jinja's i18n extension (``{% trans %}``,
  ``_()``); Python code with :func:`gettext` (imported as ``_``). A message missing from the
  catalogue falls back to English, and a test fails on every such message.
- **Numbers, percentages and dates**: the locale's symbols and patterns from ``babel`` (CLDR). The
  numbers are formatted once, in English notation, where they are computed (the registry, the
  tables); :func:`localise` rewrites that notation in the text of the rendered document, so that
  every number the three documents print is the same number (a test compares them all).
- **Region names**: from the region registry (``resources/regions.csv``: name_en, name_kk, name_ru).

The language of a render is set once, around it (:func:`activate`), as gettext's own ``install``
does for a program, so that the functions that build tables and sentences need no language
argument.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext as _gettext
import io
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

SOURCE = "en"  # the language the templates and the code are written in
LANGUAGES = ("en", "ru", "kk")
NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}  # each in its own language


@dataclass(frozen=True)
class Language:
    code: str
    translations: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations)
    missing: set[str] = field(default_factory=set)  # messages asked for that the catalogue lacks
    regions: dict[str, str] = field(default_factory=dict)  # English name or KATO code -> name
    known: frozenset = frozenset()  # the messages the catalogue translates (singular for a plural)


ENGLISH = Language(SOURCE)
_active: ContextVar[Language] = ContextVar("kzrd_language", default=ENGLISH)


def load(
    code: str, po: str | Path | None = None, regions: dict[str, str] | None = None
) -> Language:
    """The language ``code`` with its catalogue ``po`` (none for English) and the region names of
    the registry in it (``regions``: English name or KATO code -> name; Registry.names_in)."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r} (one of {', '.join(LANGUAGES)})")
    if code == SOURCE:
        return Language(code)
    with open(po, "rb") as f:
        catalogue = read_po(f, locale=code)
    buf = io.BytesIO()
    write_mo(buf, catalogue, use_fuzzy=False)  # a fuzzy (unreviewed) translation is not used
    buf.seek(0)
    known = frozenset(
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else (m.string,))
    )
    return Language(code, Translations(buf), regions=dict(regions or {}), known=known)


def current() -> Language:
    return _active.get()


@contextlib.contextmanager
def activate(language: Language) -> Iterator[Language]:
    token = _active.set(language)
    try:
        yield language
    finally:
        _active.reset(token)


def gettext(message: str) -> str:
    lang = _active.get()
    if lang.code == SOURCE or not message:
        return message
    if message not in lang.known:
        lang.missing.add(message)
    return lang.translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    lang = _active.get()
    if lang.code == SOURCE:
        return singular if n == 1 else plural
    if singular not in lang.known:
        lang.missing.add(singular)
    return lang.translations.ngettext(singular, plural, n)


_ = gettext


def gettext_data(text: str) -> str:
    """A label that comes with the data (a year, a basis, a column of the paper's tables): its
    translation where the catalogue has one, else the label as it is, and not reported missing."""
    lang = _active.get()
    if lang.code == SOURCE or text not in lang.known:
        return text
    return lang.translations.gettext(text)


def and_join(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' in the language of the render."""
    if len(names) < 2:
        return "".join(names)
    # Translators: the last two items of a list of names (regions), e.g. "Astana and Almaty"
    return gettext("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it: for a module-level constant,
    which is translated where it is used, with ``_()``, once a language is active."""
    return message


def suffix(code: str | None = None) -> str:
    """The file-name suffix of a language's documents: '' for English, '.ru', '.kk'."""
    code = current().code if code is None else code
    return "" if code == SOURCE else f".{code}"


def split_document(name: str) -> tuple[str, str]:
    """'report.ru' -> ('report', 'ru'); 'report' -> ('report', 'en')."""
    doc, _, code = name.partition(".")
    return doc, code or SOURCE


# An English-notation number: thousands with commas and/or a decimal point. Bare integers (years,
# codes, counts below 1,000) read the same in every language and are left alone, and so is a
# dotted code such as an SDG indicator's 9.5.1, a version 0.16.0 or a DOI's 10.1787/….
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w]|[.,]\d)")
# identifiers that hold numbers: left as they are
_IDENTIFIER = re.compile(r"(doi:\S+|\b10\.\d{4,9}/\S+|https?://\S+)")
_PERCENT = re.compile(r"(?<=\d)%")
# text in these elements is code, data or drawing, not prose
_VERBATIM = ("code", "pre", "script", "style", "svg", "kbd", "samp")


def number_text(text: str, code: str | None = None) -> str:
    """One English-notation number or percentage in the notation of language ``code``."""
    code = current().code if code is None else code
    if code == SOURCE:
        return text
    sym = Locale.parse(code).number_symbols["latn"]
    group, decimal = sym["group"], sym["decimal"]

    def one(m: re.Match) -> str:
        return m.group(1).translate(str.maketrans({",": group, ".": decimal}))

    out = "".join(
        part if i % 2 else _NUMBER.sub(one, part) for i, part in enumerate(_IDENTIFIER.split(text))
    )
    pattern = Locale.parse(code).percent_formats[None].pattern
    if "\u00a0%" in pattern:
        out = _PERCENT.sub("\u00a0%", out)
    return out


def localise(html: str, code: str | None = None) -> str:
    """The numbers and percentages of the prose of ``html`` in the notation of language ``code``:
    text between tags, outside code, scripts, styles and drawings; attributes are not touched (the
    CSV downloads keep their machine notation)."""
    code = current().code if code is None else code
    if code == SOURCE:
        return html
    out, skip = [], []
    for part in re.split(r"(<[^>]*>)", html):
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z][\w-]*)", part)
            if m and m.group(2).lower() in _VERBATIM and not part.endswith("/>"):
                if m.group(1):
                    if skip and skip[-1] == m.group(2).lower():
                        skip.pop()
                else:
                    skip.append(m.group(2).lower())
            out.append(part)
        else:
            out.append(part if skip else number_text(part, code))
    return "".join(out)


def date_text(iso: str, code: str | None = None) -> str:
    """An ISO date (YYYY-MM-DD) as the language writes it in full; other text unchanged."""
    code = current().code if code is None else code
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return iso if code == SOURCE else format_date(day, "long", locale=code)


def region_names(df):
    """``df`` (a table the documents print) with its ``region`` column in the active language: by
    the row's KATO code where it has one, else by the registry's English name; a name the registry
    does not know (an aggregate, a printed label of the paper) stays as it is."""
    names = current().regions
    if not names or "region" not in getattr(df, "columns", ()):
        return df
    df = df.copy()
    by_kato = df["kato"].map(names) if "kato" in df.columns else None
    by_name = df["region"].map(names)
    df["region"] = (by_kato.fillna(by_name) if by_kato is not None else by_name).fillna(
        df["region"]
    )
    return df
