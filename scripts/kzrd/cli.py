"""The thin edge every rule script shares: Snakemake or standalone, logging, one-line errors.

A rule script is::

    def main(smk) -> None: ...          # reads smk.input / smk.output / smk.params / smk.config

    if __name__ == "__main__":
        run(main, globals())

Under Snakemake, ``snakemake`` is a global of the script. Standalone (for debugging) the same
script takes ``--input name=path``, ``--output name=path``, ``--param name=json`` and
``--config config.yaml``, e.g.::

    python scripts/features.py --input clean=results/clean/sdg_9_5_2.parquet \
        --output panel=/tmp/panel.parquet --param year=2022
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from kzrd.errors import InputError

log = logging.getLogger("kzrd")


class Named(list):
    """A list of paths that also answers by name, like Snakemake's named input/output."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(v for _, v in pairs)
        self._names: dict[str, Any] = {}
        for k, v in pairs:
            if k in self._names:  # repeated name: a list of values
                prev = self._names[k]
                self._names[k] = [*(prev if isinstance(prev, list) else [prev]), v]
            else:
                self._names[k] = v

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_names"][name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        return self._names.get(name, default)


def _pairs(items: list[str], parse: Callable[[str], Any] = str) -> list[tuple[str, Any]]:
    out = []
    for item in items:
        if "=" not in item:
            raise SystemExit(f"expected name=value, got {item!r}")
        k, v = item.split("=", 1)
        out.append((k, parse(v)))
    return out


def standalone(argv: list[str] | None = None) -> SimpleNamespace:
    ap = argparse.ArgumentParser(description="Run a kz-rd-repro rule script without Snakemake.")
    ap.add_argument("--input", action="append", default=[], metavar="NAME=PATH")
    ap.add_argument("--output", action="append", default=[], metavar="NAME=PATH")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=JSON")
    ap.add_argument("--wildcard", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--config", type=Path, default=Path("config.yaml"))
    ap.add_argument("--log", default=None)
    a = ap.parse_args(argv)
    config = yaml.safe_load(a.config.read_text(encoding="utf-8")) if a.config.exists() else {}
    return SimpleNamespace(
        input=Named(_pairs(a.input)),
        output=Named(_pairs(a.output)),
        params=Named(_pairs(a.param, json.loads)),
        wildcards=Named(_pairs(a.wildcard)),
        log=Named([("log", a.log)] if a.log else []),
        config=config,
    )


def run(main: Callable[[Any], None], namespace: dict[str, Any]) -> None:
    """Call ``main`` with Snakemake's object (or a standalone one); bad input ends in one line."""
    smk = namespace.get("snakemake") or standalone()
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if len(smk.log):
        Path(smk.log[0]).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(smk.log[0], mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    try:
        main(smk)
    except InputError as err:
        log.error("%s", err)
        raise SystemExit(1) from None
