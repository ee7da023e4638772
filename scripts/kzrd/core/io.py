"""File I/O at the edges: atomic writes, deterministic Parquet, checksums."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kzrd.core.schemas import conform


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path beside ``path``; move it into place only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        try:
            yield Path(tmp)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
            os.replace(tmp, path)
        except OSError as err:
            # name the output, not the temporary file (pyarrow's errors carry the errno in the text)
            found = re.search(r"\[Errno (\d+)\]", str(err))
            code = err.errno or (int(found[1]) if found else None)
            if code is None:
                raise
            raise OSError(code, os.strerror(code), str(path)) from err
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_atomic(path: str | Path, write: Callable[[Path], None]) -> None:
    with atomic_path(path) as tmp:
        write(tmp)


def write_parquet(df: pd.DataFrame, path: str | Path, schema_name: str) -> None:
    """Write ``df`` conformed to its declared schema, atomically and byte-stably."""
    table = pa.Table.from_pandas(conform(df, schema_name), preserve_index=False)
    write_atomic(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def read_parquet(path: str | Path) -> pd.DataFrame:
    return pd.read_parquet(path, dtype_backend="numpy_nullable").pipe(_float_nan)


def _float_nan(df: pd.DataFrame) -> pd.DataFrame:
    """Nullable floats back to plain float64 (missing = NaN); strings stay pandas strings."""
    for col in df.columns:
        if str(df[col].dtype) == "Float64":
            df[col] = df[col].astype("float64")
        elif str(df[col].dtype) == "Int64" and not df[col].isna().any():
            df[col] = df[col].astype("int64")
    return df


def write_text(path: str | Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes(path: str | Path, data: bytes) -> None:
    write_atomic(path, lambda tmp: tmp.write_bytes(data))
