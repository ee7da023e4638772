"""The package modules a rule script depends on, computed from its imports (not kept by hand).

``module_closure(script)`` follows every ``kzrd`` import of the script, including imports inside
functions, through the package's own modules, so that a rule's ``code`` inputs are exactly the files
whose change can change its outputs. A module's package ``__init__.py`` files count as imported
(Python runs them), and so do data files a module declares in a module-level ``READS`` list of
paths relative to the project root (e.g. ``schemas/outputs.yaml``)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

PACKAGE = "kzrd"


def _module_file(dotted: str, root: Path) -> Path | None:
    """``kzrd.core.io`` -> ``<root>/kzrd/core/io.py`` (or the package's ``__init__.py``), or None."""
    base = root.joinpath(*dotted.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


IMPORT = re.compile(r"^[ \t]*import[ \t]+(kzrd(?:\.\w+)*)", re.M)
FROM = re.compile(r"^[ \t]*from[ \t]+(kzrd(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)", re.M)
READS = re.compile(r"^READS[ \t]*=[ \t]*(\[[^\]]*\])", re.M)


def _parse(path: Path) -> str:
    return _parse_cached(Path(path), Path(path).stat().st_mtime_ns)


@cache
def _parse_cached(path: Path, mtime_ns: int) -> str:
    """One read per file version (the Snakefile asks for the closure of every rule's script)."""
    return path.read_text(encoding="utf-8")


def _imports(text: str, root: Path) -> set[Path]:
    """Package files the module imports (at any indentation: imports inside functions count), with
    the ``__init__.py`` of every package on the way. A line scan, not a parse: an import written in a
    docstring counts too, which can only add a dependency, never drop one."""
    return set(_imports_cached(text, root))


@cache
def _imports_cached(text: str, root: Path) -> frozenset[Path]:
    names = [m.group(1) for m in IMPORT.finditer(text)]
    for m in FROM.finditer(text):
        module = m.group(1)
        names.append(module)
        for item in m.group(2).strip("()").replace("\n", " ").split(","):
            item = item.split(" as ")[0].strip()
            if item:
                names.append(f"{module}.{item}")
    found: set[Path] = set()
    for name in names:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            f = _module_file(".".join(parts[:i]), root)
            if f is not None:
                found.add(f)
    return frozenset(found)


def _reads(text: str) -> list[str]:
    """The module-level ``READS = [...]`` list of project files a module opens, if any."""
    m = READS.search(text)
    return list(ast.literal_eval(m.group(1))) if m else []


def module_closure(script: str | Path, package_dir: str | Path) -> list[str]:
    """Paths (relative to the package's parent) of every package file the script imports, directly
    or through other package modules, sorted; ``kzrd/__init__.py`` always included."""
    root = Path(package_dir).parent
    seen: set[Path] = set()
    todo = _imports(_parse(Path(script)), root)
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo |= _imports(_parse(f), root) - seen
    seen.add(root / PACKAGE / "__init__.py")
    return sorted(str(f.relative_to(root)) for f in seen)


def data_reads(script: str | Path, package_dir: str | Path) -> list[str]:
    """Project files (relative to the project root) that the script's package modules read
    themselves, from their ``READS`` declarations, sorted."""
    root = Path(package_dir).parent
    out: set[str] = set()
    for rel in module_closure(script, package_dir):
        out |= set(_reads(_parse(root / rel)))
    return sorted(out)
