"""Region registry: the 20 current units, their codes, and every label variant."""

from __future__ import annotations

import csv

import pytest
from conftest import shared_file

from kzrd.core.errors import InputError
from kzrd.reference.regions import NATIONAL, load_registry, normalise_label

# ISO 3166-2:KZ numeric codes are the first two digits of the KATO code of each unit.
EXPECTED = {
    "100000000": "Abai Region",
    "110000000": "Akmola Region",
    "150000000": "Aktobe Region",
    "190000000": "Almaty Region",
    "230000000": "Atyrau Region",
    "270000000": "West Kazakhstan Region",
    "310000000": "Zhambyl Region",
    "330000000": "Zhetisu Region",
    "350000000": "Karaganda Region",
    "390000000": "Kostanay Region",
    "430000000": "Kyzylorda Region",
    "470000000": "Mangystau Region",
    "550000000": "Pavlodar Region",
    "590000000": "North Kazakhstan Region",
    "610000000": "Turkistan Region",
    "620000000": "Ulytau Region",
    "630000000": "East Kazakhstan Region",
    "710000000": "Astana city",
    "750000000": "Almaty city",
    "790000000": "Shymkent city",
}


def test_twenty_current_units(registry):
    cur = registry.current
    assert dict(zip(cur["kato"], cur["name_en"], strict=True)) == EXPECTED
    assert sorted(cur["kind"].value_counts().items()) == [("city", 3), ("region", 17)]
    assert (cur["iso_3166_2"] == "KZ-" + cur["kato"].str[:2]).all()
    assert cur["name_kk"].str.len().gt(0).all() and cur["name_ru"].str.len().gt(0).all()


def test_2022_regions_and_predecessors(registry):
    r = registry.regions.set_index("kato")
    for new, old in [
        ("100000000", "630000000"),
        ("330000000", "190000000"),
        ("620000000", "350000000"),
    ]:
        assert r.at[new, "year_created"] == "2022"
        assert r.at[new, "predecessor_kato"] == old


def test_geokz_boundary_file_names_resolve(registry):
    """Every unit of the 2024 boundary file (KATO, names in 3 languages, ISO letter code) resolves to its KATO."""
    import struct

    data = shared_file("geo/kaz_admbnda_adm1_2024.dbf").read_bytes()
    n, header_len, rec_len = struct.unpack("<xxxxIHH", data[:12])
    fields, i = [], 32
    while data[i] != 0x0D:
        fields.append((data[i : i + 11].split(b"\0")[0].decode(), data[i + 16]))
        i += 32
    seen = set()
    for k in range(n):
        rec, pos, row = data[header_len + k * rec_len + 1 : header_len + (k + 1) * rec_len], 0, {}
        for name, length in fields:
            row[name] = rec[pos : pos + length].decode("utf-8").strip()
            pos += length
        for column in ("ADM1_EN", "ADM1_KK", "ADM1_RU", "ISO_3166_2"):
            where = f"kaz_admbnda_adm1_2024.dbf, column {column}"
            assert registry.resolve(row[column], where) == row["KATO"], (column, row[column])
        seen.add(row["KATO"])
    assert seen == set(EXPECTED)


def test_every_alias_resolves_to_its_code(registry, root):
    with open(root / "resources" / "region_aliases.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 150
    for row in rows:
        assert registry.resolve(row["alias"], row["scope"] or "aliases") == row["kato"], row[
            "alias"
        ]


def test_scoped_alias_depends_on_the_file(registry):
    """'Алматы' is the region in the BNS Kazakh bulletins and the city in the geokz boundary file."""
    assert registry.resolve("Алматы", "rnd_bulletin_2022_kk.xls, sheet 1, row 10") == "190000000"
    assert registry.resolve("Алматы", "kaz_admbnda_adm1_2024.dbf, column ADM1_RU") == "750000000"
    assert registry.resolve("Алматы", "kaz_admbnda_adm1_2024.dbf, column ADM1_KK") == "190000000"


@pytest.mark.parametrize(
    ("label", "kato", "trait"),
    [
        (
            "Шығыс  Қазақстан",
            "630000000",
            "doubled space (rnd_bulletin_2022_kk.xls sheet 1 row 23)",
        ),
        ("Zhetisu ", "330000000", "trailing space (grp_by_region_bns_en.xlsx)"),
        ("Актюбинская ", "150000000", "trailing space (grp_per_capita_bns_ru.xlsx)"),
        (
            "Туркестанская2)",
            "610000000",
            "footnote marker glued to the name (grp_per_capita_bns_ru.xlsx)",
        ),
        (
            "г.Шымкент2)",
            "790000000",
            "footnote marker glued to the name (grp_per_capita_bns_ru.xlsx)",
        ),
        (
            "Astana city2)",
            "710000000",
            "footnote marker glued to the name (grp_by_region_bns_en.xlsx)",
        ),
        ("Аktobе", "150000000", "Cyrillic А and е inside a Latin word (grp_by_region_bns_en.xlsx)"),
        (
            "Soltustik Кazakhstan",
            "590000000",
            "Cyrillic К inside a Latin word (grp_by_region_bns_en.xlsx)",
        ),
        ("Мangystau", "470000000", "Cyrillic М inside a Latin word (grp_by_region_bns_en.xlsx)"),
        ("Ontustik Kazakhstan", "510000000", "historical name: South Kazakhstan, before 2018"),
        ("Южно-Казахстанская", "510000000", "historical name, Russian"),
        ("Nur-Sultan", "710000000", "historical name of Astana, 2019-2022"),
        ("KZNS", "710000000", "SDG letter code of Astana"),
        ("KZALA", "750000000", "SDG letter code of Almaty city"),
        ("KZALM", "190000000", "SDG letter code of Almaty region"),
        ("KZYUZ", "610000000", "SDG letter code of Turkistan"),
        ("Алматы", "190000000", "Kazakh BNS label of Almaty region"),
        ("Алматы қаласы", "750000000", "Kazakh BNS label of Almaty city"),
        (
            "город Алматы",
            "750000000",
            "Russian label of Almaty city (higher_education_2022_ru.pdf)",
        ),
        ("East Kazakhstan Region", "630000000", "the paper's English name"),
    ],
)
def test_label_traits(registry, label, kato, trait):
    assert registry.resolve(label, "test") == kato, trait


def test_unknown_label_error_names_label_and_file(registry):
    with pytest.raises(InputError) as err:
        registry.resolve("Atlantis Region", "grp_by_region_bns_en.xlsx, sheet 2008-2023, row 12")
    msg = str(err.value)
    assert "Atlantis Region" in msg and "grp_by_region_bns_en.xlsx, sheet 2008-2023, row 12" in msg
    assert "\n" not in msg


def test_normalise_label():
    assert normalise_label("  Шығыс  Қазақстан ") == "шығыс қазақстан"
    assert normalise_label("Туркестанская2)") == "туркестанская"
    assert normalise_label("Кaragandy") == "karagandy"
    # a Cyrillic word keeps its Cyrillic letters
    assert normalise_label("Карагандинская") == "карагандинская"


def test_ambiguous_alias_is_refused(tmp_path, root):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "alias,kato,language,seen_in\nAlmaty,750000000,en,a\nAlmaty,190000000,en,b\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="ambiguous"):
        load_registry(root / "resources" / "regions.csv", aliases)


def test_national_code(registry):
    assert registry.resolve("Қазақстан Республикасы", "x") == NATIONAL
    assert registry.resolve("Republic of Kazakhstan", "x") == NATIONAL


def test_a_unit_with_successors_ends_when_they_are_created(registry):
    """South Kazakhstan ended in 2018, when Turkistan and Shymkent were created; no other unit ends."""
    assert registry.ended == {"510000000": 2018}
