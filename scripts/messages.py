"""The message catalogues of the translated documents (``make messages``).

Extracts every marked message (templates: ``{% trans %}`` and ``_()``; Python: ``_()``/``gettext``)
into ``resources/locale/messages.pot``, then merges it into each language's catalogue
``resources/locale/<lang>.po``: a new message arrives untranslated, a changed one keeps its old
translation marked fuzzy (not used until reviewed), a removed one is dropped. Translators then
fill in the ``msgstr`` of each entry. ``--check`` writes nothing and fails when a file is stale,
an entry untranslated or fuzzy (tests/unit/test_i18n.py runs it).

    .venv/bin/python scripts/messages.py           # extract and merge
    .venv/bin/python scripts/messages.py --check   # what the test checks
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from kzrd.core.catalogue import catalogue_files, extract, problems  # noqa: E402
from kzrd.core.i18n import LANGUAGES, SOURCE  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--check",
        action="store_true",
        help="write nothing; fail on a stale or incomplete catalogue",
    )
    args = ap.parse_args(argv)
    template = extract(ROOT)
    files = catalogue_files(ROOT, template, [c for c in LANGUAGES if c != SOURCE])
    stale = []
    for path, text in files.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            stale.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    found = [f"{p}: not current; run `make messages`" for p in stale]
    for code in LANGUAGES:
        if code != SOURCE:
            found += problems(ROOT, code)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if (args.check and found) else 0


if __name__ == "__main__":
    sys.exit(main())
