"""The corruption table: each kind of fault in each file a person can edit, applied to a scratch copy,
read by the loader the workflow uses. Every fault must end in one line (InputError) that names the file
and the place (line and column, or key); the good files pass.

The workflow-level half (the same faults through `snakemake`: one line on the screen, no traceback, no
partial output, good copies unchanged) is tests/workflow/test_corruption.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kzrd import PROJECT_ROOT
from kzrd.core.config import check_config_files
from kzrd.core.errors import InputError
from kzrd.reference.paper import load_meta, load_named_2019, load_table
from kzrd.reference.regions import load_registry
from kzrd.reference.sources import load_reference_numbers, load_sources, read_snapshot
from kzrd.study2019.index import load_framework
from kzrd.study2019.own_time import load_own_time

R = PROJECT_ROOT / "resources"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def replace_line(n: int, new: Callable[[str], str]) -> Callable[[str], str]:
    """Change line ``n`` (1-based) of the text."""

    def edit(text: str) -> str:
        lines = _lines(text)
        lines[n - 1] = new(lines[n - 1])
        return "\n".join(lines)

    return edit


def cell(n: int, col: int, value: str) -> Callable[[str], str]:
    """Set field ``col`` (0-based) of CSV line ``n`` (no quoted commas on that line)."""

    def new(line: str) -> str:
        fields = line.split(",")
        fields[col] = value
        return ",".join(fields)

    return replace_line(n, new)


def drop_lines(pred: Callable[[str], bool]) -> Callable[[str], str]:
    return lambda text: "\n".join(
        line for i, line in enumerate(_lines(text)) if i == 0 or not pred(line)
    )


def encode_as(codec: str) -> Callable[[str], bytes]:
    return lambda text: text.encode(codec, errors="replace")


def drop_field(col: int) -> Callable[[str], str]:
    """Remove field ``col`` (0-based) from every line (no quoted commas before it)."""

    def edit(text: str) -> str:
        out = []
        for line in _lines(text):
            fields = line.split(",")
            out.append(",".join(fields[:col] + fields[col + 1 :]) if line else line)
        return "\n".join(out)

    return edit


# --- loaders, each as the workflow calls it ---------------------------------------------------------
def snapshot(source_id: str):
    def load(path: Path) -> None:
        spec = load_sources(R / "sources.yaml")[source_id]
        read_snapshot(path, load_registry(), spec, source_id)

    return load


def paper(path: Path) -> None:
    load_table(path, load_registry())


def sources(path: Path) -> None:
    load_sources.__wrapped__(path)


def framework(path: Path) -> None:
    load_framework(path)


def own_time(path: Path) -> None:
    load_own_time(
        path, load_framework(R / "index_framework.yaml"), load_sources(R / "sources.yaml")
    )


def named(path: Path) -> None:
    load_named_2019(path, load_registry())


def regions(path: Path) -> None:
    load_registry(path, R / "region_aliases.csv")


def aliases(path: Path) -> None:
    load_registry(R / "regions.csv", path)


def tables_yaml(path: Path) -> None:
    load_meta(path.parent)


def config(path: Path) -> None:
    check_config_files([path])


SDG = "snapshots/sdg_9_5_1.csv"  # 2010-2023, 20 regions and the national row
ALA = 235  # a line of sdg_9_5_1.csv: Almaty city (KZALA), 2010, 0.34
RND = "snapshots/bns_rnd_2022_personnel.csv"  # one year, Kazakh labels
GRP = "snapshots/bns_grp_per_capita.csv"  # Russian labels

# (id, file under resources/ or the project, fault, loader, expected one line: a regex after the file name)
CASES = [
    # snapshots: encoding, shape, cells, agreement between columns and with the registry
    ("snapshot-empty", SDG, lambda t: "", snapshot("sdg_9_5_1"), r": the file is empty"),
    ("snapshot-header-only", SDG, lambda t: _lines(t)[0] + "\n", snapshot("sdg_9_5_1"),
     r": 0 data row\(s\) below the header"),
    ("snapshot-latin1", SDG, lambda t: cell(ALA, 5, "% du PIB régional")(t).encode("latin-1"),
     snapshot("sdg_9_5_1"), rf": line {ALA}: byte 0xe9 is not UTF-8"),
    ("snapshot-cp1251", GRP, lambda t: t.encode("cp1251", errors="replace"), snapshot("bns_grp_per_capita"),
     r": line 2: byte 0x[0-9a-f]{2} is not UTF-8"),
    ("snapshot-extra-field", SDG, replace_line(ALA, lambda s: s + ",x"), snapshot("sdg_9_5_1"),
     rf": line {ALA}: 12 fields where the header has 11"),
    ("snapshot-missing-field", SDG, replace_line(ALA, lambda s: s.rsplit(",", 1)[0]),
     snapshot("sdg_9_5_1"), rf": line {ALA}: 10 fields where the header has 11"),
    ("snapshot-inf", SDG, cell(ALA, 4, "inf"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'value': 'inf': expected a finite decimal number"),
    ("snapshot-nan", SDG, cell(ALA, 4, "nan"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'value': 'nan': expected a finite decimal number"),
    ("snapshot-thousands-separator", SDG, cell(ALA, 4, '"1,5"'), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'value': '1,5': expected a finite decimal number"),
    ("snapshot-status-typo", SDG, cell(ALA, 6, "okk"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'status': 'okk' is not one of"),
    ("snapshot-ok-without-value", SDG, cell(ALA, 4, ""), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'value': '': expected a number, since the row's status is 'ok'"),
    ("snapshot-value-with-missing-status", SDG, cell(ALA, 6, "confidential"),
     snapshot("sdg_9_5_1"), rf": line {ALA}, column 'value': '0.34': expected empty"),
    ("snapshot-kato-short", SDG, cell(ALA, 0, "75000000"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'kato': '75000000': expected a 9-digit KATO code"),
    ("snapshot-unknown-kato", SDG, cell(ALA, 0, "990000000"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'kato': unknown region code '990000000'"),
    ("snapshot-label-other-region", SDG, cell(ALA, 1, "KZNS"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'label': 'KZNS' names 710000000 \(Astana city\), not 750000000"),
    ("snapshot-label-no-region", SDG, cell(ALA, 1, "Atlantis"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'label' \(upstream file indicator_9-5-1.csv\): unknown region label 'Atlantis'"),
    ("snapshot-year-outside-coverage", SDG, cell(ALA, 3, "2031"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'year': 2031 is outside the years the source declares in resources/sources.yaml \(2010-2023\)"),
    ("snapshot-year-malformed", SDG, cell(ALA, 3, "20l0"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'year': '20l0': expected a year"),
    ("snapshot-duplicate-key", SDG, cell(ALA + 1, 3, "2010"), snapshot("sdg_9_5_1"),
     rf": line {ALA + 1}: 750000000 rd_expenditure_pct_grp 2010 is given twice \(first on line {ALA}\)"),
    ("snapshot-undeclared-indicator", SDG, cell(ALA, 2, "rd_expenditure_pct"), snapshot("sdg_9_5_1"),
     rf": line {ALA}, column 'indicator': 'rd_expenditure_pct' is not declared for source sdg_9_5_1"),
    ("snapshot-missing-column", SDG, drop_field(5),
     snapshot("sdg_9_5_1"), r": line 1: missing column\(s\) unit"),
    ("snapshot-unknown-column", SDG, replace_line(1, lambda s: s.replace("sheet", "sheets")),
     snapshot("sdg_9_5_1"), r": line 1: missing column\(s\) sheet"),
    ("snapshot-repeated-column", SDG, replace_line(1, lambda s: s.replace("sheet", "file")),
     snapshot("sdg_9_5_1"), r": line 1: column 'file' appears twice in the header"),
    ("snapshot-region-rows-missing", SDG, drop_lines(lambda s: s.startswith("750000000,")),
     snapshot("sdg_9_5_1"), r": no row for 750000000 \(Almaty city\), rd_expenditure_pct_grp, 2010"),
    ("snapshot-unclosed-quote", SDG, cell(ALA, 8, '"open'), snapshot("sdg_9_5_1"),
     r": line \d+: (unexpected end of data|.*)"),
    # the paper's typed-in tables
    ("paper-non-numeric", "paper/table1.csv", cell(2, 7, "22,5"), paper,
     r": line 2: 12 fields where the header has 11"),
    ("paper-non-numeric-quoted", "paper/table1.csv", cell(2, 7, '"22.5%"'), paper,
     r": line 2, column 'value': '22.5%': expected a finite decimal number"),
    ("paper-no-status-column", "paper/table2.csv",
     drop_field(9),
     paper, r": line 1: missing column\(s\) status"),
    ("paper-label-kato-disagree", "paper/table1.csv", cell(2, 2, "710000000"), paper,
     r": line 2, column 'kato': 'Almaty city' is 750000000 \(Almaty city\), not 710000000"),
    ("paper-unknown-label", "paper/table1.csv", cell(2, 1, "Almaty town"), paper,
     r": line 2, column 'region_printed': unknown region label 'Almaty town'"),
    ("paper-header-only", "paper/table3.csv", lambda t: _lines(t)[0] + "\n", paper,
     r": 0 data row\(s\) below the header"),
    ("paper-empty", "paper/table3.csv", lambda t: "", paper, r": the file is empty"),
    ("paper-tables-yaml-unknown-key", "paper/tables.yaml",
     lambda t: t.replace("    number: 1\n", "    numbr: 1\n", 1), tables_yaml,
     r": key 'tables.table1': .*'number' is a required property"),
    ("study2019-unknown-label", "paper/study2019_regions.csv", cell(2, 0, "Almaty-city-x"), named,
     r": line 2, column 'region_printed': unknown region label 'Almaty-city-x'"),
    # sources.yaml
    ("sources-kind-typo", "sources.yaml",
     lambda t: t.replace("kind: percent, additive: false}", "kind: percentage, additive: false}", 1),
     sources, r": key 'sources.sdg_9_5_1.indicators.rd_expenditure_pct_grp.kind': 'percentage' is not one of"),
    ("sources-malformed", "sources.yaml", lambda t: t.replace("sources:\n", "sources: [\n", 1), sources,
     r": line \d+, column \d+: "),
    ("sources-repeated-key", "sources.yaml",
     lambda t: t.replace("    parser: {kind: sdg_csv, indicator: rd_expenditure_pct_grp",
                         "    snapshot: resources/snapshots/x.csv\n    parser: {kind: sdg_csv, indicator: rd_expenditure_pct_grp", 1),
     sources, r": line \d+, column 5: key 'snapshot' is given twice \(first on line \d+\)"),
    ("sources-missing-key", "sources.yaml",
     lambda t: t.replace("    snapshot: resources/snapshots/sdg_9_5_1.csv\n", "", 1), sources,
     r": key 'sources.sdg_9_5_1': 'snapshot' is a required property"),
    ("sources-bad-pin", "sources.yaml",
     lambda t: t.replace("fcb23c34433206c2cee0b074e19f66bfe8e6271e7223740c0db17f560c415222", "fcb23c", 1),
     sources, r": key 'sources.sdg_9_5_1.upstream_sha256': 'fcb23c': expected a sha256"),
    ("sources-cp1251", "sources.yaml", encode_as("cp1251"), sources, r": line \d+: byte 0x"),
    ("sources-split-by-number", "sources.yaml", lambda t: t.replace("split_by: UNIT_MEASURE", "split_by: 5", 1),
     sources, r": key 'sources.sdg_9_2_1.parser.split_by': 5: expected a column name or a list of column names"),
    ("sources-suffix-upper-case", "sources.yaml", lambda t: t.replace("AGE: {Y15T24: youth", "AGE: {Y15T24: Youth", 1),
     sources, r": key 'sources.sdg_4_4_1.parser.suffixes.AGE.Y15T24': 'Youth': expected a suffix"),
    ("sources-accept-unknown-check", "sources.yaml",
     lambda t: t.replace("      percent_range: \"Almaty city's", "      duplicate_key: \"Almaty city's", 1),
     sources, r": key 'sources.sdg_4_4_1.accept': 'duplicate_key': expected a check on one value"),
    # the index framework
    ("framework-empty-block", "index_framework.yaml",
     lambda t: t.replace('  B: "Cluster preconditions"\n', '  B: "Cluster preconditions"\n  C: "Empty"\n', 1),
     framework, r": key 'blocks.C': the block has no indicator"),
    ("framework-repeated-id", "index_framework.yaml",
     lambda t: t.replace("{id: researchers_density,", "{id: rd_intensity,", 1), framework,
     r": key 'indicators.1.id': 'rd_intensity' is given to two indicators"),
    ("framework-indicator-of-another-year", "index_framework.yaml",
     lambda t: t.replace('unit: "% of GRP", year: 2022,', 'unit: "% of GRP", year: 2021,', 1), framework,
     r": key 'indicators.0.year': 2021 for indicator 'rd_intensity', but the framework's reference_year is 2022"),
    ("framework-malformed", "index_framework.yaml", lambda t: t.replace("blocks:\n", "blocks: {\n", 1),
     framework, r": line \d+, column \d+: "),
    ("framework-repeated-key", "index_framework.yaml",
     lambda t: t.replace("reference_year: 2022\n", "reference_year: 2022\nreference_year: 2021\n", 1),
     framework, r": line 6, column 1: key 'reference_year' is given twice \(first on line 5\)"),
    # the 2019 study in its own time
    ("own-time-unknown-block", "own_time.yaml",
     lambda t: t.replace("block: B, polarity: 1, unit: \"% of population\"", "block: C, polarity: 1, unit: \"% of population\"", 1),
     own_time, r": key 'common_set.3.block': indicator 'internet_use' names unknown block 'C'"),
    ("own-time-unknown-source", "own_time.yaml", lambda t: t.replace("source: sdg_9_5_2,", "source: sdg_9_5_3,", 1),
     own_time, r": key 'common_set.1.source': 'sdg_9_5_3' is not a source of resources/sources.yaml"),
    ("own-time-bad-normalisation", "own_time.yaml", lambda t: t.replace("[minmax, zscore, rank]", "[minmax, softmax]", 1),
     own_time, r": key 'variants.normalisation.1': 'softmax' is not one of"),
    ("own-time-rate-without-rule", "own_time.yaml",
     lambda t: t.replace("  innovation_activity_pct:\n", "  innovation_activity_pct_x:\n", 1),
     own_time, r": key 'rates': the cross-section's published rate innovation_activity_pct \(source bns_innovation_2022"),
    ("own-time-weight-not-a-count", "own_time.yaml", lambda t: t.replace("    weight: grp\n", "    weight: grp_per_capita\n", 1),
     own_time, r": key 'rates.rd_expenditure_pct_grp': grp_per_capita is not an additive count"),
    ("own-time-repeated-key", "own_time.yaml",
     lambda t: t.replace("    weight: grp\n", "    weight: grp\n    weight: population\n", 1),
     own_time, r": line \d+, column 5: key 'weight' is given twice"),
    # the region registry
    ("regions-kind-typo", "regions.csv", replace_line(3, lambda s: s.replace(",region,", ",regoin,", 1)),
     regions, r": line 3, column 'kind': 'regoin' is not one of"),
    ("aliases-unknown-language", "region_aliases.csv", replace_line(2, lambda s: s.replace(",code,", ",kod,", 1)),
     aliases, r": line 2, column 'language': 'kod' is not one of"),
    ("aliases-extra-field", "region_aliases.csv", replace_line(3, lambda s: s + ",x"), aliases,
     r": line 3: 6 fields where the header has 5"),
    # the external numbers
    ("references-value-with-unit", "external/national_references.csv", lambda t: t.replace(",172.6,", ",172.6 bn,", 1),
     load_reference_numbers, r": line 2, column 'value': '172.6 bn': expected a finite decimal number"),
    # the configuration (parsed before Snakemake reads it)
    ("config-repeated-key", "../config.yaml", lambda t: t + "year: 2021\n", config,
     r": line \d+, column 1: key 'year' is given twice \(first on line 5\)"),
    ("config-malformed", "../config.yaml", lambda t: t.replace("year: 2022", "year: [2022", 1), config,
     r": line \d+, column \d+: "),
    ("config-tab-indent", "../config.yaml", lambda t: t.replace("  timeout_s: 30", "\ttimeout_s: 30", 1),
     config, r": line 14, column 1: .*cannot start any token"),
    ("config-latin1", "../config.yaml", lambda t: (t + "# café\n").encode("latin-1", errors="replace"), config,
     r": line \d+: byte 0xe9 is not UTF-8"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "rel", "fault", "load", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_fault_is_one_line_naming_file_and_place(tmp_path, name, rel, fault, load, expected):
    src = (R / rel).resolve()
    path = tmp_path / src.name
    changed = fault(src.read_text(encoding="utf-8"))
    if isinstance(changed, bytes):
        path.write_bytes(changed)
    else:
        path.write_text(changed, encoding="utf-8")
    assert path.read_bytes() != src.read_bytes(), "the fault changed nothing"
    with pytest.raises(InputError) as err:
        load(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path)), message
    assert re.search(expected, message[len(str(path)) :]), message


@pytest.mark.parametrize(
    ("rel", "load"),
    [
        (SDG, snapshot("sdg_9_5_1")),
        (RND, snapshot("bns_rnd_2022_personnel")),
        ("paper/table1.csv", paper),
        ("paper/study2019_regions.csv", named),
        ("sources.yaml", sources),
        ("index_framework.yaml", framework),
        ("own_time.yaml", own_time),
        ("regions.csv", regions),
        ("external/national_references.csv", load_reference_numbers),
        ("region_aliases.csv", aliases),
        ("paper/tables.yaml", tables_yaml),
        ("../config.yaml", config),
    ],
)
def test_good_files_pass_and_a_byte_order_mark_is_tolerated(tmp_path, rel, load):
    """The shipped files pass; the same file saved with a UTF-8 byte-order mark (as spreadsheet
    programs write it) passes too."""
    src = (R / rel).resolve()
    load(src)
    bom = tmp_path / src.name
    shutil.copy(src, bom)
    bom.write_bytes(b"\xef\xbb\xbf" + src.read_bytes())
    if rel == "paper/tables.yaml":  # its tables are read beside it
        for f in src.parent.glob("*.csv"):
            shutil.copy(f, tmp_path / f.name)
    load(bom)


def test_table_kind_finds_a_declared_table_by_the_end_of_its_path():
    from kzrd.core.contract import table_kind

    assert table_kind("resources/paper/study2019_regions.csv") == "study2019_regions"
    assert table_kind("/elsewhere/kz/resources/paper/study2019_regions.csv") == "study2019_regions"
    with pytest.raises(KeyError, match=r"no table of schemas/inputs\.yaml"):
        table_kind("results/csv/anything.csv")


def test_a_figure_reads_its_table_through_the_contract(tmp_path, root):
    """The figure rule reads the 2019 study's region list as the rules upstream do: a bad edit is
    one line naming the file, not a table of whatever the file holds."""
    import figure

    good = root / "resources" / "paper" / "study2019_regions.csv"
    assert list(figure.load(str(good)).columns) == ["region_printed", "kato", "quote"]
    bad = tmp_path / "resources" / "paper" / "study2019_regions.csv"
    bad.parent.mkdir(parents=True)
    bad.write_text("region_printed,kato\nAlmaty city,750000000\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"study2019_regions\.csv"):
        figure.load(str(bad))
