"""Rule figure: draw one figure of the exhibit registry as SVG (HTML report) and PNG (PDF report),
and a narrow SVG for phones (output ``narrow``).

The registry entry names the drawing function of kzrd.present.figures (its ``code``) and the inputs
it reads (``inputs``); the function gets what its parameters name (see that module's docstring)."""

import inspect
import logging
from pathlib import Path

from kzrd.core import contract, i18n, yamlfile
from kzrd.core.io import read_parquet
from kzrd.core.rule import run
from kzrd.present import figures
from kzrd.reference.regions import names_in


def load(path: str):
    """A figure input as its drawing function takes it: by the file's suffix."""
    suffix = Path(path).suffix if isinstance(path, str) else ""
    if suffix == ".parquet":  # region names in the language being drawn (the registry's)
        return i18n.region_names(read_parquet(path))
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


def languages(smk) -> list[tuple[i18n.Language, str, str, str]]:
    """(language, svg, png, narrow svg) of every language the job draws: English, then each
    output ``svg_<lang>`` with its catalogue (input ``catalogues``: resources/locale/<lang>.po)."""
    po = {Path(p).stem: p for p in smk.input.catalogues}
    regions = contract.read_table(smk.input.i18n_regions, "regions")  # the region registry
    out = [(i18n.ENGLISH, smk.output.svg, smk.output.png, smk.output.narrow)]
    for key in smk.output.keys():  # noqa: SIM118 (a Namedlist: iterating gives the paths)
        if key.startswith("svg_"):
            code = key.removeprefix("svg_")
            lang = i18n.load(code, po[code], names_in(regions, code))
            out.append(
                (lang, smk.output[key], smk.output[f"png_{code}"], smk.output[f"narrow_{code}"])
            )
    return out


def main(smk) -> None:
    name, exhibit = smk.params.figure["draw"], smk.wildcards.figure
    for lang, svg, png, narrow in languages(smk):
        with i18n.activate(lang):  # a translation's text kept inside the figure (English as drawn)
            fig = figures.fit_translation(draw(name, smk.input, smk.params.figure), False, exhibit)
            figures.save(fig, svg, png, int(smk.params.dpi))
            small = draw(name, smk.input, smk.params.figure, narrow=True)
            figures.save_svg(figures.fit_translation(small, True, exhibit), narrow)
        for message in sorted(lang.missing):  # in the rule's log; a test fails on each
            logging.getLogger("figure").warning("untranslated (%s): %s", lang.code, message)


if __name__ == "__main__":
    run(main, globals())
