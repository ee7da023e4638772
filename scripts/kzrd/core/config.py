"""Configuration checks that end in one line naming the key (before Snakemake's own validation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema

from kzrd import PROJECT_ROOT
from kzrd.core import yamlfile

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
