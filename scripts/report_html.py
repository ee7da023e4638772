"""Rule report_html: the main report, the supplement or the data appendix as self-contained HTML."""

import gc

from kzrd.core.rule import run
from kzrd.present.document import write_html


def main(smk) -> None:
    # A short-lived job that allocates millions of small objects (WeasyPrint's boxes, the tables'
    # cells): the cyclic garbage collector's passes over them cost about a second and would reclaim
    # little, so they are off. The output bytes are unchanged.
    gc.disable()
    write_html(smk, smk.wildcards.doc, smk.output.html)


if __name__ == "__main__":
    run(main, globals())
