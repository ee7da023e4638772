# kz-rd-repro: download -> clean -> features -> analysis -> figures -> report.
# A plain `snakemake` (profiles/default) runs it all offline from the shipped snapshots.
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config.yaml"


include: "rules/common.smk"


check_config(config)
validate(config, "schemas/config.schema.yaml")
check_year(config)
check_region_keys(config)


include: "rules/download.smk"
include: "rules/clean.smk"
include: "rules/features.smk"
include: "rules/analysis.smk"
include: "rules/audit.smk"
include: "rules/study2019.smk"
include: "rules/figures.smk"
include: "rules/report.smk"


rule all:
    """Everything: the three documents, the two PDFs, the official tables and the data dictionary."""
    default_target: True
    input:
        "results/report/report.html",
        "results/report/report.pdf",
        "results/report/supplement.html",
        "results/report/supplement.pdf",
        "results/report/data.html",
        expand("results/tables/table{n}_official.csv", n=[1, 2, 3]),
        "results/data_dictionary.md",
