"""The workflow's rules as written: name, file, docstring and script of each, read from the
Snakefile and the rule files it includes (text only, no Snakemake)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kzrd import PROJECT_ROOT


@dataclass
class Rule:
    name: str
    file: str  # relative to the project root
    docstring: str
    script: str | None  # relative to the project root


RULE = re.compile(r"^(?P<indent> *)rule (?P<name>\w+):\n(?P<body>(?:(?P=indent) +.*\n|\n)*)", re.M)
DOCSTRING = re.compile(r'^\s+"""(.*?)"""', re.S)
SCRIPT = re.compile(r'^\s+script:\n\s+"(?P<path>[^"]+)"', re.M)


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def rules_of(path: Path, root: Path = PROJECT_ROOT) -> list[Rule]:
    """The rules a Snakefile or rule file defines, in order, as written (under any `if`)."""
    text = path.read_text(encoding="utf-8")
    root = root.resolve()
    out = []
    for m in RULE.finditer(text):
        doc = DOCSTRING.match(m["body"])
        script = SCRIPT.search(m["body"])
        out.append(
            Rule(
                m["name"],
                path.resolve().relative_to(root).as_posix(),
                one_line(doc.group(1)) if doc else "",
                (path.parent / script["path"]).resolve().relative_to(root).as_posix()
                if script
                else None,
            )
        )
    return out


def all_rules(root: Path = PROJECT_ROOT) -> list[Rule]:
    """Every rule, by file in the order the Snakefile includes them (its own rules first)."""
    snakefile = root / "Snakefile"
    included = re.findall(r'^include: "([^"]+)"', snakefile.read_text(encoding="utf-8"), re.M)
    files = [snakefile, *(root / f for f in included)]
    return [r for f in files for r in rules_of(f, root)]
