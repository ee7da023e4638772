"""The rule runner's edges (kzrd.core.rule.run): bad input, a full disk and a bug each end in one
line on the screen; the bug's traceback goes to the rule's log; an interrupted run's temporary files
are removed before the job writes again."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from kzrd.core import io
from kzrd.core.errors import InputError
from kzrd.core.rule import remove_stale_parts, run


def _smk(tmp_path: Path) -> SimpleNamespace:
    out = tmp_path / "results" / "table.parquet"
    return SimpleNamespace(
        input=[], output=[str(out)], log=[str(tmp_path / "results" / "logs" / "rule.log")]
    )


def _run(main, smk, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as end:
        run(main, {"snakemake": smk})
    logging.shutdown()
    return end.value.code, capsys.readouterr().err, Path(smk.log[0]).read_text(encoding="utf-8")


def test_bad_input_is_one_line_on_screen_and_in_the_log(tmp_path, capsys):
    smk = _smk(tmp_path)

    def main(_):
        raise InputError("resources/x.csv: line 3, column 'value': 'inf': expected a number")

    code, err, log = _run(main, smk, capsys)
    assert code == 1
    assert err.strip().splitlines() == [
        "ERROR kzrd: resources/x.csv: line 3, column 'value': 'inf': expected a number"
    ]
    assert "line 3" in log and "Traceback" not in log


def test_a_bug_is_one_line_on_screen_with_the_traceback_in_the_log(tmp_path, capsys):
    smk = _smk(tmp_path)

    def main(_):
        return {}["missing"]

    code, err, log = _run(main, smk, capsys)
    assert code == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "internal error (a bug, not your input): KeyError: 'missing'" in err
    assert f"the traceback is in {smk.log[0]}" in err
    assert "Traceback (most recent call last)" in log and "KeyError" in log


def test_a_full_disk_names_the_output_and_leaves_nothing_half_written(
    tmp_path, capsys, monkeypatch
):
    smk = _smk(tmp_path)
    real_write = Path.write_bytes

    def full(self, data):
        real_write(self, data[: len(data) // 2])  # part of it reached the disk
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    def main(s):
        monkeypatch.setattr(Path, "write_bytes", full)
        io.write_bytes(s.output[0], b"x" * 1000)

    code, err, _ = _run(main, smk, capsys)
    assert code == 1
    assert err.strip().splitlines() == [
        f"ERROR kzrd: {smk.output[0]}: cannot be written (No space left on device); nothing was "
        "left half-written: free some space (or fix the permissions) and run again"
    ]
    assert os.listdir(Path(smk.output[0]).parent) == ["logs"]


def test_pyarrow_disk_full_error_is_mapped_to_the_output(tmp_path, monkeypatch):
    """pyarrow reports errno in its message only; the error still names the output."""
    import pyarrow.parquet as pq

    def full(*args, **kwargs):
        raise OSError("[Errno 28] Error writing bytes to file. Detail: [errno 28] No space left")

    monkeypatch.setattr(pq, "write_table", full)
    target = tmp_path / "v.parquet"
    df = pd.DataFrame(
        columns=["source", "check", "severity", "kato", "indicator", "year", "message"]
    )
    with pytest.raises(OSError) as err:
        io.write_parquet(df, target, "validation")
    assert err.value.errno == errno.ENOSPC and err.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_an_interrupted_run_are_removed(tmp_path):
    out = tmp_path / "table.parquet"
    mine = tmp_path / ".table.parquet.k2j3h4.part"  # what atomic_path leaves after kill -9
    other = tmp_path / ".table.parquet.old.k2j3h4.part"  # belongs to another output
    for f in (mine, other):
        f.write_bytes(b"half")
    assert remove_stale_parts([str(out)]) == [mine]
    assert not mine.exists() and other.exists()
