"""Region registry: the 20 current first-level units of Kazakhstan and every label for them.

``resolve(label, source)`` turns any label used by the paper or by the official files into a
KATO code, or raises :class:`InputError` naming the label and the file it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from kzrd import RESOURCES
from kzrd.core import contract
from kzrd.core.errors import InputError

NATIONAL = "000000000"

# Cyrillic letters that look like Latin ones; in a label that is otherwise Latin they are typos
# of the publisher (e.g. 'Аktobе' in the BNS English GRP file) and are folded to Latin.
_CYR_TO_LAT = str.maketrans(
    {
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "І": "I",
    }
)
_LATIN = re.compile(r"[A-Za-z]")
_FOOTNOTE = re.compile(r"(?<=\S)(?:\s*\d{1,2}\)|\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")


def normalise_label(label: str) -> str:
    """Canonical matching key of a region label.

    NFC, footnote markers glued to the end removed ('Туркестанская2)', 'Astana city2)'),
    Cyrillic look-alikes inside Latin words folded to Latin, whitespace collapsed
    (doubled and trailing spaces), case folded.
    """
    text = unicodedata.normalize("NFC", str(label)).replace("\u00a0", " ").strip()
    previous = None
    while previous != text:  # a label may carry more than one marker
        previous = text
        text = _FOOTNOTE.sub("", text).strip()
    if _LATIN.search(text):
        text = text.translate(_CYR_TO_LAT)
    text = " ".join(text.split())
    return text.casefold()


@dataclass(frozen=True)
class Registry:
    regions: pd.DataFrame
    aliases: dict[str, str]  # normalised alias -> KATO
    scoped: dict[
        tuple[str, str], str
    ]  # (scope, normalised alias) -> KATO, for a label whose meaning depends on the file

    @property
    def current(self) -> pd.DataFrame:
        """The 20 current first-level units (17 regions, 3 cities)."""
        r = self.regions
        return r[(r["status"] == "current") & (r["kind"] != "country")]

    def names_in(self, code: str) -> dict[str, str]:
        """English name and KATO code -> the unit's name in language ``code`` (its name_<code>
        column; empty for English), for the documents and figures in that language."""
        return names_in(self.regions, code)

    @property
    def created(self) -> dict[str, int]:
        """KATO code -> year the unit was created, for every unit that records one."""
        r = self.regions[self.regions["year_created"] != ""]
        return {k: int(y) for k, y in zip(r["kato"], r["year_created"], strict=True)}

    @property
    def ended(self) -> dict[str, int]:
        """KATO code -> the first year a unit with successors no longer existed: the year its
        successors were created (South Kazakhstan: 2018, when Turkistan and Shymkent were)."""
        created = self.created
        out = {}
        for kato, successors in zip(
            self.regions["kato"], self.regions["successor_kato"], strict=True
        ):
            years = [created[s] for s in successors.split(";") if s in created]
            if years:
                out[kato] = min(years)
        return out

    @property
    def split_from(self) -> dict[str, str]:
        """KATO code of a unit split off from a region that goes on existing -> that region (Abai ->
        East Kazakhstan, Zhetisu -> Almaty Region, Ulytau -> Karaganda); not the successors of a
        unit that ended (Turkistan and Shymkent, of South Kazakhstan)."""
        r = self.regions.set_index("kato")
        return {
            k: p for k, p in r["predecessor_kato"].items() if p and r.at[p, "status"] == "current"
        }

    def name(self, kato: str) -> str:
        return str(self.regions.loc[self.regions["kato"] == kato, "name_en"].iloc[0])

    def resolve(self, label: str, source: str) -> str:
        """KATO code of ``label``; ``source`` (file or table name) is quoted in the error."""
        key = normalise_label(label)
        for (scope, alias), kato in self.scoped.items():
            if alias == key and scope in source:
                return kato
        try:
            return self.aliases[key]
        except KeyError:
            raise InputError(
                f"{source}: unknown region label {label!r} (normalised {key!r}); "
                "add it to resources/region_aliases.csv if it is a real region name"
            ) from None


def names_in(regions: pd.DataFrame, code: str) -> dict[str, str]:
    """English name and KATO code -> name in language ``code``, from resources/regions.csv as read
    by its contract (name_en, name_kk, name_ru); empty for English."""
    column = f"name_{code}"
    if code == "en" or column not in regions.columns:
        return {}
    known = regions[regions[column] != ""]
    return dict(zip(known["name_en"], known[column], strict=True)) | dict(
        zip(known["kato"], known[column], strict=True)
    )


def load_registry(
    regions_csv: Path = RESOURCES / "regions.csv",
    aliases_csv: Path = RESOURCES / "region_aliases.csv",
) -> Registry:
    regions = contract.read_table(regions_csv, "regions")
    aliases = contract.read_table(aliases_csv, "region_aliases")
    regions.attrs = aliases.attrs = {}
    if "scope" not in aliases.columns:
        aliases["scope"] = ""
    known = set(regions["kato"])
    scoped = {}
    for rec in aliases[aliases["scope"] != ""].itertuples(index=False):
        if rec.kato not in known:
            raise InputError(
                f"{aliases_csv}: alias {rec.alias!r} points to unknown KATO {rec.kato!r}"
            )
        scoped[(rec.scope, normalise_label(rec.alias))] = rec.kato
    aliases = aliases[aliases["scope"] == ""]
    table: dict[str, str] = {}
    names = pd.concat(
        [
            regions[["name_en", "kato"]].rename(columns={"name_en": "alias"}),
            regions[["name_kk", "kato"]].rename(columns={"name_kk": "alias"}),
            regions[["name_ru", "kato"]].rename(columns={"name_ru": "alias"}),
            aliases[["alias", "kato"]],
        ]
    )
    for alias, kato in names.itertuples(index=False):
        if kato not in known:
            raise InputError(f"{aliases_csv}: alias {alias!r} points to unknown KATO {kato!r}")
        key = normalise_label(alias)
        if table.get(key, kato) != kato:
            raise InputError(
                f"{aliases_csv}: alias {alias!r} is ambiguous: {table[key]} and {kato}"
            )
        table[key] = kato
    return Registry(regions=regions, aliases=table, scoped=scoped)


@cache
def default_registry() -> Registry:
    return load_registry()
