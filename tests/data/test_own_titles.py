"""Parity of the publications' own titles (resources/sources.yaml, key own_title) with the upstream
files: each is the text of the cell or the PDF line it names, with its runs of white space as one
space and a trailing footnote mark such as '1)' left off."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from conftest import shared_file

from kzrd.data.parsers import _cell, _read_sheet
from kzrd.reference.sources import load_sources

TITLES = [
    (sid, code, where)
    for sid, spec in load_sources().items()
    for code, where in spec.get("own_title", {}).items()
]


def _printed(text: str) -> str:
    return re.sub(r"\d\)$", "", " ".join(str(text).split()))


@pytest.mark.parametrize(("sid", "code", "where"), TITLES, ids=[f"{s}-{c}" for s, c, _ in TITLES])
def test_own_title_is_the_text_of_the_file(sid, code, where):
    path = shared_file(load_sources()[sid]["shared_path"])
    if "page" in where:
        with pdfplumber.open(path) as pdf:
            text = pdf.pages[where["page"] - 1].extract_text() or ""
        printed = text.splitlines()[where["line"] - 1]
    else:
        letter, row = re.fullmatch(r"([A-Z]+)(\d+)", where["cell"]).groups()
        printed = _cell(_read_sheet(path, where["sheet"])[int(row) - 1], letter)
    assert _printed(printed) == where["title"], (sid, code, printed)


def test_the_titles_are_those_of_the_kazakh_and_russian_files():
    """The Kazakh bulletins have a Kazakh title, the Russian publications a Russian one."""
    assert {(s, c) for s, c, _ in TITLES} >= {
        ("bns_rnd_2022_expenditure", "kk"),
        ("bns_innovation_2022", "kk"),
        ("bns_higher_education_2022", "ru"),
        ("bns_population_2023", "kk"),
        ("bns_population_2023", "ru"),
    }
