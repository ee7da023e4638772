"""kz-rd-repro: typed, pure functions behind the Snakemake rules.

Every module here works on DataFrames in and DataFrames out; file I/O lives in
``kzrd.core.io`` and in the thin rule scripts one level up (``scripts/*.py``).
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RESOURCES = PROJECT_ROOT / "resources"
