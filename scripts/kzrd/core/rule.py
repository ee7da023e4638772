"""The thin edge every rule script shares: Snakemake or standalone, logging, one-line errors.

A rule script is::

    def main(smk) -> None: ...          # reads smk.input / smk.output / smk.params / smk.config

    if __name__ == "__main__":
        run(main, globals())

Under Snakemake, ``snakemake`` is a global of the script. Standalone (for debugging), the job is
resolved from the Snakefile itself, the way PyPSA-Eur's ``mock_snakemake`` does it: the script
``scripts/<rule>.py`` belongs to rule ``<rule>``, its wildcards are given as ``name=value``, and
:func:`mock` builds the job Snakemake would run for them (the same input, output, params, log,
config, threads and resources)::

    python scripts/download.py source=sdg_9_5_2
    python scripts/features.py --config year=2021          # config override (KEY=VALUE, YAML value)
    python scripts/clean.py source=sdg_9_5_2 --configfile big.yaml
    python scripts/download.py source=sdg_9_5_2 --output raw=/tmp/raw.parquet   # redirect one file

``--input/--output/--log NAME=PATH`` and ``--param NAME=JSON`` replace single items of the resolved
job, by name or by position (``--log 0=/tmp/x.log``), e.g. to write somewhere else than
``results/``; ``--rule NAME`` picks the rule when the file stem is not a rule name. A rule with
wildcards given none ends in one line naming them, with example values.

Paths convention: as under Snakemake, every path of the object is relative to the project root (the
Snakefile's directory, Snakemake's working directory). :func:`run` therefore changes to the project
root before calling ``main`` (paths given on its command line are made absolute first); :func:`mock`
does not change the working directory, so use its paths from the project root (or join them to it)::

    from kzrd.core.rule import mock
    smk = mock("clean", source="sdg_9_5_2")     # in a notebook or debugger, cwd = project root
    smk.input.raw, smk.output[0], smk.params, smk.wildcards.source, smk.threads

Loading the workflow runs the Snakefile (as ``snakemake --list-rules`` would), quietly, but builds
no DAG: no job is run and no file of ``results/`` is looked at (no existence or time checks). The
loaded workflow is kept for the next call of :func:`mock` while the Snakefile, its included files and
its config files are unchanged (:func:`clear_cache` forgets it). Jobs are made directly from the
rule and the wildcards, as Snakemake's ``--target-jobs`` does, so a job the default target does not
need (e.g. an online-only rule) resolves too.

Snakemake internals used (checked against Snakemake 9.27; the public API has no way to get one job's
``snakemake`` object): ``snakemake.api.Workflow`` and the settings dataclasses it takes (since 9.14
it needs a ``LoggerManager``), ``Workflow.include/globals/included``, ``snakemake.dag.DAG(workflow,
rules)`` (never initialised), ``snakemake.jobs.Job(rule, dag, wildcards)``,
``Rule.is_producer/get_wildcards/wildcard_names``, ``IOFile.wildcard_constraints``,
``Namedlist._names`` (for the overrides) and ``snakemake.iocontainers.Snakemake`` (the class of the
``snakemake`` object; in Snakemake 8 it was ``snakemake.script.Snakemake``).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import glob
import json
import logging
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kzrd.core.errors import InputError

log = logging.getLogger("kzrd")


class MockError(ValueError):
    """A standalone run asked for something the workflow does not have; ``str(err)`` is one line."""


# --------------------------------------------------------------------------------------------
# Loading the workflow (cached)


@dataclass
class _Loaded:
    key: tuple
    workflow: Any
    dag: Any
    stamps: dict[str, int] = field(default_factory=dict)
    needed: dict[str, list[dict[str, str]]] | None = None  # rule -> wildcards, lazily


_cache: list[_Loaded] = []  # one slot: Snakemake keeps a workflow's globals in a module dict


def clear_cache() -> None:
    """Forget the loaded workflow (the next :func:`mock` loads the Snakefile again)."""
    while _cache:
        with contextlib.suppress(Exception):
            _cache.pop().workflow.tear_down()


def _mtime(path: str | Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


def _stamps(workflow: Any, extra: Iterable[Path]) -> dict[str, int]:
    """Modification times of the files the loaded workflow depends on (Snakefiles, config files)."""
    files = [str(f.get_path_or_uri(secret_free=True)) for f in workflow.included]
    files += [str(Path(f).absolute()) for f in workflow.configfiles]
    files += [str(f) for f in extra]
    return {f: _mtime(f) for f in files}


def _load(root: Path, configfiles: tuple[Path, ...], overrides: dict | None) -> _Loaded:
    """The workflow of ``root/Snakefile``, loaded quietly; the caller has changed to ``root``."""
    key = (
        str(root),
        tuple(map(str, configfiles)),
        json.dumps(overrides or {}, sort_keys=True, default=str),
    )
    if _cache:
        hit = _cache[0]
        if (
            hit.key == key
            # another workflow loaded in this process since would have replaced the globals the
            # Snakefile's functions use (``config``, ``workflow``, ``rules``)
            and hit.workflow.globals.get("workflow") is hit.workflow
            and all(_mtime(f) == t for f, t in hit.stamps.items())
        ):
            return hit
        clear_cache()

    try:
        # via snakemake.api: importing snakemake.workflow first is a circular import
        from snakemake.api import Workflow
        from snakemake.common import SNAKEFILE_CHOICES
        from snakemake.dag import DAG
        from snakemake.exceptions import WorkflowError
        from snakemake.logging import LoggerManager, logger
        from snakemake.settings.types import (
            ConfigSettings,
            DAGSettings,
            DeploymentSettings,
            OutputSettings,
            ResourceSettings,
            StorageSettings,
            WorkflowSettings,
        )
    except ImportError as err:  # pragma: no cover - depends on the installed Snakemake
        raise MockError(f"standalone runs need Snakemake 9 ({err})") from err

    snakefile = next((root / p for p in SNAKEFILE_CHOICES if (root / p).exists()), None)
    if snakefile is None:
        raise MockError(f"no Snakefile in {root}")
    for f in configfiles:
        if not f.exists():
            raise MockError(f"config file {f} does not exist")
    output = OutputSettings(log_level_override=logging.ERROR)  # quiet: errors only
    workflow = Workflow(
        config_settings=ConfigSettings(configfiles=configfiles, config=overrides or {}),
        resource_settings=ResourceSettings(cores=os.cpu_count() or 1),  # as `--cores all`
        workflow_settings=WorkflowSettings(),
        storage_settings=StorageSettings(),
        dag_settings=DAGSettings(),
        deployment_settings=DeploymentSettings(),
        output_settings=output,
        logger_manager=LoggerManager(logger, output),
        storage_provider_settings={},
    )
    try:
        workflow.include(snakefile, overwrite_default_target=True)
        workflow.check()
    except WorkflowError as err:  # the Snakefile's own stop (e.g. a bad config key): one line
        raise MockError(f"the Snakefile stopped: {' '.join(str(err).split())}") from None
    loaded = _Loaded(
        key=key,
        workflow=workflow,
        dag=DAG(workflow, rules=workflow.rules),  # only a home for jobs: never initialised
        stamps=_stamps(workflow, configfiles),
    )
    _cache.append(loaded)
    return loaded


# --------------------------------------------------------------------------------------------
# Rules, wildcards, jobs


def _rule(workflow: Any, name: str) -> Any:
    if not workflow.is_rule(name):
        names = ", ".join(r.name for r in workflow.rules)
        raise MockError(f"no rule {name!r} in the Snakefile (rules: {names})")
    return workflow.get_rule(name)


def _constraints(rule: Any) -> dict[str, str]:
    """Wildcard name -> regular expression it must match (rule-level and global constraints)."""
    out: dict[str, str] = {}
    for f in rule.output:
        for name, regex in f.wildcard_constraints().items():
            out.setdefault(name, regex.pattern)
    return out


_LITERALS = re.compile(r"\(?(?:[\w.\-]+\|)*[\w.\-]+\)?")


def _literal_values(pattern: str) -> list[str]:
    """The values of a constraint that is a plain alternation, e.g. ``a|b|c``; else none."""
    if not _LITERALS.fullmatch(pattern):
        return []
    return pattern.strip("()").split("|")


def _new_job(loaded: _Loaded, rule: Any, wildcards: dict[str, str]) -> Any:
    from snakemake.jobs import Job

    return Job(rule, loaded.dag, wildcards)


def _needed(loaded: _Loaded) -> dict[str, list[dict[str, str]]]:
    """Rule -> the wildcards of its jobs the default target needs.

    Found without the disk: from the default target's job, every input file is matched against the
    rules' outputs (``Rule.is_producer``/``get_wildcards``, as Snakemake's DAG does), recursively.
    """
    if loaded.needed is not None:
        return loaded.needed
    workflow = loaded.workflow
    target = workflow.default_target or next(iter(workflow.rules)).name
    rules = list(workflow.rules)
    found: dict[str, list[dict[str, str]]] = {}
    seen_files: set[str] = set()
    seen_jobs: set[tuple] = set()
    todo: list[tuple[Any, dict[str, str]]] = [(workflow.get_rule(target), {})]
    while todo:
        rule, wildcards = todo.pop()
        key = (rule.name, *sorted(wildcards.items()))
        if key in seen_jobs:
            continue
        seen_jobs.add(key)
        try:
            job = _new_job(loaded, rule, wildcards)
        except Exception:  # an input function that needs more than the wildcards: skip
            continue
        found.setdefault(rule.name, []).append(dict(wildcards))
        for f in map(str, job.input):
            if f in seen_files:
                continue
            seen_files.add(f)
            todo.extend((r, dict(r.get_wildcards(f))) for r in rules if r.is_producer(f))
    loaded.needed = {
        name: sorted(wcs, key=lambda d: sorted(d.items())) for name, wcs in found.items()
    }
    return loaded.needed


def _examples(loaded: _Loaded, rule: Any) -> list[dict[str, str]]:
    """Example wildcards of a rule: those of the jobs the default target needs, else the values of
    plain-alternation constraints (e.g. an online-only rule)."""
    needed = [w for w in _needed(loaded).get(rule.name, []) if w]
    if needed:
        return needed
    values = {n: _literal_values(p) for n, p in _constraints(rule).items()}
    names = sorted(rule.wildcard_names)
    if names and all(values.get(n) for n in names):
        first = {n: values[n][0] for n in names}
        return [first] + [{**first, names[0]: v} for v in values[names[0]][1:]]
    return []


def _format_examples(examples: list[dict[str, str]], limit: int = 3) -> str:
    shown = [" ".join(f"{k}={v}" for k, v in w.items()) for w in examples[:limit]]
    more = f", ... ({len(examples)} in all)" if len(examples) > limit else ""
    return f" (e.g. {', '.join(shown)}{more})" if shown else ""


def _check_wildcards(loaded: _Loaded, rule: Any, given: dict[str, Any]) -> dict[str, str]:
    given = {k: str(v) for k, v in given.items()}
    names = set(rule.wildcard_names)
    missing, unknown = sorted(names - given.keys()), sorted(given.keys() - names)
    if missing:
        raise MockError(
            f"rule {rule.name!r} needs wildcard(s) {', '.join(missing)}: give them as name=value"
            + _format_examples(_examples(loaded, rule))
        )
    if unknown:
        has = ", ".join(sorted(names)) or "none"
        raise MockError(
            f"rule {rule.name!r} has no wildcard(s) {', '.join(unknown)} (its wildcards: {has})"
        )
    for name, pattern in _constraints(rule).items():
        if not re.fullmatch(pattern, given[name]):
            allowed = (
                "one of its values" if _literal_values(pattern) else f"its constraint {pattern!r}"
            )
            raise MockError(
                f"rule {rule.name!r}: {name}={given[name]!r} is not {allowed}"
                + _format_examples(_examples(loaded, rule))
            )
    return given


def _replace(items: Any, overrides: dict[str, Any], what: str, rule: str) -> None:
    """Replace single items of a job's named list (input, output, log, params), by name or by
    position (``0``, ``1``, ... for unnamed items such as a rule's one log file)."""
    names = items._names  # Snakemake's Namedlist: name -> (start, end); end is None for one item
    for name, value in overrides.items():
        if name.isdigit() and int(name) < len(items):
            index = int(name)
        elif names.get(name, (None, 0))[1] is None:
            index = names[name][0]
        else:
            named = [n for n, (_, end) in names.items() if end is None]
            has = f"names: {', '.join(named)}" if named else "no names"
            where = f"; positions 0-{len(items) - 1}" if items else ""
            raise MockError(f"rule {rule!r} has no {what} {name!r} ({has}{where})")
        items[index] = value
        for n, (start, end) in names.items():
            if start == index and end is None:
                setattr(items, n, value)


@contextlib.contextmanager
def _loaded(
    root: Path | None, configfiles: Iterable[str | Path], config_overrides: dict | None
) -> Iterator[_Loaded]:
    """The loaded workflow of ``root``, with the working directory at ``root`` meanwhile (Snakemake
    resolves config files and rule paths from its working directory)."""
    from kzrd import PROJECT_ROOT

    root = Path(root or PROJECT_ROOT).resolve()
    configfiles = tuple(Path(f).absolute() for f in configfiles)
    with contextlib.chdir(root):
        yield _load(root, configfiles, config_overrides)


@contextlib.contextmanager
def loaded_workflow(
    root: Path | None = None,
    configfiles: Iterable[str | Path] = (),
    config_overrides: dict | None = None,
) -> Iterator[Any]:
    """The parsed Snakemake workflow of ``root`` (its rules, config, globals), loaded quietly, with
    the working directory at ``root`` inside the ``with`` block. Nothing is run."""
    with _loaded(root, configfiles, config_overrides) as loaded:
        yield loaded.workflow


def _mock(
    rule: str,
    root: Path | None,
    configfiles: Iterable[str | Path],
    config_overrides: dict | None,
    wildcards: dict[str, Any],
    replace: dict[str, dict[str, Any]] | None = None,
) -> Any:
    try:
        from snakemake.iocontainers import Snakemake
    except ImportError:  # pragma: no cover - Snakemake 8
        from snakemake.script import Snakemake

    with _loaded(root, configfiles, config_overrides) as loaded:
        workflow = loaded.workflow
        r = _rule(workflow, rule)
        job = _new_job(loaded, r, _check_wildcards(loaded, r, wildcards))
        fields = dict(input=job.input, output=job.output, log=job.log, params=job.params)
        for what, overrides in (replace or {}).items():
            _replace(fields[what], overrides, what, r.name)
        scriptdir = (
            str((Path(r.snakefile).parent / r.script).resolve().parent) if r.script else None
        )
        smk = Snakemake(
            job.input,
            job.output,
            job.params,
            job.wildcards,
            job.threads,
            job.resources,
            job.log,
            workflow.config,
            r.name,
            None,  # bench_iteration
            scriptdir,
        )
    # A copy, as the script gets under Snakemake (pickled): changing it leaves the workflow alone.
    return pickle.loads(pickle.dumps(smk, protocol=4))


def mock(
    rule: str,
    root: Path | None = None,
    configfiles: Iterable[str | Path] = (),
    config_overrides: dict | None = None,
    **wildcards: Any,
) -> object:
    """The ``snakemake`` object Snakemake would give the script of ``rule`` for ``wildcards``.

    The workflow is loaded from ``root/Snakefile`` (default: the project root), with ``configfiles``
    and ``config_overrides`` applied as ``--configfile`` and ``--config`` would be. The object has
    ``input``, ``output``, ``params``, ``wildcards``, ``log`` (named lists: ``smk.input.regions``,
    ``smk.output[0]``), ``config``, ``threads``, ``resources`` and ``rule``; its paths are relative
    to the project root. Raises :class:`MockError` (one line) for an unknown rule or wrong wildcards.
    """
    return _mock(rule, root, configfiles, config_overrides, wildcards)


def rule_names(
    root: Path | None = None,
    configfiles: Iterable[str | Path] = (),
    config_overrides: dict | None = None,
) -> list[str]:
    """The rules of the workflow, in the Snakefile's order."""
    with _loaded(root, configfiles, config_overrides) as loaded:
        return [r.name for r in loaded.workflow.rules]


def needed_jobs(
    root: Path | None = None,
    configfiles: Iterable[str | Path] = (),
    config_overrides: dict | None = None,
) -> dict[str, list[dict[str, str]]]:
    """Rule -> the wildcards of each of its jobs the default target needs (``{}`` for a rule without
    wildcards), found from the Snakefile alone: no DAG is built and no file is looked at."""
    with _loaded(root, configfiles, config_overrides) as loaded:
        return {name: [dict(w) for w in wcs] for name, wcs in _needed(loaded).items()}


def example_wildcards(
    rule: str,
    root: Path | None = None,
    configfiles: Iterable[str | Path] = (),
    config_overrides: dict | None = None,
) -> list[dict[str, str]]:
    """Wildcards of ``rule`` that exist in the workflow: those of the jobs the default target needs,
    else the values of plain-alternation wildcard constraints (e.g. of an online-only rule);
    ``[{}]`` for a rule without wildcards, ``[]`` if no value is known."""
    with _loaded(root, configfiles, config_overrides) as loaded:
        r = _rule(loaded.workflow, rule)
        return [{}] if not r.wildcard_names else _examples(loaded, r)


# --------------------------------------------------------------------------------------------
# Standalone command line


def _pairs(items: list[str], parse: Callable[[str], Any] = str, what: str = "name=value") -> dict:
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise MockError(f"expected {what}, got {item!r}")
        k, v = item.split("=", 1)
        try:
            out[k] = parse(v)
        except (ValueError, yaml.YAMLError) as err:
            raise MockError(f"{item!r}: {' '.join(str(err).split())}") from None
    return out


def _config_overrides(items: list[str]) -> dict:
    """``KEY=VALUE`` (dotted keys nest, values are YAML) as a config mapping."""
    out: dict[str, Any] = {}
    for key, value in _pairs(
        items, yaml.safe_load, "KEY=VALUE (a config file is --configfile)"
    ).items():
        *parents, last = key.split(".")
        node = out
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return out


def _rule_of_script(script: Path, loaded: _Loaded) -> str:
    """The rule a script belongs to: its file stem, else the one rule whose ``script:`` it is."""
    workflow = loaded.workflow
    if workflow.is_rule(script.stem):
        return script.stem
    users = [
        r.name
        for r in workflow.rules
        if r.script and (Path(r.snakefile).parent / r.script).resolve() == script.resolve()
    ]
    if len(users) == 1:
        return users[0]
    if users:
        raise MockError(
            f"{script.name} is the script of rules {', '.join(users)}: name one with --rule"
        )
    raise MockError(f"{script.name} is not the script of a rule (name one with --rule)")


def standalone(script: Path, argv: list[str] | None = None) -> Any:
    """The ``snakemake`` object of a standalone run of ``script``, from the command line ``argv``
    (see the module docstring). The project is the one the script is in (``<root>/scripts/``).

    Changes the working directory to the project root, as Snakemake does.
    """
    from kzrd import PROJECT_ROOT

    ap = argparse.ArgumentParser(
        prog=f"python scripts/{script.name}",
        description="Run a rule script without Snakemake: the job is resolved from the Snakefile.",
    )
    ap.add_argument("wildcards", nargs="*", metavar="NAME=VALUE", help="the job's wildcards")
    ap.add_argument(
        "--wildcard", action="append", default=[], metavar="NAME=VALUE", help=argparse.SUPPRESS
    )
    ap.add_argument("--rule", help="the rule (default: the script's file stem)")
    ap.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="config override; dotted keys nest (figures.dpi=72), values are YAML",
    )
    ap.add_argument(
        "--configfile",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="config file applied over config.yaml, as snakemake --configfile",
    )
    for what in ("input", "output", "log"):
        ap.add_argument(
            f"--{what}",
            action="append",
            default=[],
            metavar="NAME=PATH",
            help=f"use PATH for the job's {what} NAME",
        )
    ap.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="use the JSON value for the job's param NAME",
    )
    a = ap.parse_args(argv)

    def absolute(p: str) -> str:
        return str(Path(p).absolute())

    replace = {
        what: {k: absolute(v) for k, v in _pairs(getattr(a, what)).items()}
        for what in ("input", "output", "log")
    }
    replace["params"] = _pairs(a.param, json.loads, "NAME=JSON")
    configfiles = tuple(f.absolute() for f in a.configfile)
    overrides = _config_overrides(a.config)
    wildcards = _pairs([*a.wildcards, *a.wildcard])
    root = Path(script).resolve().parents[1]
    if not any((root / name).exists() for name in ("Snakefile", "workflow/Snakefile")):
        root = PROJECT_ROOT.resolve()
    with _loaded(root, configfiles, overrides) as loaded:
        rule = a.rule or _rule_of_script(Path(script), loaded)
    smk = _mock(rule, root, configfiles, overrides, wildcards, replace)
    named = list(smk.output.keys())
    kept = [n for n in named if n not in replace["output"]]
    if replace["output"] and kept:  # else the others would still be written into results/
        raise MockError(
            f"rule {rule!r} writes {', '.join(named)}; --output redirects "
            f"{', '.join(replace['output'])} only: redirect {', '.join(kept)} too "
            f"(--output {kept[0]}=PATH ...), or none"
        )
    os.chdir(root)
    missing = [f for f in dict.fromkeys(smk.input) if not Path(f).exists()]
    if missing:  # Snakemake would make them first
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise MockError(
            f"rule {rule!r} lacks input {', '.join(missing[:3])}{more}; "
            f"make {'them' if len(missing) > 1 else 'it'} first: snakemake {' '.join(missing)}"
        )
    return smk


class _Brief(logging.Formatter):
    """The screen's format: the message only, never a traceback (that goes to the rule's log)."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        return super().format(record)


_PART = re.compile(r"^\.(?P<name>.+)\.[^.]+\.part$")  # kzrd.core.io.atomic_path's temporary files


def remove_stale_parts(outputs: Iterable[str]) -> list[Path]:
    """Remove temporary files an interrupted earlier run (kill -9) left beside these outputs."""
    removed = []
    for out in outputs:
        out = Path(out)
        if not out.parent.is_dir():
            continue
        for tmp in out.parent.glob(f".{glob.escape(out.name)}.*.part"):
            m = _PART.match(tmp.name)
            if m and m["name"] == out.name:
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    return removed


def _unwritable(err: OSError) -> str | None:
    """One line for a full disk, a quota or a read-only place, naming the file; else None."""
    if err.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
        return None
    name = Path(err.filename or "?")
    m = _PART.match(name.name)
    target = name.with_name(m["name"]) if m else name
    return (
        f"{target}: cannot be written ({err.strerror}); nothing was left half-written: "
        "free some space (or fix the permissions) and run again"
    )


def run(main: Callable[[Any], None], namespace: dict[str, Any]) -> None:
    """Call ``main`` with Snakemake's object (or a standalone one).

    Bad input (:class:`InputError`) and a full disk end in one line on the screen and in the log. Any
    other exception is a bug: one line on the screen naming the log, the traceback in the log.
    Temporary files an interrupted earlier run left beside the outputs are removed first. Under
    Snakemake only warnings and errors reach the screen; everything is in the job's log.
    """
    smk = namespace.get("snakemake")
    if smk is None:
        try:
            smk = standalone(Path(namespace.get("__file__") or sys.argv[0]))
        except MockError as err:
            print(f"error: {err}", file=sys.stderr)
            raise SystemExit(2) from None
    # under Snakemake the screen gets warnings and errors only (the job's log holds the rest); a
    # standalone run shows its progress too
    screen = logging.StreamHandler(sys.stderr)
    screen.setLevel(logging.INFO if "snakemake" not in namespace else logging.WARNING)
    screen.setFormatter(_Brief("%(levelname)s %(name)s: %(message)s"))
    handlers: list[logging.Handler] = [screen]
    log_file = smk.log[0] if len(smk.log) else None
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, mode="w", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handlers.append(handler)
    logging.basicConfig(level=logging.INFO, handlers=handlers, force=True)
    try:
        for tmp in remove_stale_parts(smk.output):
            log.info("removed %s, left by an interrupted earlier run", tmp)
        main(smk)
    except InputError as err:
        log.error("%s", err)
        raise SystemExit(1) from None
    except OSError as err:
        line = _unwritable(err)
        if line is None:
            _bug(err, log_file)
        log.error("%s", line)
        raise SystemExit(1) from None
    except Exception as err:  # a bug, not bad input
        _bug(err, log_file)


def _bug(err: BaseException, log_file: str | None) -> None:
    where = f"the traceback is in {log_file}" if log_file else "traceback follows"
    log.error(
        "internal error (a bug, not your input): %s: %s; %s",
        type(err).__name__,
        " ".join(str(err).split()),
        where,
        exc_info=err,
    )
    if not log_file:
        raise err
    raise SystemExit(1) from None
