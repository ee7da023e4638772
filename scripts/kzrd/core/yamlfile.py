"""YAML files read fast and once: libyaml's C loader where PyYAML has it (the pure-Python loader
takes seconds over the project's YAML files, and the Snakefile reads some of them for every job),
each file parsed once per version (path, size, mtime) within a process."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def loads(text: str) -> Any:
    """``yaml.safe_load`` with the C loader when available."""
    return yaml.load(text, Loader=LOADER)


@cache
def _load(path: Path, size: int, mtime_ns: int) -> Any:
    return loads(path.read_text(encoding="utf-8"))


def load(path: str | Path) -> Any:
    """The parsed YAML file ``path`` (a copy: callers may change it)."""
    p = Path(path)
    st = p.stat()
    return copy.deepcopy(_load(p.resolve(), st.st_size, st.st_mtime_ns))
