"""Sources, snapshots and parsers: parity with the real files, checksums, bad input."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import shared_file

from kzrd.core.errors import InputError
from kzrd.core.io import sha256_file
from kzrd.data.parsers import parse_bns_sheet, parse_cell, parse_sdg_csv, parse_source
from kzrd.reference.sources import (
    diff_observations,
    load_sources,
    read_snapshot,
    snapshot_checksums,
    verify_snapshot,
)

SOURCES = sorted(load_sources())


def test_sources_declare_everything():
    for sid, spec in load_sources().items():
        assert (
            spec["publisher"] and spec["licence"] and spec["landing_page"].startswith("https://")
        ), sid
        assert len(spec["upstream_sha256"]) == 64
        if sid.startswith("sdg_"):
            assert spec["url"].startswith(
                "https://raw.githubusercontent.com/kazstat/sdg-data-kazstat/72a7fb8c/data/"
            )
        else:  # BNS publications: no direct address is known, none is invented
            assert spec["url"] is None
            assert spec["landing_page"].startswith("https://stat.gov.kz/")


@pytest.mark.parametrize("sid", SOURCES)
def test_snapshot_checksum_is_recorded(sid):
    path = verify_snapshot(sid)
    assert snapshot_checksums()[path.name] == sha256_file(path)


@pytest.mark.parametrize("sid", SOURCES)
def test_parity_parser_equals_snapshot(sid):
    """Parsing the real upstream file gives exactly the shipped snapshot."""
    spec = load_sources()[sid]
    upstream = shared_file(spec["shared_path"])
    assert sha256_file(upstream) == spec["upstream_sha256"]
    parsed = parse_source(spec, upstream)
    shipped = read_snapshot(verify_snapshot(sid))
    pd.testing.assert_frame_equal(parsed, shipped)


def _snap(sid):
    return read_snapshot(verify_snapshot(sid)).set_index(["kato", "indicator", "year"])


def test_population_values_and_totals():
    pop = _snap("bns_population_2023")
    assert pop.loc[("000000000", "population", 2022), "value"] == 19_765_004
    assert pop.loc[("710000000", "population", 2022), "value"] == 1_354_435
    regions = pop.xs("population", level="indicator").drop(index="000000000", level="kato")
    assert regions["value"].sum() == 19_765_004  # the 20 regions add up to the national row exactly
    # cities have no rural population: printed '-' (no occurrence), never a zero
    rural = pop.xs("population_rural", level="indicator")
    assert rural.loc[("750000000", 2022), "status"] == "no_occurrence"
    assert pd.isna(rural.loc[("750000000", 2022), "value"])
    assert (
        rural.loc[("750000000", 2022), "row"] == 25
        and rural.loc[("750000000", 2022), "column"] == "H"
    )


def test_higher_education_values():
    he = _snap("bns_higher_education_2022").xs("universities", level="indicator")["value"]
    assert (
        he[("750000000", 2022)] == 36
        and he[("710000000", 2022)] == 14
        and he[("350000000", 2022)] == 8
    )
    assert he[("000000000", 2022)] == 116  # stated in the text of page 3
    assert he.drop(index="000000000", level="kato").sum() == 113  # the bars add up to 113
    assert len(he) == 21


def test_sdg_values():
    rd = _snap("sdg_9_5_1")["value"]
    assert rd[("710000000", "rd_expenditure_pct_grp", 2022)] == 0.22
    assert rd[("000000000", "rd_expenditure_pct_grp", 2023)] == 0.14
    res = _snap("sdg_9_5_2")["value"]
    assert res[("000000000", "researchers_per_million", 2010)] == 666
    assert res[("510000000", "researchers_per_million", 2017)] == 178  # KZONT, South Kazakhstan
    assert res[("610000000", "researchers_per_million", 2018)] == 42  # KZYUZ, Turkistan
    net = _snap("sdg_17_8_1")["value"]
    assert net[("000000000", "internet_users_pct", 2022)] == 94.0
    bb = _snap("sdg_17_6_2")
    assert set(bb.index.get_level_values("indicator")) == {
        "broadband_1a",
        "broadband_1b",
        "broadband_1c",
    }
    assert bb.loc[("000000000", "broadband_1b", 2022), "value"] == 802.9


def test_sdg_filters_drop_disaggregations():
    path = shared_file("sdg/data/indicator_17-8-1.csv")
    df = parse_sdg_csv(
        path, indicator="x", unit="%", filters={"UNIT_MEASURE": "PT", "URBANISATION": "", "SEX": ""}
    )
    assert not df.duplicated(["kato", "year"]).any()
    assert df.loc[(df["kato"] == "000000000") & (df["year"] == 2011), "value"].tolist() == [50.6]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12.5, (12.5, "ok")),
        ("1 234,5", (1234.5, "ok")),
        ("-", (None, "no_occurrence")),
        ("х", (None, "confidential")),
        ("x", (None, "confidential")),
        ("...", (None, "no_data")),
    ],
)
def test_bns_symbols_are_statuses(cell, expected):
    assert parse_cell(cell, "here") == expected


def test_unreadable_cell_names_the_place():
    with pytest.raises(InputError, match=r"file.xls, sheet 1, row 7, column C: cannot read 'n/a'"):
        parse_cell("n/a", "file.xls, sheet 1, row 7, column C")


def test_unknown_region_in_upstream_file_names_file_and_line(tmp_path):
    bad = tmp_path / "indicator_9-5-1.csv"
    bad.write_text(
        "Year,UNIT_MEASURE,REF_AREA,Value\n2022,PT,,0.12\n2022,PT,KZXXX,0.3\n", encoding="utf-8"
    )
    with pytest.raises(
        InputError, match=r"indicator_9-5-1.csv line 3: unknown region label 'KZXXX'"
    ):
        parse_sdg_csv(bad, indicator="x", unit="%", filters={"UNIT_MEASURE": "PT"})


def test_missing_column_in_upstream_file(tmp_path):
    bad = tmp_path / "indicator_9-5-1.csv"
    bad.write_text("Year,UNIT_MEASURE,Value\n2022,PT,0.12\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"indicator_9-5-1.csv: missing column 'REF_AREA'"):
        parse_sdg_csv(bad, indicator="x", unit="%")


def test_missing_sheet(tmp_path):
    path = shared_file("population-grp/population_2023-01-01_bns.xlsx")
    with pytest.raises(InputError, match=r"no sheet '99'"):
        parse_bns_sheet(
            path,
            sheet="99",
            first_row=6,
            last_row=26,
            label_column="A",
            columns={"B": {"indicator": "p", "unit": "persons"}},
            year=2022,
        )


# ---- bad snapshots: one-line errors naming file and row or column


@pytest.fixture
def snapshot_copy(tmp_path, root):
    src = root / "resources" / "snapshots" / "sdg_9_5_1.csv"
    dst = tmp_path / "sdg_9_5_1.csv"
    shutil.copy(src, dst)
    return dst


def test_snapshot_wrong_checksum(tmp_path, root, monkeypatch):
    (tmp_path / "resources" / "snapshots").mkdir(parents=True)
    snap = tmp_path / "resources" / "snapshots" / "sdg_9_5_1.csv"
    shutil.copy(root / "resources" / "snapshots" / "sdg_9_5_1.csv", snap)
    with open(snap, "a", encoding="utf-8") as f:
        f.write(
            "710000000,KZNS,rd_expenditure_pct_grp,2024,9.9,% of GRP,ok,indicator_9-5-1.csv,,999,Value\n"
        )
    with pytest.raises(InputError) as err:
        verify_snapshot("sdg_9_5_1", root=tmp_path)
    assert "resources/snapshots/sdg_9_5_1.csv: checksum mismatch" in str(err.value)
    assert "\n" not in str(err.value)


def test_snapshot_missing_column(snapshot_copy):
    df = pd.read_csv(snapshot_copy, dtype=str, keep_default_na=False).drop(columns=["unit"])
    df.to_csv(snapshot_copy, index=False)
    with pytest.raises(InputError, match=r"sdg_9_5_1.csv: line 1: missing column\(s\) unit"):
        read_snapshot(snapshot_copy)


def test_snapshot_unknown_region(snapshot_copy):
    df = pd.read_csv(snapshot_copy, dtype=str, keep_default_na=False)
    i = int(df.index[df["kato"] != "000000000"][0])
    df.loc[i, "kato"] = "990000000"
    df.to_csv(snapshot_copy, index=False)
    with pytest.raises(
        InputError,
        match=rf"sdg_9_5_1.csv: line {i + 2}, column 'kato': unknown region code '990000000'",
    ):
        read_snapshot(snapshot_copy)


def test_diff_observations():
    a = read_snapshot(verify_snapshot("sdg_9_5_1"))
    assert diff_observations(a, a).empty
    b = a.copy()
    b.loc[0, "value"] = 99.0
    b = b.drop(index=1)
    d = diff_observations(a, b)
    assert len(d) == 2
    assert d["upstream_value"].isna().sum() == 1 and (d["upstream_value"] == 99.0).sum() == 1


def test_bns_bulletins_values_and_symbols():
    pers = _snap("bns_rnd_2022_personnel")["value"]
    assert pers[("000000000", "researchers", 2022)] == 18014
    assert pers[("000000000", "enterprises_reporting", 2022)] == 1779
    exp = _snap("bns_rnd_2022_expenditure")
    # 'x' in the bulletin: confidential, never a number (West Kazakhstan, external R&D expenditure)
    cell = exp.loc[("270000000", "rd_external_expenditure", 2022)]
    assert (
        cell["status"] == "confidential"
        and pd.isna(cell["value"])
        and (cell["row"], cell["column"]) == (12, "H")
    )
    # "-": no occurrence (Zhetisu, external R&D expenditure)
    assert exp.loc[("330000000", "rd_external_expenditure", 2022), "status"] == "no_occurrence"
    inn = _snap("bns_innovation_2022")["value"]
    assert inn[("000000000", "innovation_activity_pct", 2022)] == 11.0
    assert inn[("000000000", "enterprises_surveyed", 2022)] == 30750
    grp = _snap("bns_grp")["value"]
    assert grp[("000000000", "grp", 2022)] == 103_765_518.2
    assert grp[("000000000", "grp", 2023)] == 120_561_096.4  # column header '20232)': preliminary
    assert ("510000000", "grp", 2017) in grp.index and ("510000000", "grp", 2018) not in grp.index
    pc = _snap("bns_grp_per_capita")["value"]
    assert pc[("000000000", "grp_per_capita", 2022)] == 5284.7


@pytest.mark.parametrize(
    ("sid", "label", "kato", "trait"),
    [
        ("bns_rnd_2022_personnel", "Шығыс  Қазақстан", "630000000", "doubled space"),
        ("bns_grp", "Zhetisu ", "330000000", "trailing space"),
        ("bns_grp_per_capita", "Актюбинская ", "150000000", "trailing space"),
        ("bns_grp_per_capita", "Туркестанская2)", "610000000", "footnote marker glued to the name"),
        ("bns_grp", "Astana city", "710000000", "city in English"),
        ("bns_grp", "Аktobе", "150000000", "Cyrillic letters inside a Latin word"),
        ("bns_grp", "Soltustik Кazakhstan", "590000000", "Cyrillic letter inside a Latin word"),
        ("bns_grp", "Ontustik Kazakhstan", "510000000", "historical name"),
        ("bns_grp_per_capita", "Южно-Казахстанская", "510000000", "historical name, Russian"),
        ("bns_grp_per_capita", "г.Шымкент2)", "790000000", "city abbreviation and footnote"),
        (
            "bns_population_2023",
            "Қазақстан Республикасы ",
            "000000000",
            "national row, trailing space",
        ),
    ],
)
def test_label_traits_in_the_real_files(sid, label, kato, trait):
    """Each trait on a label as printed in the real file (read through the parser)."""
    spec = load_sources()[sid]
    parsed = parse_source(spec, shared_file(spec["shared_path"]))
    assert label in set(parsed["label"]), (trait, sorted(set(parsed["label"]))[:5])
    assert set(parsed.loc[parsed["label"] == label, "kato"]) == {kato}, trait


def test_new_sdg_sources_values():
    """The four SDG sources added with the 4.a.1, 4.4.1, 4.4.1.1 and 9.2.1 files, cell by cell."""
    schools = _snap("sdg_4_a_1")
    assert set(schools.index.get_level_values("indicator")) == {"schools_internet_pct"}
    assert schools.loc[("000000000", "schools_internet_pct", 2019), "value"] == 94.06596377399296
    assert schools.loc[("610000000", "schools_internet_pct", 2019), "value"] == 83.04347826086956
    assert schools.loc[("610000000", "schools_internet_pct", 2019), "row"] == 19
    assert len(schools) == 18  # the national row and 17 regions, 2019 only (SE_ACS_INTNT, total)
    ict = _snap("sdg_4_4_1")
    skills = ["cmfl", "cpt", "atch", "ssht", "cdv", "sfwr", "pst", "trff", "prgm"]
    assert set(ict.index.get_level_values("indicator")) == {
        f"ict_{k}_{a}" for k in skills for a in ("youth", "adults")
    }
    assert ict.loc[("000000000", "ict_cmfl_youth", 2015), "value"] == 13.228162171083241
    # printed above 100% in the file, and kept so in the snapshot (the clean table drops it)
    assert ict.loc[("750000000", "ict_atch_youth", 2017), "value"] == 368.9099097001282
    assert len(ict) == 9 * 2 * 5 * 18
    national = _snap("sdg_4_4_1_1")["value"]
    assert national[("000000000", "ict_skills_national_pct", 2017)] == 77.1
    assert national[("000000000", "ict_skills_national_pct", 2020)] == 84.1
    mva = _snap("sdg_9_2_1")
    assert mva.loc[("000000000", "manufacturing_va_pct_grp", 2010), "value"] == 11.3
    assert mva.loc[("000000000", "manufacturing_va_per_capita_usd", 2023), "value"] == 1364.8
    assert mva.loc[("000000000", "manufacturing_va_per_capita_usd", 2023), "row"] == 456
    assert mva.loc[("350000000", "manufacturing_va_pct_grp", 2022), "value"] == 0.0  # as printed
    assert mva.loc[("510000000", "manufacturing_va_pct_grp", 2017), "value"] == 21.8  # KZONT
    # rows the file lacks: Turkistan in every year from 2018, Shymkent's per-capita value, the three
    # regions of 2022; each with its reason and no value
    absent = mva[mva["status"] == "not_in_file"]
    assert absent["value"].isna().all() and (absent["row"] == 0).all()
    assert sorted(
        {(k, i) for k, i, _y in absent.index}
    ) == sorted(
        {(k, i) for k in ("100000000", "330000000", "610000000", "620000000")
         for i in ("manufacturing_va_pct_grp", "manufacturing_va_per_capita_usd")}
        | {("790000000", "manufacturing_va_per_capita_usd")}
    )  # fmt: skip
    assert len(absent) == 30
    assert absent.loc[("610000000", "manufacturing_va_pct_grp", 2018), "label"] == (
        "Turkistan Region (no row in the file)"
    )


def _csv(tmp_path, text):
    path = tmp_path / "indicator_x.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_sdg_split_by_several_columns_with_declared_suffixes(tmp_path):
    path = _csv(
        tmp_path,
        "Year,UNIT_MEASURE,SKILL,AGE,REF_AREA,Value\n"
        "2019,PT,S_A,Y1,,10.5\n2019,PT,S_A,Y2,,20.5\n2019,PT,S_B,Y1,,30.5\n2019,PT,,Y1,,99\n"
        "2019,PT,S_A,Y1,KZNS,11\n",
    )
    df = parse_sdg_csv(
        path,
        indicator="ict",
        unit={"ict_a_young": "% young", "ict_a_old": "% old", "ict_b_young": "% young"},
        split_by=["SKILL", "AGE"],
        suffixes={"SKILL": {"S_A": "a", "S_B": "b"}, "AGE": {"Y1": "young", "Y2": "old"}},
    )
    got = df[df["status"] == "ok"].set_index(["kato", "indicator"])
    assert got["value"].to_dict() == {
        ("000000000", "ict_a_old"): 20.5,
        ("000000000", "ict_a_young"): 10.5,
        ("000000000", "ict_b_young"): 30.5,
        ("710000000", "ict_a_young"): 11.0,
    }  # the row with an empty SKILL (a total) is left out
    assert got.loc[("000000000", "ict_a_old"), "unit"] == "% old"
    # every current region that existed in 2019 and has no row gets one saying so
    absent = df[(df["indicator"] == "ict_a_young") & (df["status"] == "not_in_file")]
    assert len(absent) == 16 and "710000000" not in set(absent["kato"])
    assert "100000000" not in set(absent["kato"])  # Abai was created in 2022


def test_sdg_split_refuses_undeclared_values_and_units(tmp_path):
    path = _csv(tmp_path, "Year,SKILL,REF_AREA,Value\n2019,S_A,,1\n2019,S_C,,2\n")
    with pytest.raises(
        InputError, match=r"indicator_x.csv: line 3, column SKILL: value 'S_C' has no suffix"
    ):
        parse_sdg_csv(
            path, indicator="i", unit="%", split_by="SKILL", suffixes={"SKILL": {"S_A": "a"}}
        )
    with pytest.raises(InputError, match=r"indicator i_c has no unit in the parser's unit map"):
        parse_sdg_csv(path, indicator="i", unit={"i_a": "%"}, split_by="SKILL")
    with pytest.raises(
        InputError, match=r"suffixes names column\(s\) AGE that are not in split_by"
    ):
        parse_sdg_csv(path, indicator="i", unit="%", split_by="SKILL", suffixes={"AGE": {"Y": "y"}})
    # one column, no declared map: the last '_'-chunk, as for SDG 17-6-2's series (1a, 1b, 1c)
    df = parse_sdg_csv(path, indicator="i", unit="%", split_by="SKILL")
    assert sorted(set(df["indicator"])) == ["i_a", "i_c"]


def test_removing_a_source_the_workflow_reads_is_one_line_naming_it():
    """Every source of resources/sources.yaml is read by the workflow; without one of them the run
    stops before it starts, in one line naming it and what needs it (rules/common.smk calls this)."""
    from kzrd.core.errors import InputError
    from kzrd.data.features import check_sources_present

    ids = set(load_sources())
    check_sources_present(ids)
    for sid in sorted(ids):
        with pytest.raises(
            InputError,
            match=rf"^resources/sources.yaml: no source '{sid}', which the workflow reads for \w",
        ):
            check_sources_present(ids - {sid})
