"""Rule report_pdf: the main report or the supplement as PDF (WeasyPrint, PNG figures)."""

import gc

from kzrd.core.rule import run
from kzrd.present.document import write_pdf


def main(smk) -> None:
    # A short-lived job that allocates millions of small objects (WeasyPrint's boxes, the tables'
    # cells): the cyclic garbage collector's passes over them cost about a second and would reclaim
    # little, so they are off. The output bytes are unchanged.
    gc.disable()
    write_pdf(smk, smk.wildcards.doc, smk.output.pdf)


if __name__ == "__main__":
    run(main, globals())
