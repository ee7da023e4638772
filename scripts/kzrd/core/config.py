"""Configuration checks that end in one line naming the key (before Snakemake's own validation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema

from kzrd import PROJECT_ROOT
from kzrd.core import yamlfile
from kzrd.core.errors import InputError

CONFIG_SCHEMA = PROJECT_ROOT / "schemas" / "config.schema.yaml"


def config_errors(config: dict[str, Any], schema_path: Path = CONFIG_SCHEMA) -> list[str]:
    """One line per problem, each naming the key path, e.g. "config key 'year': 'abc' is not of type 'integer'"."""
    schema = yamlfile.load(schema_path)
    validator = jsonschema.Draft202012Validator(schema)
    out = []
    for err in sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.absolute_path))):
        path = ".".join(str(p) for p in err.absolute_path)
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            key = ".".join(filter(None, [path, extra[0] if extra else ""]))
            out.append(
                f"config key '{key}': unknown key (allowed: {', '.join(err.schema.get('properties', {}))})"
            )
        elif err.validator == "oneOf" and path == "regions":
            out.append(
                f"config key 'regions': {err.instance!r} is neither \"all\" nor a list of 9-digit KATO codes"
            )
        else:
            out.append(f"config key '{path or '(top level)'}': {err.message}")
    return out


def check_config_files(paths: list[str | Path]) -> None:
    """Parse each config file strictly before Snakemake does: a malformed file, one that is not UTF-8,
    or a key given twice (which YAML readers silently resolve to the last) raises
    :class:`~kzrd.core.errors.InputError` naming the file, the line and the column."""
    for path in paths:
        path = Path(path)
        if path.is_absolute() and path.is_relative_to(Path.cwd()):
            path = path.relative_to(Path.cwd())  # as the user typed it
        doc = yamlfile.load(path)
        if doc is not None and not isinstance(doc, dict):  # an empty file: the schema's defaults
            raise InputError(f"{path}: a config file must be a mapping of keys to values")


def has_keys(path: str | Path) -> bool:
    """Whether a config file sets any key (an empty file, or one of comments only, sets none)."""
    return bool(yamlfile.load(Path(path)))


def shapefile_problem(path: str | Path) -> str | None:
    """What is wrong with a configured boundary file, or None: it must be an ESRI shapefile (.shp)
    with its .shx and .dbf beside it."""
    p = Path(path)
    if not p.exists():
        return f"{p} does not exist"
    if p.suffix.lower() != ".shp" or not p.is_file():
        return f"{p} is not a shapefile (.shp)"
    with open(p, "rb") as f:
        if f.read(4) != b"\x00\x00\x27\x0a":
            return f"{p} is not a shapefile (its first bytes are not a shapefile's file code)"
    missing = [s for s in (".shx", ".dbf") if not p.with_suffix(s).exists()]
    if missing:
        return f"{p}: its {' and '.join(missing)} file(s) are missing beside it"
    return None
