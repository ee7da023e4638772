"""YAML files read fast, strictly and once.

libyaml's C loader where PyYAML has it (the pure-Python loader takes seconds over the project's YAML
files, and the Snakefile reads some of them for every job); each file parsed once per version (path,
size, mtime) within a process. Strict: a key repeated in one mapping is refused (PyYAML would keep the
last one silently), malformed YAML and a file that is not UTF-8 end in one line naming the file, the
line and the column (:class:`~kzrd.core.errors.InputError`).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kzrd.core.errors import InputError

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"


class _RepeatedKey(yaml.MarkedYAMLError):
    pass


class StrictLoader(LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, refusing a key given twice in one mapping (merge keys ``<<`` may be overridden)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:  # an unhashable key: PyYAML's own error follows
                    continue
                if first != key_node.start_mark.line + 1:
                    raise _RepeatedKey(
                        problem=f"key {key!r} is given twice (first on line {first}); keep one",
                        problem_mark=key_node.start_mark,
                    )
        return super().construct_mapping(node, deep)


def describe(err: yaml.YAMLError) -> str:
    """'line L, column C: problem' of a YAML error (1-based, as an editor shows them)."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None)
    what = f"{context} {problem}" if context and not isinstance(err, _RepeatedKey) else problem
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}{what}"


def loads(text: str, name: str = "<string>") -> Any:
    """Parse ``text`` strictly; a problem raises :class:`InputError` naming ``name``, line and column."""
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as err:
        raise InputError(f"{name}: {describe(err)}") from None


def read_utf8(path: Path) -> str:
    """The text of ``path``, which must be UTF-8 (a byte-order mark is tolerated and dropped)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            f"{path}: line {line}: byte 0x{data[err.start]:02x} is not UTF-8 "
            "(the file looks like latin-1 or cp1251); save it as UTF-8"
        ) from None


@cache
def _load(path: Path, size: int, mtime_ns: int, name: str) -> Any:
    return loads(read_utf8(Path(name)), name)


def load(path: str | Path) -> Any:
    """The parsed YAML file ``path`` (a copy: callers may change it)."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: file not found") from None
    return copy.deepcopy(_load(p.resolve(), st.st_size, st.st_mtime_ns, str(p)))
