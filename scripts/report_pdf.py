"""Rule report_pdf: the main report or the supplement as PDF (WeasyPrint, PNG figures)."""

from kzrd.core.rule import run
from kzrd.present.document import write_pdf


def main(smk) -> None:
    write_pdf(smk, smk.wildcards.doc, smk.output.pdf)


if __name__ == "__main__":
    run(main, globals())
