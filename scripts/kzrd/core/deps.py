"""The package modules a rule script depends on, computed from its imports (not kept by hand).

``module_closure(script)`` follows every ``kzrd`` import of the script, including imports inside
functions, through the package's own modules, so that a rule's ``code`` inputs are exactly the files
whose change can change its outputs. A module's package ``__init__.py`` files count as imported
(Python runs them), and so do data files a module declares in a module-level ``READS`` list of
paths relative to the project root (e.g. ``schemas/outputs.yaml``)."""

from __future__ import annotations

import ast
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


def _parse(path: Path) -> ast.Module:
    return _parse_cached(Path(path), Path(path).stat().st_mtime_ns)


@cache
def _parse_cached(path: Path, mtime_ns: int) -> ast.Module:
    """One parse per file version (the Snakefile asks for the closure of every rule's script)."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree: ast.Module, root: Path) -> set[Path]:
    """Package files the module imports, with the ``__init__.py`` of every package on the way."""
    return set(_imports_cached(tree, root))


@cache
def _imports_cached(tree: ast.Module, root: Path) -> frozenset[Path]:
    found: set[Path] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] != PACKAGE:
                continue
            for i in range(1, len(parts) + 1):
                f = _module_file(".".join(parts[:i]), root)
                if f is not None:
                    found.add(f)
    return frozenset(found)


def _reads(tree: ast.Module) -> list[str]:
    """The module-level ``READS = [...]`` list of project files a module opens, if any."""
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "READS" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return [ast.literal_eval(e) for e in node.value.elts]
    return []


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
