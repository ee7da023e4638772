"""Rule figure: draw one figure of the exhibit registry as SVG (HTML report) and PNG (PDF report),
and a narrow SVG for phones (output ``narrow``).

The registry entry names the drawing function of kzrd.present.figures (its ``code``) and the inputs
it reads (``inputs``); the function gets what its parameters name (see that module's docstring)."""

import inspect
from pathlib import Path

from kzrd.core import contract, yamlfile
from kzrd.core.io import read_parquet
from kzrd.core.rule import run
from kzrd.present import figures


def load(path: str):
    """A figure input as its drawing function takes it: by the file's suffix."""
    suffix = Path(path).suffix if isinstance(path, str) else ""
    if suffix == ".parquet":
        return read_parquet(path)
    if suffix in (".yaml", ".yml"):
        return yamlfile.load(path)
    if suffix == ".csv":  # a declared table of the project, read and checked by its contract
        df = contract.read_table(path, contract.table_kind(path))
        df.attrs = {}
        return df
    return path


def draw(name: str, inputs, params, narrow: bool = False):
    """Call ``figures.<name>`` with the inputs and settings its parameters name."""
    fn = getattr(figures, name)
    given = dict(inputs.items())
    kwargs = {}
    for p in inspect.signature(fn).parameters.values():
        if p.name == "narrow":
            kwargs[p.name] = narrow
        elif p.name in given:
            kwargs[p.name] = load(given[p.name])
        elif p.name in params:
            kwargs[p.name] = params[p.name]
        elif p.default is inspect.Parameter.empty:
            raise ValueError(f"{name}: no input or figure setting named {p.name!r}")
    return fn(**kwargs)


def main(smk) -> None:
    name = smk.params.figure["draw"]
    fig = draw(name, smk.input, smk.params.figure)
    figures.save(fig, smk.output.svg, smk.output.png, int(smk.params.dpi))
    figures.save_svg(draw(name, smk.input, smk.params.figure, narrow=True), smk.output.narrow)


if __name__ == "__main__":
    run(main, globals())
