"""Developer tool: rebuild resources/snapshots/ from the real upstream files in ../shared/data.

    .venv/bin/python scripts/build_snapshots.py [--shared ../shared/data]

Parses each source with the parser declared in resources/sources.yaml, writes the tidy snapshot
CSV, checks the upstream sha256 against sources.yaml, and rewrites resources/snapshots/SHA256SUMS.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kzrd import PROJECT_ROOT
from kzrd.core.io import sha256_file
from kzrd.data.parsers import parse_source
from kzrd.reference.sources import SHA256SUMS, load_sources, write_snapshot


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    lines = []
    for sid, spec in load_sources().items():
        upstream = args.shared / spec["shared_path"]
        digest = sha256_file(upstream)
        if digest != spec["upstream_sha256"]:
            print(f"{sid}: {upstream} sha256 {digest} != sources.yaml {spec['upstream_sha256']}")
            return 1
        out = PROJECT_ROOT / spec["snapshot"]
        write_snapshot(parse_source(spec, upstream), out)
        lines.append(f"{sha256_file(out)}  {out.name}")
        print(f"{sid}: {out.relative_to(PROJECT_ROOT)}")
    SHA256SUMS.write_text(
        "\n".join(sorted(lines, key=lambda s: s.split()[1])) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
