"""The package modules a rule script depends on, computed from its imports (not kept by hand).

``module_closure(script)`` follows every ``kzrd`` import of the script, including imports inside
functions, through the package's own modules, so that a rule's ``code`` inputs are exactly the files
whose change can change its outputs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "kzrd"


def _imports(path: Path, package_dir: Path) -> set[str]:
    """Names of the package modules ``path`` imports (``kzrd.audit`` -> ``audit``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == PACKAGE and len(parts) > 1 and (package_dir / f"{parts[1]}.py").exists():
                found.add(parts[1])
    return found


def module_closure(script: str | Path, package_dir: str | Path) -> list[str]:
    """Paths (relative to the package's parent) of ``__init__.py`` and every package module the
    script imports, directly or through other package modules, sorted."""
    package_dir = Path(package_dir)
    seen: set[str] = set()
    todo = _imports(Path(script), package_dir)
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo |= _imports(package_dir / f"{m}.py", package_dir) - seen
    return [f"{PACKAGE}/__init__.py", *(f"{PACKAGE}/{m}.py" for m in sorted(seen))]
