"""Rule run_config: the configuration this run used, as YAML (keys in the order of the config)."""

import yaml

from kzrd.core.io import write_text
from kzrd.core.rule import run


def main(smk) -> None:
    text = yaml.safe_dump(dict(smk.params.config), allow_unicode=True, sort_keys=False)
    write_text(smk.output[0], "# The configuration this run used (rule run_config).\n" + text)


if __name__ == "__main__":
    run(main, globals())
