"""make crate: the finished run as a Workflow Run RO-Crate (results/crate/ and results/crate.zip).

.venv/bin/python scripts/crate.py [--project .] [--out results/crate]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kzrd.core.errors import InputError
from kzrd.crate import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path("."), help="the project that ran")
    parser.add_argument(
        "--out", type=Path, help="the crate's folder (default <project>/results/crate)"
    )
    args = parser.parse_args(argv)
    out = args.out or args.project / "results" / "crate"
    try:
        folder, archive = write(args.project, out)
    except InputError as err:
        print(f"make crate: {err}", file=sys.stderr)
        return 1
    print(f"The crate: {folder}/ro-crate-metadata.json, to deposit: {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
