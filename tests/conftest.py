"""Shared test fixtures: the project root, the real files in ../shared/data, the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzrd import PROJECT_ROOT
from kzrd.regions import default_registry

SHARED = PROJECT_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SEED_2025 = SHARED / "seeds" / "000_a28a65109220bb72.txt"


def shared_file(relative: str) -> Path:
    """Path of a real upstream file; skips the test, naming the file, when ../shared is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"needs the official file ../shared/data/{relative} (absent in this checkout)")
    return path


def seed_text() -> str:
    if not SEED_2025.exists():
        pytest.skip(f"needs the paper text {SEED_2025} (absent in this checkout)")
    return SEED_2025.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def registry():
    return default_registry()


@pytest.fixture(scope="session")
def root() -> Path:
    return PROJECT_ROOT
