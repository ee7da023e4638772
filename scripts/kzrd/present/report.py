"""Report rendering: the Jinja environment, figures inlined for HTML or PDF, the listing of the
outputs for the data appendix, and the rule behind each file."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import jinja2

from kzrd.core import i18n
from kzrd.core.io import read_parquet, sha256_file
from kzrd.core.schemas import check, schema_for
from kzrd.present.export import csv_path, preview
from kzrd.present.style import badge

TEMPLATES = Path(__file__).parent / "templates"


def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # {% trans %} and _() of the templates: the language of the render (kzrd.core.i18n); a
    # message's whitespace collapsed, so that line breaks in a template are not part of its msgid
    e.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    e.policies["ext.i18n.trimmed"] = True
    # a text from the data (a claim's words, a verdict) in the document's language: gettext without
    # the %-formatting of the extension's _() (a "3%" in it is not a placeholder)
    e.globals["translate"] = i18n.gettext
    e.filters["badge"] = badge  # a verdict with its mark and colour
    return e


def inline_svg(path: str | Path, prefix: str = "") -> str:
    """SVG markup for inlining: without the XML prolog and DOCTYPE, and with every id (and every
    reference to one) prefixed, so that several figures inlined in one page keep distinct ids."""
    text = re.sub(
        r"^.*?(<svg\b)", r"\1", Path(path).read_text(encoding="utf-8"), count=1, flags=re.S
    )
    if prefix:
        text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
        text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
        text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
    return text


def png_data_uri(path: str | Path) -> str:
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def outputs_appendix(paths: list[str]) -> list[dict[str, Any]]:
    """Every intermediate Parquet output with its schema, row count, conformity, its CSV copy
    (kzrd.present.export) and the header and first rows of that CSV."""
    rows = []
    for p in sorted(paths):
        df = read_parquet(p)
        name = schema_for(p)
        problems = check(df, name, p) if name else [f"{p}: no declared schema"]
        rows.append(
            dict(
                path=p,
                schema=name or "",
                rows=len(df),
                columns=", ".join(df.columns),
                conforms=not problems,
                sha256=sha256_file(p)[:12],
                csv=csv_path(p),
                preview=preview(df),
            )
        )
    return rows


def render(template: str, context: dict[str, Any]) -> str:
    return env().get_template(template).render(**context)


def rule_of(patterns: dict[str, str]):
    """A function giving the rule that writes a path, from the rules' output patterns
    (a ``{wildcard}`` matches any text); '' if none does."""
    compiled = []
    for pattern, rule in patterns.items():
        parts = re.split(r"\{[^}]*\}", pattern)
        compiled.append((re.compile("^" + ".+".join(re.escape(x) for x in parts) + "$"), rule))

    def find(path: str) -> str:
        return next((rule for rx, rule in compiled if rx.match(path)), "")

    return find
