# kz-rd-repro: download -> clean -> features -> analysis -> figures -> report.
# A plain `snakemake` (profiles/default) runs it all offline from the shipped snapshots.
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import min_version, validate

min_version("9.0")
# The workflow's own directory: the working directory, or elsewhere when this Snakefile is used as
# a Snakemake module (then project files are found here and results are written where it runs).
HERE = Path(workflow.current_basedir.get_path_or_uri(secret_free=True))
sys.path.insert(0, str(HERE / "scripts"))
from kzrd.core.config import check_config_files, has_keys  # noqa: E402
from kzrd.core.errors import InputError  # noqa: E402

# Before Snakemake reads them: a malformed config file or a key given twice ends in one line naming
# the file, the line and the column.
# Run elsewhere, the workflow's own config.yaml is not read: the config is the one given (a
# module's `config:`), over the schema's defaults, which are config.yaml's values.
LOCAL = HERE.resolve() == Path.cwd().resolve()
try:
    check_config_files(["config.yaml"] * LOCAL + workflow.configfiles)
except InputError as err:
    raise WorkflowError(str(err)) from None


# An empty config.yaml (or one of comments only) runs on the schema's defaults, which validate()
# below fills in; Snakemake itself refuses an empty config file.
if LOCAL and has_keys("config.yaml"):

    configfile: "config.yaml"


report: "report/workflow.rst"


include: "rules/common.smk"


check_config(config)
validate(config, "schemas/config.schema.yaml")
# A configured file not found from the working directory is looked up in the workflow's (a module's
# default framework is the one it ships).
for _key in ("framework", "boundaries"):
    _path = config["study2019"][_key]
    if _path and not LOCAL and not Path(_path).exists() and (HERE / _path).exists():
        config["study2019"][_key] = str(HERE / _path)
checked(check_run, config, RES, BASELINE_FILES, HERE)


include: "rules/download.smk"
include: "rules/clean.smk"
include: "rules/features.smk"
include: "rules/analysis.smk"
include: "rules/study2019.smk"
include: "rules/audit.smk"
include: "rules/figures.smk"
include: "rules/report.smk"
include: "rules/export.smk"


rule all:
    """Everything: the three documents, the PDFs, the translations (config report.languages), the official tables, the data dictionary and
    the configuration used."""
    default_target: True
    input:
        documents(),
        expand("results/tables/table{n}_official.csv", n=[1, 2, 3]),
        "results/data_dictionary.md",
        rules.index_2019_own_time.output.top5,
        rules.run_config.output,
