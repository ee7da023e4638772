"""Loaded by every Python process of a test run whose PYTHONPATH holds this directory (the workflow
contract test, tests/workflow/test_contract.py): records each file the process opens with a Python
audit hook (PEP 578) and, if the process is a Snakemake rule script (its ``snakemake`` global is
set), writes the job's declared inputs, outputs and log and the files it opened to
``$KZRD_OPEN_LOG/<pid>.json`` at exit. Processes that are not rule jobs write nothing."""

import atexit
import json
import os
import sys

_LOG_DIR = os.environ.get("KZRD_OPEN_LOG")
_OPENED: dict[str, str] = {}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _hook(event, args):
    if event == "open":
        path, mode, flags = args
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str):
            return
        writing = bool(mode and any(c in mode for c in "wax+")) or bool(flags & _WRITE_FLAGS)
        path = os.path.abspath(path)
        if writing or path not in _OPENED:
            _OPENED[path] = "w" if writing else _OPENED.get(path, "r")
    elif event in ("os.rename", "os.replace"):
        dst = args[1]
        if isinstance(dst, str | bytes):
            _OPENED[os.path.abspath(os.fsdecode(dst))] = "w"


def _flat(values):
    out = []
    for v in values:
        if isinstance(v, list | tuple):
            out += _flat(v)
        elif v is not None:
            out.append(os.path.abspath(str(v)))
    return out


def _dump():
    smk = getattr(sys.modules.get("__main__"), "snakemake", None)
    if smk is None or not hasattr(smk, "rule") or not hasattr(smk, "input"):
        return
    record = dict(
        rule=smk.rule,
        wildcards=dict(smk.wildcards.items()),
        cwd=os.getcwd(),
        input=_flat(list(smk.input)),
        output=_flat(list(smk.output)),
        log=_flat(list(smk.log)),
        opened=sorted(_OPENED.items()),
    )
    os.makedirs(_LOG_DIR, exist_ok=True)
    with open(os.path.join(_LOG_DIR, f"{os.getpid()}.json"), "w", encoding="utf-8") as f:
        json.dump(record, f)


if _LOG_DIR:
    sys.addaudithook(_hook)
    atexit.register(_dump)
