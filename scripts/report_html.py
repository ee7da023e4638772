"""Rule report_html: the main report, the supplement or the data appendix as self-contained HTML."""

import gc

from kzrd.core.rule import run
from kzrd.present.document import write_html


def main(smk) -> None:
    gc.disable()  # a short-lived job of many small objects: no cyclic collection (same bytes)
    write_html(smk, smk.wildcards.doc, smk.output.html)


if __name__ == "__main__":
    run(main, globals())
