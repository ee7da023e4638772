"""The fonts of the PDFs, loaded by path from the DejaVu files inside matplotlib's pinned wheel
(matplotlib/mpl-data/fonts/ttf, with their licence LICENSE_DEJAVU), never looked up among the
system's fonts: the same inputs give the same PDF bytes whatever else the machine has installed.

The print stylesheet uses only the families declared here ("KZ Serif", "KZ Sans", "KZ Mono"),
names no system font has, so that no lookup can fall through to one; every character the documents
print must be in these files (a test checks the documents' text against their character maps)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from markupsafe import Markup

# family -> (file stem, italic suffix): regular, bold, italic, bold italic of each
FAMILIES = {
    "KZ Serif": ("DejaVuSerif", "Italic"),
    "KZ Sans": ("DejaVuSans", "Oblique"),
    "KZ Mono": ("DejaVuSansMono", "Oblique"),
}
FACES = (("normal", "normal", ""), ("bold", "normal", "-Bold"), ("normal", "italic", "-{it}"),
         ("bold", "italic", "-Bold{it}"))  # fmt: skip


def font_dir() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def font_files() -> dict[tuple[str, str, str], Path]:
    """(family, weight, style) -> the font file."""
    out = {}
    for family, (stem, it) in FAMILIES.items():
        for weight, style, suffix in FACES:
            out[(family, weight, style)] = font_dir() / f"{stem}{suffix.format(it=it)}.ttf"
    return out


def font_faces() -> Markup:
    """The @font-face rules of the print stylesheet, each font by its file URL."""
    rules = []
    for (family, weight, style), path in font_files().items():
        if not path.is_file():
            raise FileNotFoundError(f"{path}: a font of the PDFs is missing (matplotlib's wheel)")
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}"); }}'
        )
    return Markup("\n".join(rules))
