"""The input contract (``schemas/inputs.yaml``): every file a person can edit is checked where it is read.

One library does it for tables and YAML alike: ``jsonschema`` (already the validator of the
configuration and of the index framework, maintained by the JSON Schema organisation, quick to import).
A table is read as text, line by line, with the standard ``csv`` module, so that the error can name
the line; each row is then an object of strings checked against the table's row schema. A problem
raises :class:`~kzrd.core.errors.InputError`: one line naming the file, the line and column (or the
key), what was found and what was expected.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd

from kzrd import PROJECT_ROOT
from kzrd.core import yamlfile
from kzrd.core.errors import InputError

CONTRACT_FILE = PROJECT_ROOT / "schemas" / "inputs.yaml"
READS = ["schemas/inputs.yaml"]  # project files this module opens (kzrd.core.deps)


@cache
def _contract(path: Path = CONTRACT_FILE) -> dict[str, Any]:
    return yamlfile.load(path)


@cache
def _validator(kind: str, column: str | None = None) -> jsonschema.protocols.Validator:
    """The validator of a contract entry; for a table, of one column (``column``) or, with ``column``
    None, of the row's own rules (required columns, conditions between columns)."""
    entry = _contract()[kind]
    schema = entry["schema"]
    if entry["kind"] == "table":
        schema = (
            schema["properties"][column]
            if column
            else {
                k: v for k, v in schema.items() if k not in ("properties", "additionalProperties")
            }
        )
    return jsonschema.Draft202012Validator({"$defs": _contract().get("$defs", {}), **schema})


def schema_of(kind: str) -> dict[str, Any]:
    """The contract entry ``kind`` (``kind``, ``files``, ``description``, ``schema``)."""
    try:
        return _contract()[kind]
    except KeyError:
        raise KeyError(f"schemas/inputs.yaml has no entry {kind!r}") from None


def table_kind(path: str | Path) -> str:
    """The contract entry of the table file ``path`` (an entry of kind table whose ``files`` lists
    it; matched by the path's end, so a module's absolute path is found too)."""
    p = Path(path).as_posix()
    for kind, entry in _contract().items():
        table = isinstance(entry, dict) and entry.get("kind") == "table"
        if table and any(p == f or p.endswith("/" + f) for f in entry.get("files", [])):
            return kind
    raise KeyError(f"{path}: no table of schemas/inputs.yaml lists this file")


def explain(err: jsonschema.ValidationError) -> str:
    """A jsonschema error as a reader reads it: the value found and what was expected."""
    expect = err.schema.get("x-expect") if isinstance(err.schema, dict) else None
    if expect:
        return f"{err.instance!r}: expected {expect}"
    return err.message


def _first_error(validator: jsonschema.protocols.Validator, instance: Any, order: list[str]):
    errors = list(validator.iter_errors(instance))
    if not errors:
        return None

    def rank(e: jsonschema.ValidationError) -> tuple:
        col = str(e.absolute_path[0]) if e.absolute_path else ""
        return (order.index(col) if col in order else len(order), list(map(str, e.absolute_path)))

    # the first column in the file's order (an error between columns after those of one column)
    return min(errors, key=rank)


def read_table(path: str | Path, kind: str) -> pd.DataFrame:
    """The CSV table ``path``, checked against the contract entry ``kind``; all cells as strings.

    ``df.attrs["lines"]`` holds the file line of each row (for later messages that name a line).
    """
    path = Path(path)
    entry = schema_of(kind)
    schema = entry["schema"]
    try:
        text = yamlfile.read_utf8(path)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    columns = list(schema["properties"])
    if not text.strip():
        raise InputError(
            f"{path}: the file is empty; expected a header line with {', '.join(schema['required'])}"
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for record in reader:
            if record:  # a blank line is skipped, as pandas does
                rows.append(record)
                lines.append(reader.line_num)
    except csv.Error as err:
        raise InputError(f"{path}: line {reader.line_num}: {err}") from None
    header = [h.strip() for h in rows[0]]
    seen = set()
    for name in header:
        if name in seen:
            raise InputError(
                f"{path}: line {lines[0]}: column {name!r} appears twice in the header"
            )
        seen.add(name)
    missing = [c for c in schema["required"] if c not in header]
    if missing:
        raise InputError(
            f"{path}: line {lines[0]}: missing column(s) {', '.join(missing)} "
            f"(the header must hold {', '.join(schema['required'])})"
        )
    if schema.get("additionalProperties") is False:
        unknown = [c for c in header if c not in columns]
        if unknown:
            raise InputError(
                f"{path}: line {lines[0]}: unknown column {unknown[0]!r} (allowed: {', '.join(columns)})"
            )
    data, data_lines = rows[1:], lines[1:]
    if len(data) < schema.get("x-min-rows", 0):
        raise InputError(
            f"{path}: {len(data)} data row(s) below the header; at least {schema['x-min-rows']} expected"
        )
    # each distinct cell of a column is checked once, then each row's conditions between columns
    checked: set[tuple[str, str]] = set()
    rules = _validator(kind)
    for record, line in zip(data, data_lines, strict=True):
        if len(record) != len(header):
            raise InputError(
                f"{path}: line {line}: {len(record)} fields where the header has {len(header)}; "
                "a value holding a comma must be quoted"
            )
        for name, cell in zip(header, record, strict=True):
            if (name, cell) in checked:
                continue
            err = next(iter(_validator(kind, name).iter_errors(cell)), None)
            if err is not None:
                raise InputError(f"{path}: line {line}, column {name!r}: {explain(err)}")
            checked.add((name, cell))
        row = dict(zip(header, record, strict=True))
        if not rules.is_valid(row):
            err = _first_error(rules, row, header)
            col = f", column {str(err.absolute_path[0])!r}" if err.absolute_path else ""
            raise InputError(f"{path}: line {line}{col}: {explain(err)}")
    # the dtype pandas.read_csv(dtype=str) gives, as the loaders had before the contract
    df = pd.DataFrame(data, columns=header, dtype=object).astype(str)
    df.attrs["lines"] = data_lines
    return df


def load_yaml(path: str | Path, kind: str) -> Any:
    """The YAML file ``path`` (strictly parsed), checked against the contract entry ``kind``."""
    doc = yamlfile.load(path)
    err = _first_error(_validator(kind), doc, [])
    if err is not None:
        key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        raise InputError(f"{path}: key '{key}': {explain(err)}")
    return doc
