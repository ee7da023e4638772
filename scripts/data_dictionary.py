"""Rule data_dictionary: the readable data dictionary of every Parquet output (from schemas/outputs.yaml)."""

from kzrd.core.io import write_text
from kzrd.core.rule import run
from kzrd.core.schemas import data_dictionary_markdown


def main(smk) -> None:
    write_text(smk.output[0], data_dictionary_markdown())


if __name__ == "__main__":
    run(main, globals())
