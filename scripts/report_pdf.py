"""Rule report_pdf: the main report or the supplement as PDF (WeasyPrint, PNG figures)."""

import gc

from kzrd.core.rule import run
from kzrd.present.document import write_pdf


def main(smk) -> None:
    gc.disable()  # a short-lived job of many small objects: no cyclic collection (same bytes)
    write_pdf(smk, smk.wildcards.doc, smk.output.pdf)


if __name__ == "__main__":
    run(main, globals())
