"""Making the message catalogues with ``babel`` (scripts/messages.py, ``make messages``).

Where messages come from (:data:`METHODS`): the document templates (Jinja's own babel extractor,
with the trimmed whitespace the renderer uses), the presentation code (``_()``), and the display
texts of two resource files (:func:`extract_yaml`): the captions of ``resources/exhibits.yaml``
and the titles and labels of ``resources/claims.yaml``, plus the default report title of the
configuration schema. Dates in the files' headers are not tracked (git history is the record),
so that extraction gives the same bytes each time.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

PROJECT = "kz-rd-repro"
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # not a record of anything: see the module doc
WIDTH = 100
TEMPLATE = Path("resources/locale/messages.pot")


def po_path(root: Path, code: str) -> Path:
    """The catalogue of language ``code``: resources/locale/<code>.po."""
    return root / TEMPLATE.parent / f"{code}.po"


METHODS = [
    ("scripts/kzrd/present/templates/**.j2", "jinja2.ext:babel_extract"),
    ("scripts/kzrd/core/i18n.py", "python"),  # and_join
    ("scripts/kzrd/present/**.py", "python"),
    ("scripts/kzrd/reference/exhibits.py", "python"),
    ("scripts/kzrd/reference/labels.py", "python"),
    ("scripts/kzrd/paper2025/analysis.py", "python"),  # the counterparts' notes
    ("scripts/kzrd/paper2025/audit.py", "python"),  # the labels of the regional values
    ("scripts/kzrd/paper2025/multiverse.py", "python"),
    ("scripts/kzrd/paper2025/verdicts.py", "python"),  # the verdicts' meanings (TAXONOMY)
]
OPTIONS = {
    "scripts/kzrd/present/templates/**.j2": {"trimmed": "true", "extensions": "jinja2.ext.i18n"}
}
# resource file -> the keys whose string values are display text (anywhere in the file)
YAML_TEXTS = {
    "resources/exhibits.yaml": ("caption",),
    # the claims' titles, where the paper makes them, its English words (translated as the
    # project's where its Kazakh or Russian abstract does not state the claim), the decision rules,
    # the choices' and thresholds' labels, units and reasons
    "resources/claims.yaml": (
        "meta_rule",
        "title",
        "quote",
        "where",
        "label",
        "short",
        "judged",
        "not_judged",
        "not_checkable",
        "proxy",
        "rule",
        "why",
        "reason",
        "from_data",
        "unit",
    ),
}


def _yaml_strings(node, keys: tuple[str, ...], found: list[str]) -> None:
    if isinstance(node, dict) and node.get("document") == "data":
        return  # an exhibit of the data appendix, which is English only
    if isinstance(node, dict):
        for k, v in node.items():
            if k in keys and isinstance(v, str):
                found.append(v)
            else:
                _yaml_strings(v, keys, found)
    elif isinstance(node, list):
        for v in node:
            _yaml_strings(v, keys, found)


def extract_yaml(root: Path) -> Iterator[tuple[str, str]]:
    """(file, message) for the display texts of the resource files and the configured defaults."""
    for rel, keys in YAML_TEXTS.items():
        found: list[str] = []
        _yaml_strings(yaml.safe_load((root / rel).read_text(encoding="utf-8")), keys, found)
        for text in found:
            yield rel, text
    schema = yaml.safe_load((root / "schemas/config.schema.yaml").read_text(encoding="utf-8"))
    yield (
        "schemas/config.schema.yaml",
        schema["properties"]["report"]["properties"]["title"]["default"],
    )


def extract(root: Path) -> Catalog:
    """Every message of the project, in the order of its files, with where each comes from."""
    cat = Catalog(project=PROJECT, creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        root, METHODS, OPTIONS, keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)},
        comment_tags=("Translators:",), strip_comment_tags=True,
    ):  # fmt: skip
        # (babel gives the file's path relative to root)
        loc = Path(filename).as_posix()
        cat.add(message, locations=[(loc, lineno)], auto_comments=comments, context=context)
    for rel, text in extract_yaml(root):
        cat.add(text, locations=[(rel, 0)])
    return cat


def po_text(cat: Catalog) -> str:
    buf = io.BytesIO()
    write_po(buf, cat, width=WIDTH, include_lineno=False, sort_output=False, omit_header=False)
    return buf.getvalue().decode("utf-8")


def merged(template: Catalog, po: Path, code: str) -> Catalog:
    """The catalogue of ``code`` updated to ``template``: translations kept, new messages empty,
    changed ones fuzzy, removed ones dropped."""
    if po.exists():
        with po.open("rb") as f:
            cat = read_po(f, locale=code)
    else:
        cat = Catalog(locale=code, project=PROJECT, fuzzy=False)
    cat.update(template, no_fuzzy_matching=False, update_header_comment=False)
    cat.obsolete.clear()
    cat.creation_date = cat.revision_date = FIXED_DATE
    cat.fuzzy = False
    return cat


def catalogue_files(root: Path, template: Catalog, codes: list[str]) -> dict[Path, str]:
    """The text of messages.pot and of each language's catalogue after extraction and merge."""
    out = {root / TEMPLATE: po_text(template)}
    for code in codes:
        po = po_path(root, code)
        out[po] = po_text(merged(template, po, code))
    return out


def problems(root: Path, code: str) -> list[str]:
    """Each entry of ``code``'s catalogue that is untranslated or fuzzy, as one line."""
    po = po_path(root, code)
    if not po.exists():
        return [f"{po.relative_to(root)}: missing; run `make messages`"]
    with po.open("rb") as f:
        cat = read_po(f, locale=code)
    out = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        where = f"{po.relative_to(root)}:{m.lineno}"
        if not all(strings):
            out.append(f"{where}: untranslated: {m.id if isinstance(m.id, str) else m.id[0]!r}")
        elif m.fuzzy:
            out.append(f"{where}: fuzzy (changed since translated): {m.id!r}")
    return out
