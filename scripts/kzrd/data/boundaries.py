"""Boundary files for the 2019 study's map: the pinned geokz shapefile, fetched, verified, checked.

Each file of the shapefile is fetched to a temporary directory with :func:`kzrd.data.fetch.fetch` (timeouts,
retries, size cap, content sniffing, sha256 pinned per file); only when every file is verified and the
shapefile carries a KATO code for each current region are the files moved into place, atomically, one
by one. A failure leaves an earlier good copy untouched."""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kzrd.core.errors import InputError
from kzrd.core.io import write_bytes
from kzrd.data.fetch import FetchSettings, fetch


def shapefile_katos(shapefile: str | Path, field: str) -> list[str]:
    """The KATO code of every record of ``shapefile``, in file order."""
    import shapefile as pyshp  # pyshp

    try:
        with pyshp.Reader(str(shapefile), encoding="utf-8") as reader:
            fields = [f[0] for f in reader.fields[1:]]
            if field not in fields:
                raise InputError(f"{shapefile}: no field {field!r} (fields: {', '.join(fields)})")
            return [str(rec[field]).strip() for rec in reader.iterRecords()]
    except (pyshp.ShapefileException, ValueError, struct.error, EOFError) as err:
        # ValueError includes a .dbf that is not UTF-8; struct.error and EOFError a truncated file
        reason = " ".join(str(err).split())[:120] or type(err).__name__
        raise InputError(
            f"{shapefile}: not a readable shapefile ({reason}); check the file"
        ) from None


def check_boundaries(shapefile: str | Path, field: str, expected: Iterable[str]) -> None:
    """Raise one line naming the file if a current region is missing, unknown or repeated."""
    katos = shapefile_katos(shapefile, field)
    want = set(expected)
    missing = sorted(want - set(katos))
    unknown = sorted(set(katos) - want)
    repeated = sorted({k for k in katos if katos.count(k) > 1})
    problems = [
        f"{label} {', '.join(codes)}"
        for label, codes in (("missing", missing), ("unknown", unknown), ("repeated", repeated))
        if codes
    ]
    if problems:
        raise InputError(f"{shapefile}: field {field!r}: KATO code(s) " + "; ".join(problems))


def fetch_boundaries(
    boundary_id: str,
    spec: dict[str, Any],
    online: dict[str, Any],
    dest_dir: str | Path,
    expected_katos: Iterable[str],
) -> list[Path]:
    """Fetch every pinned file of ``spec`` into ``dest_dir``; return the written paths.

    The base address is ``online.urls.<boundary_id>`` if configured (a mirror), else ``spec['url']``;
    the checksums are the pinned ones either way."""
    base = (online.get("urls") or {}).get(boundary_id) or spec["url"]
    settings = FetchSettings.from_config(online)
    with tempfile.TemporaryDirectory(prefix=f"kzrd-{boundary_id}-") as tmp:
        for name, sha in spec["files"].items():
            fetch(boundary_id, base.rstrip("/") + "/" + name, Path(tmp) / name, sha,
                  Path(name).suffix.lower(), settings)  # fmt: skip
        check_boundaries(Path(tmp) / spec["shapefile"], spec["kato_field"], expected_katos)
        written = []
        for name in spec["files"]:
            target = Path(dest_dir) / name
            write_bytes(target, (Path(tmp) / name).read_bytes())
            written.append(target)
    return written
