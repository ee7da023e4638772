"""Regenerate the README's exhibit map from resources/exhibits.yaml (run by `make docs`; a test
checks that the README agrees)."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from kzrd import PROJECT_ROOT
from kzrd.reference.exhibits import exhibit_map, load_registry

START, END = "<!-- exhibit-map:start -->", "<!-- exhibit-map:end -->"


def with_map(readme: str, table: str) -> str:
    """The README text with the block between the markers replaced by ``table``."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise SystemExit(f"README.md: markers {START} ... {END} not found")
    return pattern.sub(lambda _: f"{START}\n{table}{END}", readme)


def main() -> None:
    readme = PROJECT_ROOT / "README.md"
    table = exhibit_map(load_registry(PROJECT_ROOT / "resources" / "exhibits.yaml"))
    readme.write_text(with_map(readme.read_text(encoding="utf-8"), table), encoding="utf-8")


if __name__ == "__main__":
    main()
